// Package analyzers is the zmqlint suite: the list of user-facing
// analyzers, in the order drivers should show them.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/lifecycle"
	"github.com/zmqlint/zmqlint/passes/multipart"
	"github.com/zmqlint/zmqlint/passes/sockshare"
	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

// All returns the user-facing analyzers. Each call returns the same
// analyzer values; callers must not modify them.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		lifecycle.Analyzer,
		zerocopy.Analyzer,
		multipart.Analyzer,
		sockshare.Analyzer,
	}
}
