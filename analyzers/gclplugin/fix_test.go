package gclplugin

import (
	"go/ast"
	"go/token"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// twoOnALine reports, at the package clause of each file, two findings on
// one line, each with two alternative fixes and related positions, like a
// check that offers a safe and a less safe edit.
var twoOnALine = &analysis.Analyzer{
	Name: "twofixes",
	Doc:  "test analyzer with two findings on a line, each with two alternative fixes",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			for _, msg := range []string{"first", "second"} {
				pass.Report(analysis.Diagnostic{
					Pos:      f.Package,
					Category: "cat",
					Message:  msg,
					Related:  []analysis.RelatedInformation{{Pos: f.Package, Message: msg + " is related here"}},
					SuggestedFixes: []analysis.SuggestedFix{
						{Message: "Do the safe thing for " + msg},
						{Message: "Do the other thing for " + msg},
					},
				})
			}
		}
		return nil, nil
	},
}

// TestSuiteOutputSurvivesDefaults runs the plugin's analyzer the way
// golangci-lint does (collector first, its result handed on) and checks
// what golangci-lint's defaults need: no related positions, one issue per
// line carrying every message and the first fix only, codes in messages.
func TestSuiteOutputSurvivesDefaults(t *testing.T) {
	fset := token.NewFileSet()
	tf := fset.AddFile("a.go", -1, 100)
	tf.SetLines([]int{0, 50})
	file := &ast.File{Package: tf.Pos(0), Name: ast.NewIdent("p")}

	cs := collectors([]*analysis.Analyzer{twoOnALine}, nil)
	s := suite(cs)
	if s.Name != Name || len(s.Requires) != 1 || s.Requires[0].Name != twoOnALine.Name {
		t.Fatalf("suite: %s requiring %v", s.Name, s.Requires)
	}
	res, err := cs[0].Run(&analysis.Pass{Analyzer: cs[0], Fset: fset, Files: []*ast.File{file},
		Report: func(analysis.Diagnostic) { t.Error("a collector reported a diagnostic itself") }})
	if err != nil {
		t.Fatal(err)
	}
	var got []analysis.Diagnostic
	_, err = s.Run(&analysis.Pass{Analyzer: s, Fset: fset, Files: []*ast.File{file},
		ResultOf: map[*analysis.Analyzer]any{cs[0]: res},
		Report:   func(d analysis.Diagnostic) { got = append(got, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d diagnostics for one line, want 1: %+v", len(got), got)
	}
	d := got[0]
	if want := "first (twofixes/cat); and on this line: second (twofixes/cat)"; d.Message != want {
		t.Errorf("message = %q, want %q", d.Message, want)
	}
	if len(d.Related) != 0 {
		t.Errorf("related positions reach golangci-lint: %v", d.Related)
	}
	var fixes []string
	for _, f := range d.SuggestedFixes {
		fixes = append(fixes, f.Message)
	}
	if !slices.Equal(fixes, []string{"Do the safe thing for first"}) {
		t.Errorf("fixes = %v, want only the first fix of the first finding", fixes)
	}
}

func TestOneLineEach(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("a.go", -1, 30)
	a.SetLines([]int{0, 10, 20})
	b := fset.AddFile("b.go", -1, 30)
	b.SetLines([]int{0, 10, 20})
	diags := []analysis.Diagnostic{
		{Pos: b.Pos(1), Message: "b1"},
		{Pos: a.Pos(12), Message: "a2 later"},
		{Pos: a.Pos(11), Message: "a2"},
		{Pos: a.Pos(1), Message: "a1"},
		{Pos: a.Pos(21), Message: "a3", SuggestedFixes: []analysis.SuggestedFix{{Message: "fix a3"}}},
		{Pos: a.Pos(22), Message: "a3 later", SuggestedFixes: []analysis.SuggestedFix{{Message: "fix a3 later"}}},
	}
	var got []string
	for _, d := range oneLineEach(fset, diags) {
		s := d.Message
		for _, f := range d.SuggestedFixes {
			s += " [" + f.Message + "]"
		}
		got = append(got, s)
	}
	want := []string{"a1", "a2; and on this line: a2 later", "a3; and on this line: a3 later [fix a3]", "b1"}
	if !slices.Equal(got, want) {
		t.Errorf("oneLineEach:\ngot  %q\nwant %q", got, want)
	}
}
