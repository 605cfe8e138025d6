// Package suppress implements zmqlint's ignore directive inside the
// analyzers, so that it works in every driver (go vet, the standalone
// binary, golangci-lint, and any future gopls host):
//
//	//zmqlint:ignore lifecycle,zerocopy the socket is closed by the pool
//
// A directive on a line of its own silences the named checks on the next
// line; at the end of a line, on that line; in a function's doc comment, in
// the whole function. The reason is mandatory. A directive that names no
// known check, has no reason, or silences nothing is itself reported, by
// the check it names (unknown names by the lifecycle check).
package suppress

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/edit"
)

// Prefix starts a directive comment.
const Prefix = "//zmqlint:ignore"

// URL documents the directive.
const URL = "https://github.com/zmqlint/zmqlint/blob/main/docs/suppress.md"

// Checks are the names a directive may use.
var Checks = []string{"lifecycle", "zerocopy", "multipart", "sockshare"}

type directive struct {
	pos        token.Pos
	comment    *ast.Comment
	checks     []string
	reason     string
	file       *token.File
	fromLine   int // lines [fromLine, toLine] are silenced
	toLine     int
	used       bool
	unknown    []string
	mentionsMe bool
}

// Reporter filters one check's diagnostics through the directives of the
// package and reports what is left.
type Reporter struct {
	pass  *analysis.Pass
	check string
	dirs  []*directive
	diags []analysis.Diagnostic
}

// New reads the directives of pass's files that concern check.
func New(pass *analysis.Pass, check string) *Reporter {
	r := &Reporter{pass: pass, check: check}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil {
			continue
		}
		funcDocs := map[*ast.CommentGroup]*ast.FuncDecl{}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Doc != nil {
				funcDocs[fd.Doc] = fd
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if !strings.HasPrefix(c.Text, Prefix) {
					continue
				}
				d := parse(c, tf)
				if fd := funcDocs[cg]; fd != nil {
					d.fromLine, d.toLine = realLine(tf, fd.Pos()), realLine(tf, fd.End())
				}
				for _, name := range d.checks {
					if name == check {
						d.mentionsMe = true
					}
				}
				r.dirs = append(r.dirs, d)
			}
		}
	}
	return r
}

func parse(c *ast.Comment, tf *token.File) *directive {
	rest := strings.TrimPrefix(c.Text, Prefix)
	d := &directive{pos: c.Pos(), comment: c, file: tf}
	line := realLine(tf, c.Pos())
	d.fromLine, d.toLine = line, line+1
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return d // "//zmqlint:ignorefoo": malformed, no checks
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return d
	}
	for _, name := range strings.Split(fields[0], ",") {
		if name == "" {
			continue
		}
		d.checks = append(d.checks, name)
		if !known(name) {
			d.unknown = append(d.unknown, name)
		}
	}
	d.reason = strings.Join(fields[1:], " ")
	return d
}

func known(name string) bool {
	for _, c := range Checks {
		if c == name {
			return true
		}
	}
	return false
}

// Report records d, unless a valid directive for this check silences it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	tf := r.pass.Fset.File(d.Pos)
	if tf != nil {
		line := realLine(tf, d.Pos)
		for _, dir := range r.dirs {
			if dir.file == tf && dir.mentionsMe && dir.reason != "" && dir.fromLine <= line && line <= dir.toLine {
				dir.used = true
				return
			}
		}
	}
	r.diags = append(r.diags, d)
}

// realLine is pos's line in the file as written: a directive silences
// the next line of the text, whatever a //line directive says it is.
func realLine(tf *token.File, pos token.Pos) int { return tf.PositionFor(pos, false).Line }

// Finish hands report the diagnostics that were not silenced and the
// directives of this check that are malformed or unused, in position
// order.
func (r *Reporter) Finish(report func(analysis.Diagnostic)) {
	for _, dir := range r.dirs {
		switch {
		case dir.mentionsMe && dir.reason == "":
			r.diags = append(r.diags, analysis.Diagnostic{
				Pos: dir.pos, Category: "directive", URL: URL + "#directive",
				Message: fmt.Sprintf("zmqlint:ignore directive for %s has no reason: write why the finding does not apply after the check names", r.check),
			})
		case dir.mentionsMe && !dir.used:
			d := analysis.Diagnostic{
				Pos: dir.pos, Category: "directive", URL: URL + "#directive",
				Message: fmt.Sprintf("zmqlint:ignore directive for %s silences nothing here: remove it", r.check),
			}
			if f := edit.FileOf(r.pass, dir.pos); f != nil {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   "Remove the unused zmqlint:ignore directive",
					TextEdits: []analysis.TextEdit{f.DeleteComment(dir.comment)},
				}}
			}
			r.diags = append(r.diags, d)
		case r.check == Checks[0] && (len(dir.unknown) > 0 || len(dir.checks) == 0):
			r.diags = append(r.diags, analysis.Diagnostic{
				Pos: dir.pos, Category: "directive", URL: URL + "#directive",
				Message: fmt.Sprintf("zmqlint:ignore directive names no known check (%s): use one or more of %s, comma-separated, then a reason",
					strings.Join(dir.unknown, ","), strings.Join(Checks, ",")),
			})
		}
	}
	sort.SliceStable(r.diags, func(i, j int) bool { return r.diags[i].Pos < r.diags[j].Pos })
	for _, d := range r.diags {
		report(d)
	}
}
