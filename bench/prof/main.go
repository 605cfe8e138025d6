// Command prof runs the zmqlint suite under x/tools' multichecker, whose
// standalone driver has -cpuprofile, -memprofile, -trace and -debug=tp
// (per-action timings). It loads and analyzes packages the way
// cmd/zmqlint does standalone (go/packages LoadAllSyntax, because the
// checks have facts, then checker.Analyze), so its profile is the one to
// read for standalone cost.
//
//	go build -o prof ./bench/prof && ./prof -cpuprofile cpu.out ./...
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/zmqlint/zmqlint/analyzers"
)

func main() { multichecker.Main(analyzers.All()...) }
