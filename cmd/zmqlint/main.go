// Command zmqlint finds ZeroMQ message-lifetime bugs in Go code.
//
// Standalone:
//
//	zmqlint [flags] packages...
//
// As a vet tool:
//
//	go vet -vettool=$(command -v zmqlint) ./...
//
// Run "zmqlint help" for the list of checks and "zmqlint help NAME" for
// one check's documentation.
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/zmqlint/zmqlint/analyzers"
)

func main() {
	multichecker.Main(analyzers.All()...)
}
