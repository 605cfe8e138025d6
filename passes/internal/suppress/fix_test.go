package suppress_test

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/internal/suppress"
)

// zerocopy is a stand-in check named like a real one: it reports every
// call of a function named bad, through the directive filter.
var zerocopy = &analysis.Analyzer{
	Name: "zerocopy",
	Doc:  "reports calls of bad",
	Run: func(pass *analysis.Pass) (any, error) {
		r := suppress.New(pass, "zerocopy", nil)
		for _, f := range pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "bad" {
						r.Report(analysis.Diagnostic{Pos: call.Pos(), Message: "bad call"})
					}
				}
				return true
			})
		}
		r.Finish(pass.Report)
		return nil, nil
	},
}

// TestUnusedDirectiveFix: the fix for a directive that silences nothing
// for this check removes only this check's name when it names others,
// whose findings it may still silence.
func TestUnusedDirectiveFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), zerocopy, "a")
}
