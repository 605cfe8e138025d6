// Command zmqlint finds ZeroMQ socket, context and message-lifetime bugs in
// Go code.
//
// Standalone:
//
//	zmqlint [flags] packages...
//
// As a vet tool:
//
//	go vet -vettool=$(command -v zmqlint) ./...
//
// Run "zmqlint -help" for the flags and exit codes, "zmqlint help" for the
// list of checks and "zmqlint help NAME" for one check's documentation.
// docs/cli.md has the details.
package main

import (
	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/driver"
)

func main() {
	driver.Main(analyzers.All())
}
