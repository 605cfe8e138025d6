package suppress

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/registry"
)

const src = `package p

func a() {
	//zmqlint:ignore lifecycle the pool closes it
	x := 1 // line 5
	_ = x
	y := 2 //zmqlint:ignore lifecycle/leaked-socket,zerocopy closed by the pool
	_ = y
	//zmqlint:ignore lifecycle
	z := 3 // line 10
	_ = z
	//zmqlint:ignore lifecycle/use-after-close nothing to silence here
	//zmqlint:ignore lifecylce,sockshare/nosuch typos
	//zmqlint:ignore
	//zmqlint:ignorelifecycle glued
}

// b is silenced as a whole.
//
//zmqlint:ignore lifecycle the process exits right after
func b() {
	_ = 1 // line 22
}
`

// fakePass parses src into a pass whose Report appends to *got.
func fakePass(t *testing.T, got *[]analysis.Diagnostic) (*analysis.Pass, *token.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return &analysis.Pass{
		Fset:   fset,
		Files:  []*ast.File{f},
		Report: func(d analysis.Diagnostic) { *got = append(*got, d) },
		ReadFile: func(name string) ([]byte, error) {
			if name != "p.go" {
				return nil, os.ErrNotExist
			}
			return []byte(src), nil
		},
	}, fset.File(f.Pos())
}

func at(tf *token.File, line int, cat string) analysis.Diagnostic {
	return analysis.Diagnostic{Pos: tf.LineStart(line) + 1, Category: cat, Message: cat + " on line " + itoa(line)}
}

// itoa is a two-digit line number, so that the lists sort as they read.
func itoa(i int) string { return fmt.Sprintf("%02d", i) }

func lines(tf *token.File, ds []analysis.Diagnostic) []string {
	var out []string
	for _, d := range ds {
		cat, shape := registry.SplitShapeCategory(d.Category) // report.Flush takes the no-fix mark off
		if shape != "" {
			cat += " (no fix: " + shape + ")"
		}
		out = append(out, itoa(tf.Line(d.Pos))+" "+cat+": "+d.Message)
	}
	return out
}

func TestReporter(t *testing.T) {
	var got []analysis.Diagnostic
	pass, tf := fakePass(t, &got)
	r := New(pass, "lifecycle", nil)
	for _, d := range []analysis.Diagnostic{
		at(tf, 5, "leaked-socket"),   // silenced by the line above
		at(tf, 7, "leaked-socket"),   // silenced by its category, same line
		at(tf, 7, "use-after-close"), // not that category
		at(tf, 10, "leaked-socket"),  // the directive has no reason
		at(tf, 22, "linger-unit"),    // the function's doc silences it
	} {
		r.Report(d)
	}
	quiet := r.Finish(pass.Report)
	want := []string{
		"07 use-after-close: use-after-close on line 07",
		"09 directive (no fix: no-reason): zmqlint:ignore directive for lifecycle has no reason: write why the finding does not apply after the check names",
		"10 leaked-socket: leaked-socket on line 10",
		"12 directive: zmqlint:ignore directive for lifecycle/use-after-close silences nothing here: remove it",
	}
	if g := lines(tf, got); !slices.Equal(g, want) {
		t.Errorf("reported:\n%s\nwant:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
	var reasons []string
	for _, q := range quiet {
		reasons = append(reasons, itoa(tf.Line(q.Diagnostic.Pos))+" "+q.Reason)
	}
	if want := []string{"05 the pool closes it", "07 closed by the pool", "22 the process exits right after"}; !slices.Equal(reasons, want) {
		t.Errorf("suppressed = %q, want %q", reasons, want)
	}
	// The unused directive names only lifecycle: its fix deletes it.
	for _, d := range got {
		if strings.Contains(d.Message, "silences nothing") && len(d.SuggestedFixes) != 1 {
			t.Errorf("unused directive without a removal fix: %+v", d)
		}
	}
}

// TestReporterSharedDirectiveRemovesOnlyItsName: a directive that names
// another check too is not deleted (the other check may still use it);
// its fix removes this check's name only.
func TestReporterSharedDirectiveRemovesOnlyItsName(t *testing.T) {
	var got []analysis.Diagnostic
	pass, tf := fakePass(t, &got)
	r := New(pass, "zerocopy", nil)
	r.Finish(pass.Report)
	// Line 7 names lifecycle/leaked-socket too: deleting the comment
	// would undo lifecycle's part.
	if g := lines(tf, got); !slices.Equal(g, []string{"07 directive: zmqlint:ignore directive for zerocopy silences nothing here: remove it"}) {
		t.Fatalf("reported %q", g)
	}
	if len(got[0].SuggestedFixes) != 1 || len(got[0].SuggestedFixes[0].TextEdits) != 1 {
		t.Fatalf("fixes: %+v", got[0].SuggestedFixes)
	}
	e := got[0].SuggestedFixes[0].TextEdits[0]
	fixed := src[:tf.Offset(e.Pos)] + string(e.NewText) + src[tf.Offset(e.End):]
	if want := "y := 2 //zmqlint:ignore lifecycle/leaked-socket closed by the pool\n"; !strings.Contains(fixed, want) {
		t.Errorf("fixed source lacks %q:\n%s", want, fixed)
	}
}

func TestReporterCategoryOff(t *testing.T) {
	var got []analysis.Diagnostic
	pass, tf := fakePass(t, &got)
	r := New(pass, "lifecycle", func(cat string) bool { return cat != "leaked-socket" && cat != "directive" })
	r.Report(at(tf, 5, "leaked-socket")) // silenced: the directive is used, the finding not kept
	r.Report(at(tf, 10, "leaked-socket"))
	r.Report(at(tf, 10, "use-after-close"))
	quiet := r.Finish(pass.Report)
	if g := lines(tf, got); !slices.Equal(g, []string{"10 use-after-close: use-after-close on line 10"}) {
		t.Errorf("reported %q", g)
	}
	if len(quiet) != 0 {
		t.Errorf("suppressed findings of a category that is off: %v", quiet)
	}
}

func TestUnknown(t *testing.T) {
	var got []analysis.Diagnostic
	pass, tf := fakePass(t, &got)
	var msgs []string
	for _, d := range Unknown(pass) {
		if d.Category != "unknown-check" || !strings.HasSuffix(d.URL, "suppress.md#unknown-check") {
			t.Errorf("category %q, URL %q", d.Category, d.URL)
		}
		msgs = append(msgs, itoa(tf.Line(d.Pos))+" "+strings.SplitN(d.Message, ":", 3)[1])
	}
	want := []string{
		"13 ignore directive names no known check (lifecylce,sockshare/nosuch)",
		"14 ignore directive names no known check ()",
		"15 ignore directive names no known check ()",
	}
	if !slices.Equal(msgs, want) {
		t.Errorf("Unknown:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
