// Package report is what every zmqlint check does with its diagnostics
// and its documentation: one funnel that links each diagnostic to its docs
// section, applies the //zmqlint:ignore directives and reports in position
// order; and the Analyzer Doc taken from the check's doc.go.
package report

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/suppress"
)

// Flush reports diags for pass's analyzer: each without a URL gets
// url#category (the category is a heading of the check's docs page), then
// they go through the package's ignore directives, sorted by position.
// Every fix (the directives' own included) is placed by edit.Finalizer
// last: no edit reaches a generated file or cgo's copy of a file, and
// every edit names the file the user edits.
func Flush(pass *analysis.Pass, url string, diags []analysis.Diagnostic) {
	sup := suppress.New(pass, pass.Analyzer.Name)
	for _, d := range diags {
		if d.URL == "" {
			d.URL = url + "#" + d.Category
		}
		sup.Report(d)
	}
	fin := edit.NewFinalizer(pass)
	sup.Finish(func(d analysis.Diagnostic) {
		if len(d.SuggestedFixes) > 0 {
			d.SuggestedFixes = fin.Fixes(d.SuggestedFixes)
		}
		pass.Report(d)
	})
}

// Doc returns the text of the "# Analyzer <name>" section of a check's
// doc.go source (embedded with go:embed), without comment markers: the
// Analyzer's Doc, whose first line is its one-line summary.
func Doc(src, name string) string {
	start := strings.Index(src, "# Analyzer "+name)
	end := strings.Index(src, "\npackage "+name)
	if start < 0 || end < start {
		return name + ": see https://github.com/zmqlint/zmqlint/blob/main/docs/" + name + ".md"
	}
	lines := strings.Split(src[start:end], "\n")[1:]
	for i, l := range lines {
		l = strings.TrimPrefix(l, "//")
		lines[i] = strings.TrimPrefix(l, " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
