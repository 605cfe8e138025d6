// Package report is what every zmqlint check does with its diagnostics
// and its documentation: one funnel that links each diagnostic to its docs
// section, caps its related positions, drops the categories turned off by
// the analyzer's flags, applies the //zmqlint:ignore directives and
// reports in position order; and the Analyzer Doc taken from the check's
// doc.go.
package report

import (
	"fmt"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/suppress"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// MaxRelated is how many related positions a diagnostic keeps. A longer
// list keeps the first MaxRelated and one more entry, at the position of
// the next, saying how many were left out: one function with 2,000
// leaking sockets otherwise printed 62,580 related lines, one per later
// return for each leak, in text, JSON and SARIF alike.
const MaxRelated = 3

// ResultType is the ResultType of every check's Analyzer:
// *registry.Result, the findings its directives silenced.
var ResultType = reflect.TypeFor[*registry.Result]()

// Flush reports diags for pass's analyzer: each without a URL gets the
// docs URL of its category (registry.URL), its related positions are
// capped (MaxRelated), the categories whose flag is false are dropped,
// and the rest go through the package's ignore directives, sorted by
// position. Every fix (the directives' own included) is placed by
// edit.Finalizer last: no edit reaches a generated file or cgo's copy of
// a file, and every edit names the file the user edits. It returns the
// check's result.
func Flush(pass *analysis.Pass, diags []analysis.Diagnostic) *registry.Result {
	check := pass.Analyzer.Name
	enabled := func(category string) bool { return registry.Enabled(&pass.Analyzer.Flags, category) }
	sup := suppress.New(pass, check, enabled)
	var noFix []registry.NoFixShape
	shapes := map[shapeKey]string{}
	for _, d := range diags {
		d, shape := registry.SplitShape(d)
		if shape != "" {
			shapes[shapeKey{d.Pos, d.Category, d.Message}] = shape
		}
		if d.URL == "" {
			d.URL = registry.URL(check, d.Category)
		}
		d.Related = CapRelated(d.Related)
		sup.Report(d)
	}
	fin := edit.NewFinalizer(pass)
	quiet := sup.Finish(func(d analysis.Diagnostic) {
		d, shape := registry.SplitShape(d) // the directives' own
		if s, ok := shapes[shapeKey{d.Pos, d.Category, d.Message}]; ok {
			shape = s
		}
		if len(d.SuggestedFixes) > 0 {
			d.SuggestedFixes = fin.Fixes(d.SuggestedFixes)
		}
		if len(d.SuggestedFixes) == 0 && shape != "" {
			noFix = append(noFix, registry.NoFixShape{Pos: d.Pos, Category: d.Category, Message: d.Message, Shape: shape})
		}
		pass.Report(d)
	})
	return &registry.Result{Suppressed: quiet, NoFix: noFix}
}

// shapeKey identifies a diagnostic between the check's list and the
// suppressor's output, which may reorder it.
type shapeKey struct {
	pos      token.Pos
	category string
	message  string
}

// NoFix marks d as reported without a suggested fix on purpose, in the
// named shape (registry.NoFix): every diagnostic a check reports without
// a fix goes through it, with a shape that docs/<check>.md lists with the
// reason no edit is safe, and internal/robust's TestFixCoverage fails on
// a fixless finding of a shape it does not list. The category users see
// does not change.
func NoFix(d analysis.Diagnostic, shape string) analysis.Diagnostic {
	return registry.NoFix(d, shape)
}

// CapRelated returns related with at most MaxRelated+1 entries: when
// there are more, the first MaxRelated and one that says how many more
// there are, at the position of the first one left out.
func CapRelated(related []analysis.RelatedInformation) []analysis.RelatedInformation {
	if len(related) <= MaxRelated+1 {
		return related
	}
	out := make([]analysis.RelatedInformation, MaxRelated, MaxRelated+1)
	copy(out, related[:MaxRelated])
	next := related[MaxRelated]
	return append(out, analysis.RelatedInformation{
		Pos: next.Pos, End: next.End,
		Message: fmt.Sprintf("and %d more like these", len(related)-MaxRelated),
	})
}

// Doc returns the text of the "# Analyzer <name>" section of a check's
// doc.go source (embedded with go:embed), without comment markers: the
// Analyzer's Doc, whose first line is its one-line summary.
func Doc(src, name string) string {
	start := strings.Index(src, "# Analyzer "+name)
	end := strings.Index(src, "\npackage "+name)
	if start < 0 || end < start {
		return name + ": see " + registry.URL(name, "")
	}
	lines := strings.Split(src[start:end], "\n")[1:]
	for i, l := range lines {
		l = strings.TrimPrefix(l, "//")
		lines[i] = strings.TrimPrefix(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
