package gclplugin

import (
	"go/ast"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
)

// twoFixes reports every file with two alternative fixes, like a check
// that offers a safe and a less safe edit.
var twoFixes = &analysis.Analyzer{
	Name:     "twofixes",
	Doc:      "test analyzer with two alternative fixes",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			pass.Report(analysis.Diagnostic{
				Pos:     f.Package,
				Message: "file " + f.Name.Name,
				SuggestedFixes: []analysis.SuggestedFix{
					{Message: "Do the safe thing"},
					{Message: "Do the other thing"},
				},
			})
		}
		return nil, nil
	},
}

func TestFirstFixOnly(t *testing.T) {
	w := firstFixOnly(twoFixes)
	if w.Name != twoFixes.Name || len(w.Requires) != 1 {
		t.Fatalf("wrapper changed the analyzer's identity: %+v", w)
	}
	var got [][]string
	pass := &analysis.Pass{
		Analyzer: w,
		Files:    []*ast.File{{Name: ast.NewIdent("p")}},
		Report: func(d analysis.Diagnostic) {
			var msgs []string
			for _, f := range d.SuggestedFixes {
				msgs = append(msgs, f.Message)
			}
			got = append(got, msgs)
		},
	}
	if _, err := w.Run(pass); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0]) != 1 || got[0][0] != "Do the safe thing" {
		t.Errorf("fixes reported through the wrapper = %v, want only the first", got)
	}
}
