package report_test

import (
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/lifecycle"
	"github.com/zmqlint/zmqlint/passes/registry"
)

func TestCapRelated(t *testing.T) {
	rel := func(n int) []analysis.RelatedInformation {
		var r []analysis.RelatedInformation
		for i := range n {
			r = append(r, analysis.RelatedInformation{Pos: token.Pos(10 + i), Message: fmt.Sprintf("r%d", i)})
		}
		return r
	}
	for n := 0; n <= report.MaxRelated+1; n++ {
		if got := report.CapRelated(rel(n)); len(got) != n {
			t.Errorf("%d related: kept %d, want all", n, len(got))
		}
	}
	got := report.CapRelated(rel(2000))
	if len(got) != report.MaxRelated+1 {
		t.Fatalf("2000 related: kept %d, want %d", len(got), report.MaxRelated+1)
	}
	for i := range report.MaxRelated {
		if got[i].Message != fmt.Sprintf("r%d", i) {
			t.Errorf("entry %d = %q, want the original", i, got[i].Message)
		}
	}
	last := got[report.MaxRelated]
	if last.Message != fmt.Sprintf("and %d more like these", 2000-report.MaxRelated) || last.Pos != token.Pos(10+report.MaxRelated) {
		t.Errorf("last entry = %+v, want the count at the first position left out", last)
	}
	in := rel(10)
	report.CapRelated(in)
	if in[report.MaxRelated].Message != fmt.Sprintf("r%d", report.MaxRelated) {
		t.Errorf("CapRelated modified its argument")
	}
}

// TestManyLeaksBoundedOutput is the regression test of the output
// explosion (issue 19 item 3): one function creating n sockets, each
// leaked by every later return, gave each leak n related positions. The
// generator writes that function; every diagnostic must keep at most
// MaxRelated+1.
func TestManyLeaksBoundedOutput(t *testing.T) {
	const n = 200
	dir := t.TempDir()
	stub := testutil.Resolve(t, "github.com/pebbe/zmq4")
	if err := os.CopyFS(filepath.Join(dir, "src", "github.com", "pebbe", "zmq4"), os.DirFS(stub)); err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	src.WriteString("package many\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc many(k int) {\n")
	for i := range n {
		fmt.Fprintf(&src, "\ts%d, _ := zmq.NewSocket(zmq.PUSH) // want `socket s%d is not closed on all paths`\n", i, i)
		fmt.Fprintf(&src, "\ts%d.Send(\"x\", 0)\n\tif k == %d {\n\t\treturn\n\t}\n", i, i)
	}
	src.WriteString("}\n")
	if err := os.MkdirAll(filepath.Join(dir, "src", "many"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "src", "many", "many.go"), []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, dir, lifecycle.Analyzer, "many")
	diags, related := 0, 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			diags++
			related += len(d.Related)
			if len(d.Related) > report.MaxRelated+1 {
				t.Errorf("%s: %d related positions, want at most %d", d.Message, len(d.Related), report.MaxRelated+1)
			}
		}
	}
	if diags != n {
		t.Errorf("%d diagnostics, want %d", diags, n)
	}
	t.Logf("%d leaks: %d related positions (uncapped: %d)", diags, related, n*(n+1)/2)
}

func TestDoc(t *testing.T) {
	src := "// Package x does x.\n//\n// # Analyzer x\n//\n// x: find x\n//\n// More about x.\npackage x\n"
	if got, want := report.Doc(src, "x"), "x: find x\n\nMore about x."; got != want {
		t.Errorf("Doc = %q, want %q", got, want)
	}
	if got := report.Doc("package y\n", "y"); !strings.Contains(got, "docs/y.md") {
		t.Errorf("Doc without the section = %q, want a pointer to the docs", got)
	}
}

// TestNoFixMark: the no-fix shape rides on the category only until the
// funnel takes it off; a second mark replaces the first.
func TestNoFixMark(t *testing.T) {
	d := analysis.Diagnostic{Pos: 7, Category: "shared-socket", Message: "m"}
	marked := report.NoFix(report.NoFix(d, "first"), "loop-goroutines")
	got, shape := registry.SplitShape(marked)
	if got.Category != "shared-socket" || shape != "loop-goroutines" {
		t.Errorf("SplitShape = %q, %q; want the category back and the last shape", got.Category, shape)
	}
	if _, shape := registry.SplitShape(d); shape != "" {
		t.Errorf("an unmarked diagnostic has shape %q", shape)
	}
}
