// Package suppress implements zmqlint's ignore directive inside the
// analyzers, so that it works in every driver (go vet, the standalone
// binary, golangci-lint, and any future gopls host):
//
//	//zmqlint:ignore lifecycle,zerocopy/modified-after-handover the pool closes it
//
// A directive names checks ("lifecycle": all its findings) or categories
// of a check ("lifecycle/leaked-socket": only those), comma-separated, then
// a mandatory reason. On a line of its own it silences the next line; at
// the end of a line, that line; in a function's doc comment, the whole
// function. A directive that has no reason or silences nothing is itself
// reported, by each check it names; one that names no known check or
// category is reported by the always-on directive pass ([Unknown]), so
// that it is reported whichever checks run. The names come from
// passes/registry.
package suppress

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// Prefix starts a directive comment.
const Prefix = "//zmqlint:ignore"

// URL documents the directive.
const URL = registry.SuppressPage

// name is one entry of a directive's list.
type name struct {
	text     string // as written
	check    string // "" if unknown
	category string // "" for the whole check
}

type directive struct {
	pos      token.Pos
	comment  *ast.Comment
	names    []name
	reason   string
	file     *token.File
	fromLine int // lines [fromLine, toLine] are silenced
	toLine   int
	used     bool
	mine     []string // the entries that name the reporter's check
}

// Reporter filters one check's diagnostics through the directives of the
// package and reports what is left.
type Reporter struct {
	pass    *analysis.Pass
	check   string
	enabled func(category string) bool
	dirs    []*directive
	diags   []analysis.Diagnostic
	quiet   []registry.Suppressed
}

// New reads the directives of pass's files that concern check. enabled
// tells which categories are on (nil: all); the diagnostics of the others
// are dropped after the directives have seen them, so that a directive for
// a category that is turned off is not reported as silencing nothing.
func New(pass *analysis.Pass, check string, enabled func(category string) bool) *Reporter {
	if enabled == nil {
		enabled = func(string) bool { return true }
	}
	r := &Reporter{pass: pass, check: check, enabled: enabled}
	for _, d := range directives(pass) {
		for _, n := range d.names {
			if n.check == check {
				d.mine = append(d.mine, n.text)
			}
		}
		if len(d.mine) > 0 {
			r.dirs = append(r.dirs, d)
		}
	}
	return r
}

// directives returns every directive of pass's files, in position order.
func directives(pass *analysis.Pass) []*directive {
	var dirs []*directive
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
				dirs = append(dirs, d)
			}
		}
	}
	return dirs
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
	for _, text := range strings.Split(fields[0], ",") {
		if text == "" {
			continue
		}
		n := name{text: text}
		if check, cat, err := registry.Parse(text); err == nil {
			n.check, n.category = check, cat
		}
		d.names = append(d.names, n)
	}
	d.reason = strings.Join(fields[1:], " ")
	return d
}

// silences reports whether dir silences a diagnostic of check with
// category.
func (dir *directive) silences(check, category string) bool {
	for _, n := range dir.names {
		if n.check == check && (n.category == "" || n.category == category) {
			return true
		}
	}
	return false
}

// Report records d, unless a valid directive for this check silences it.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if tf := r.pass.Fset.File(d.Pos); tf != nil {
		line := realLine(tf, d.Pos)
		for _, dir := range r.dirs {
			if dir.file == tf && dir.reason != "" && dir.fromLine <= line && line <= dir.toLine && dir.silences(r.check, d.Category) {
				dir.used = true
				if r.enabled(d.Category) {
					r.quiet = append(r.quiet, registry.Suppressed{Diagnostic: d, Reason: dir.reason})
				}
				return
			}
		}
	}
	if r.enabled(d.Category) {
		r.diags = append(r.diags, d)
	}
}

// realLine is pos's line in the file as written: a directive silences
// the next line of the text, whatever a //line directive says it is.
func realLine(tf *token.File, pos token.Pos) int { return tf.PositionFor(pos, false).Line }

// Finish hands report the diagnostics that were not silenced and the
// directives of this check that have no reason or are unused, in position
// order. A directive without a reason comes with the no-fix mark of shape
// "no-reason" (registry.NoFix), which report.Flush takes off. It returns the silenced diagnostics, in position order.
func (r *Reporter) Finish(report func(analysis.Diagnostic)) []registry.Suppressed {
	if r.enabled(registry.DirectiveCategory) {
		for _, dir := range r.dirs {
			names := strings.Join(dir.mine, ",")
			switch {
			case dir.reason == "":
				// No fix: the reason is the author's to write.
				r.diags = append(r.diags, registry.NoFix(analysis.Diagnostic{
					Pos: dir.pos, Category: registry.DirectiveCategory, URL: URL + "#directive",
					Message: fmt.Sprintf("zmqlint:ignore directive for %s has no reason: write why the finding does not apply after the check names", names),
				}, "no-reason"))
			case !dir.used:
				d := analysis.Diagnostic{
					Pos: dir.pos, Category: registry.DirectiveCategory, URL: URL + "#directive",
					Message: fmt.Sprintf("zmqlint:ignore directive for %s silences nothing here: remove it", names),
				}
				// Removing the comment is right only when every name in
				// it is this check's: another check may still use it, so
				// then only this check's names go.
				if f := edit.FileOf(r.pass, dir.pos); f != nil && len(dir.mine) == len(dir.names) {
					d.SuggestedFixes = []analysis.SuggestedFix{{
						Message:   "Remove the unused zmqlint:ignore directive",
						TextEdits: []analysis.TextEdit{f.DeleteComment(dir.comment)},
					}}
				} else if fix, ok := r.removeNamesFix(dir); ok {
					d.SuggestedFixes = []analysis.SuggestedFix{fix}
				}
				r.diags = append(r.diags, d)
			}
		}
	}
	sort.SliceStable(r.diags, func(i, j int) bool { return r.before(r.diags[i].Pos, r.diags[j].Pos) })
	for _, d := range r.diags {
		report(d)
	}
	sort.SliceStable(r.quiet, func(i, j int) bool { return r.before(r.quiet[i].Diagnostic.Pos, r.quiet[j].Diagnostic.Pos) })
	return r.quiet
}

// before orders positions by file name, then offset. Comparing token.Pos
// alone orders files by when they were added to the FileSet, which
// go/packages does in parallel: the order of one check's findings in two
// files of a package (and so -json output) changed from run to run.
func (r *Reporter) before(a, b token.Pos) bool {
	pa, pb := r.pass.Fset.PositionFor(a, false), r.pass.Fset.PositionFor(b, false)
	if pa.Filename != pb.Filename {
		return pa.Filename < pb.Filename
	}
	return pa.Offset < pb.Offset
}

// removeNamesFix rewrites dir's comma-separated list of names without
// this check's entries.
func (r *Reporter) removeNamesFix(dir *directive) (analysis.SuggestedFix, bool) {
	text := dir.comment.Text
	rest := strings.TrimPrefix(text, Prefix)
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return analysis.SuggestedFix{}, false
	}
	list := fields[0]
	start := len(text) - len(strings.TrimLeft(rest, " \t"))
	mine := map[string]bool{}
	for _, m := range dir.mine {
		mine[m] = true
	}
	var keep []string
	for _, n := range strings.Split(list, ",") {
		if n != "" && !mine[n] {
			keep = append(keep, n)
		}
	}
	if len(keep) == 0 {
		return analysis.SuggestedFix{}, false
	}
	pos := dir.pos + token.Pos(start)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Remove %s from the zmqlint:ignore directive", strings.Join(dir.mine, ",")),
		TextEdits: []analysis.TextEdit{{Pos: pos, End: pos + token.Pos(len(list)), NewText: []byte(strings.Join(keep, ","))}},
	}, true
}

// Unknown returns a diagnostic for each directive of pass's files that
// names no check, or a name that is no check or category of the registry:
// a typo would otherwise silence nothing without a word. The directive
// pass reports them, whichever checks run.
func Unknown(pass *analysis.Pass) []analysis.Diagnostic {
	var diags []analysis.Diagnostic
	for _, dir := range directives(pass) {
		var unknown []string
		for _, n := range dir.names {
			if n.check == "" {
				unknown = append(unknown, n.text)
			}
		}
		if len(unknown) == 0 && len(dir.names) > 0 {
			continue
		}
		diags = append(diags, analysis.Diagnostic{
			Pos: dir.pos, Category: registry.Directive.Categories[0].Name,
			URL: registry.URL(registry.Directive.Name, registry.Directive.Categories[0].Name),
			Message: fmt.Sprintf("zmqlint:ignore directive names no known check (%s): use one or more of %s (or check/category), comma-separated, then a reason",
				strings.Join(unknown, ","), strings.Join(registry.Names(), ",")),
		})
	}
	return diags
}
