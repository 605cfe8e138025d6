// Package directive defines the always-on pass that reports
// //zmqlint:ignore directives naming no known check or category.
//
// Each check reports its own directives that have no reason or silence
// nothing; a name that is no check belongs to none of them, so it is
// reported here, and every driver runs this pass whichever checks are
// selected (the standalone driver and the golangci-lint plugin always add
// it; under go vet, selecting checks with -NAME adds -directive). A typo
// such as "lifecylce" would otherwise silence nothing without a word.
package directive

import (
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/suppress"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// Analyzer reports //zmqlint:ignore directives with unknown names.
var Analyzer = &analysis.Analyzer{
	Name: registry.Directive.Name,
	Doc: "directive: report zmqlint:ignore directives that name no known check or category\n\n" +
		"A directive such as //zmqlint:ignore lifecylce <reason> silences nothing; this pass, which runs " +
		"whichever checks are selected, reports it. The names are those of zmqlint help, or check/category.",
	URL:      registry.Directive.Page,
	Run:      run,
	Requires: []*analysis.Analyzer{zmqssa.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	// Directives are read where the checks run: in packages that can
	// touch ZeroMQ (zmqssa's gate).
	if pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result).Pkg == nil {
		return nil, nil
	}
	for _, d := range suppress.Unknown(pass) {
		pass.Report(d)
	}
	return nil, nil
}
