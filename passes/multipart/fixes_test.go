package multipart_test

import (
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/multipart"
)

// noSafeEdit lists the abandoned-multipart findings of the test packages
// that carry no fix, by function, with the reason; docs/multipart.md
// ("No safe edit") lists the same shapes.
var noSafeEdit = map[string]string{
	// A continue (or return) before a part whose flag is cleared at the
	// last index: the skip happens on other iterations too, where ending
	// the message would cut it short.
	"sndflow.skipEmpty":      "an iteration skips the guarded part",
	"sndflow.validateInLoop": "an iteration skips the guarded part",
	"sndflow.helperFlagSkip": "an iteration skips the guarded part",
	"sndflow.helperBool":     "an iteration skips the guarded part",
	"sndflow.skipLast":       "an iteration skips the guarded part",
	// The socket name means another variable at the return.
	"sndflow.shadowed": "no place for the edit",
	// The return itself sends another part.
	"sndflow.returnsPart": "no place for the edit",
	// break after a part whose flag is chosen per iteration: at the
	// break the message is open on every iteration but the last.
	"sndflow.breakAfterFlag": "open on some paths only",
	// continue of an outer loop after a run of route parts: open only
	// when the route was not empty.
	"sndflow.routeContinueOuter": "open on some paths only",
	"sndflow.routeContinue":      "open on some paths only",
}

// lenientT collects analysistest's complaints (unmatched // want lines
// of the fixed code, which no longer has the findings).
type lenientT struct{ errs []string }

func (l *lenientT) Errorf(format string, args ...any) { l.errs = append(l.errs, format) }

// TestEveryFindingHasAFix: every abandoned-multipart finding of the
// abandon, usehelpers and sndflow packages carries exactly one fix with a
// message, except the noSafeEdit shapes; the code with all fixes applied
// (the .golden files) type-checks and has no abandoned-multipart finding
// left but those.
func TestEveryFindingHasAFix(t *testing.T) {
	pkgs := []string{"multipart/abandon", "multipart/usehelpers", "multipart/sndflow"}
	var l lenientT
	before := findings(t, analysistest.Run(&l, testdata(t), multipart.Analyzer, pkgs...))
	if len(before) == 0 {
		t.Fatal("no findings")
	}
	for fn, nofix := range before {
		_, listed := noSafeEdit[fn]
		switch {
		case listed && nofix == 0:
			t.Errorf("%s: listed as no safe edit but has a fix", fn)
		case !listed && nofix > 0:
			t.Errorf("%s: a finding without a fix (add a fix, or list the shape in noSafeEdit and docs/multipart.md)", fn)
		}
	}
	for fn := range noSafeEdit {
		if _, ok := before[fn]; !ok {
			t.Errorf("%s: listed as no safe edit but not reported", fn)
		}
	}

	// The fixed code: the .golden files in place of the sources.
	files := map[string]string{}
	for _, pkg := range append(pkgs, "multipart/helpers") {
		dir := filepath.Join(testdata(t), "src", filepath.FromSlash(pkg))
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if filepath.Ext(e.Name()) != ".go" {
				continue
			}
			name := filepath.Join(dir, e.Name())
			if _, err := os.Stat(name + ".golden"); err == nil {
				name += ".golden"
			}
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			files[pkg+"/"+e.Name()] = string(data)
		}
	}
	dir := testutil.StubGOPATH(t, []string{"github.com/pebbe/zmq4", "github.com/go-zeromq/goczmq/v4"}, files)
	var l2 lenientT
	results := analysistest.Run(&l2, dir, multipart.Analyzer, pkgs...)
	if len(results) != len(pkgs) {
		t.Fatalf("the fixed code does not load: %v", l2.errs)
	}
	after := findings(t, results)
	var left []string
	for fn := range after {
		if _, listed := noSafeEdit[fn]; !listed {
			left = append(left, fn)
		}
	}
	for fn := range noSafeEdit {
		if _, ok := after[fn]; !ok {
			t.Errorf("%s: not reported in the fixed code (which does not change it)", fn)
		}
	}
	sort.Strings(left)
	if len(left) > 0 {
		t.Errorf("findings left after the fixes: %s", strings.Join(left, ", "))
	}
}

// findings maps "pkg.func" of each abandoned-multipart finding to the
// number of its findings without a fix (checking each fix has a message).
func findings(t *testing.T, results []*analysistest.Result) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range results {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Pass.Pkg.Path(), r.Err)
		}
		for _, d := range r.Diagnostics {
			if d.Category != "abandoned-multipart" {
				continue
			}
			fn := r.Pass.Pkg.Name() + "." + funcAt(r, d.Pos)
			for _, f := range d.SuggestedFixes {
				if f.Message == "" || len(f.TextEdits) == 0 {
					t.Errorf("%s: a fix without a message or edits", fn)
				}
			}
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d fixes, want one", fn, len(d.SuggestedFixes))
			}
			out[fn] += 0
			if len(d.SuggestedFixes) == 0 {
				out[fn]++
			}
		}
	}
	return out
}

func funcAt(r *analysistest.Result, pos token.Pos) string {
	for _, f := range r.Pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				return fd.Name.Name
			}
		}
	}
	return "?"
}
