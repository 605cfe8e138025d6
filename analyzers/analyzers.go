// Package analyzers is the zmqlint suite: the list of user-facing
// analyzers, in the order drivers should show them, and the passes every
// driver runs whichever of them are selected.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/directive"
	"github.com/zmqlint/zmqlint/passes/lifecycle"
	"github.com/zmqlint/zmqlint/passes/misuse"
	"github.com/zmqlint/zmqlint/passes/multipart"
	"github.com/zmqlint/zmqlint/passes/sockshare"
	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

// All returns the user-facing analyzers (the checks of passes/registry,
// in its order). Each call returns the same analyzer values; callers must
// not modify them.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		lifecycle.Analyzer,
		zerocopy.Analyzer,
		multipart.Analyzer,
		sockshare.Analyzer,
		misuse.Analyzer,
	}
}

// Always returns the passes a driver runs whatever checks are selected:
// the directive pass, which reports //zmqlint:ignore directives naming no
// known check.
func Always() []*analysis.Analyzer {
	return []*analysis.Analyzer{directive.Analyzer}
}
