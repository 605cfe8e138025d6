// Command noop is a vet tool that does nothing, built with the same
// golang.org/x/tools as zmqlint: the baseline for what go vet -vettool
// costs before any analysis. Its one analyzer has no facts, requires
// nothing and reports nothing.
//
//	go build -o noop ./bench/noop && go vet -vettool=$PWD/noop ./...
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop does nothing (zmqlint benchmark baseline)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(analyzer) }
