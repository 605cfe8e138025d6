// Command prof runs the zmqlint suite under x/tools' multichecker, whose
// standalone driver has -cpuprofile, -memprofile, -trace and -debug=tp
// (per-action timings). It loads with go/packages LoadAllSyntax and runs
// every analysis on every package: the way cmd/zmqlint loaded before it
// type-checked only the ZeroMQ closure from source (docs/performance.md,
// "Loading only the ZeroMQ closure"), so its profile over-states loading;
// for the standalone driver's own cost use zmqlint -cpuprofile and
// -memprofile.
//
//	go build -o prof ./bench/prof && ./prof -cpuprofile cpu.out ./...
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/zmqlint/zmqlint/analyzers"
)

func main() { multichecker.Main(analyzers.All()...) }
