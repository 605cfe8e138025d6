package directive

import (
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/report"
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
	URL:        registry.Directive.Page,
	Run:        run,
	ResultType: report.ResultType,
	Requires:   []*analysis.Analyzer{zmqssa.Analyzer},
}

func run(pass *analysis.Pass) (any, error) {
	// Directives are read where the checks run: in packages that can
	// touch ZeroMQ (zmqssa's gate).
	if pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result).Pkg == nil {
		return &registry.Result{}, nil
	}
	res := &registry.Result{}
	for _, d := range suppress.Unknown(pass) {
		// No fix: which check was meant is a guess (docs/suppress.md).
		if len(d.SuggestedFixes) == 0 {
			res.NoFix = append(res.NoFix, registry.NoFixShape{Pos: d.Pos, Category: d.Category, Message: d.Message, Shape: "unknown-name"})
		}
		pass.Report(d)
	}
	return res, nil
}
