package driver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

const baselineSrc = `package p

type T struct{}

func F() {
	_ = 1 // A
	_ = 2 // B
}

func (t *T) M() {
	go func() {
		_ = 3 // C
	}()
}

var v = 4 // D
`

// fakeAction returns a root action for the file src of module example.com/m
// at /m with a diagnostic at each "// X" comment named in msgs (X -> message).
func fakeAction(t *testing.T, src string, msgs map[string]string) *checker.Action {
	t.Helper()
	fset := token.NewFileSet()
	name := filepath.Join(string(filepath.Separator)+"m", "p", "p.go")
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	act := &checker.Action{
		Analyzer: &analysis.Analyzer{Name: "lifecycle"},
		Package: &packages.Package{
			Fset: fset, Syntax: []*ast.File{f}, GoFiles: []string{name},
			Module: &packages.Module{Path: "example.com/m", Dir: filepath.Join(string(filepath.Separator) + "m")},
		},
		IsRoot: true,
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			tag := strings.TrimSpace(strings.TrimPrefix(c.Text, "//"))
			if msg, ok := msgs[tag]; ok {
				act.Diagnostics = append(act.Diagnostics, analysis.Diagnostic{Pos: c.Pos(), Category: "leaked-socket", Message: msg})
			}
		}
	}
	return act
}

func TestBaselineKeys(t *testing.T) {
	same := "socket s is not closed on all paths: the return on line 9 leaks it (call Close)"
	act := fakeAction(t, baselineSrc, map[string]string{"A": same, "B": same, "C": "x on line 12", "D": "y"})
	keys := actionKeys(act)
	want := []struct {
		fn  string
		occ int
	}{{"F", 0}, {"F", 1}, {"T.M", 0}, {"", 0}}
	if len(keys) != len(want) {
		t.Fatalf("got %d keys, want %d", len(keys), len(want))
	}
	for i, w := range want {
		k := keys[i]
		if k.key.function != w.fn || k.occurrence != w.occ {
			t.Errorf("key %d: function %q occurrence %d, want %q %d", i, k.key.function, k.occurrence, w.fn, w.occ)
		}
		if k.key.module != "example.com/m" || k.key.file != "p/p.go" || k.key.rule != "lifecycle/leaked-socket" {
			t.Errorf("key %d = %+v, want module example.com/m, file p/p.go, rule lifecycle/leaked-socket", i, k.key)
		}
	}
	if keys[0].key != keys[1].key || strings.Contains(keys[0].key.message, "9") {
		t.Errorf("equal messages in one function must share a key without line numbers: %+v, %+v", keys[0].key, keys[1].key)
	}
}

// TestBaselineFilter: a baseline with one of F's two equal findings
// accepts the first and reports the second; inserting lines above keeps
// the keys; a new finding is kept.
func TestBaselineFilter(t *testing.T) {
	same := "socket s is not closed on all paths: the return on line 9 leaks it (call Close)"
	old := fakeAction(t, baselineSrc, map[string]string{"A": same, "C": "x on line 12"})
	counts := make(map[baselineKey]int)
	for k, n := range actionKeyCounts(old) {
		counts[k] = n
	}

	moved := "package p\n\n// 1\n// 2\n// 3\n// 4\n// 5\n" + strings.TrimPrefix(baselineSrc, "package p\n")
	moved = strings.Replace(moved, "line 9", "line 14", 1)
	now := fakeAction(t, moved, map[string]string{
		"A": strings.Replace(same, "line 9", "line 14", 1),
		"B": strings.Replace(same, "line 9", "line 15", 1), // a second one in F: new
		"C": "x on line 17",
		"D": "y", // new
	})
	b := &baselineFilter{counts: counts}
	accepted := b.apply(&checker.Graph{Roots: []*checker.Action{now}})
	if accepted != 2 || b.gone() != 0 {
		t.Errorf("accepted %d, gone %d; want 2 and 0", accepted, b.gone())
	}
	var kept []string
	for _, d := range now.Diagnostics {
		kept = append(kept, d.Message)
	}
	if len(kept) != 2 || !strings.Contains(kept[0], "line 15") || kept[1] != "y" {
		t.Errorf("kept %q, want the second finding in F and the one at D", kept)
	}

	// A baselined finding that was fixed counts as gone.
	fixed := fakeAction(t, baselineSrc, map[string]string{"A": same})
	b = &baselineFilter{counts: counts}
	if b.apply(&checker.Graph{Roots: []*checker.Action{fixed}}); b.gone() != 1 {
		t.Errorf("gone = %d, want 1", b.gone())
	}
}
