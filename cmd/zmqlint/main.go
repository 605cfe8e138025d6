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
// As a language server (LSP over stdin/stdout, for editors; docs/editors.md):
//
//	zmqlint lsp
//
// Run "zmqlint -help" for the flags and exit codes, "zmqlint help" for the
// list of checks and "zmqlint help NAME" for one check's documentation.
// docs/cli.md has the details.
package main

import (
	"os"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/driver"
	"github.com/zmqlint/zmqlint/internal/lsp"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		// The protocol owns the real stdout: anything else printing to
		// os.Stdout goes to stderr (the editor's log) instead of
		// corrupting the stream.
		out := os.Stdout
		os.Stdout = os.Stderr
		os.Exit(lsp.Main(os.Args[2:], analyzers.All(), os.Stdin, out, os.Stderr))
	}
	driver.Main(analyzers.All())
}
