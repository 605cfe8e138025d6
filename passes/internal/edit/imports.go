package edit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Import returns the name under which file af refers to package path at
// pos, and the edits that add the import when af lacks it. ok is false
// when that name, written at pos, would resolve to something other than
// the package (a local variable, parameter or package-level object named
// like it, or an import of another package under that name): the edited
// code would not compile. Every fix that writes a qualified identifier
// uses it.
//
// A new import goes where goimports would put it: into the standard
// library group of the first import block (sorted within the group), or
// as a new first group of that block when it has none; a lone
// "import "x"" declaration becomes a block. The "C" import of cgo is never
// touched.
func Import(pass *analysis.Pass, af *ast.File, path string, pos token.Pos) (name string, edits []analysis.TextEdit, ok bool) {
	name, found := importedName(pass, af, path)
	if name == "" {
		return "", nil, false
	}
	if !refersToPackage(pass, name, path, pos) {
		return "", nil, false
	}
	if found {
		return name, nil, true
	}
	f := FileOf(pass, af.Pos())
	if f == nil {
		return "", nil, false
	}
	e, ok := f.addImport(af, path)
	if !ok {
		return "", nil, false
	}
	return name, []analysis.TextEdit{e}, true
}

// importedName returns the name under which af imports path, with found
// true; or, when af does not import it, the name an import would bring.
func importedName(pass *analysis.Pass, af *ast.File, path string) (string, bool) {
	for _, imp := range af.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != path {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				continue
			}
			return imp.Name.Name, true
		}
		for _, pkg := range pass.Pkg.Imports() {
			if pkg.Path() == path {
				return pkg.Name(), true
			}
		}
		return lastElem(path), true
	}
	return lastElem(path), false
}

// refersToPackage reports whether name, written at pos, denotes the
// package path (an existing import) or nothing at all (so that an import
// added to the file makes it denote the package).
func refersToPackage(pass *analysis.Pass, name, path string, pos token.Pos) bool {
	scope := pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, obj := scope.LookupParent(name, pos)
	if obj == nil {
		// A file-scope object of another file (another import named
		// so) does not clash; a package-level one would have been found.
		return true
	}
	pn, isPkg := obj.(*types.PkgName)
	return isPkg && pn.Imported().Path() == path
}

func lastElem(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// isStd reports whether path is a standard library path, as goimports
// decides it: no dot in the first element.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func specPath(s ast.Spec) string {
	p, _ := strconv.Unquote(s.(*ast.ImportSpec).Path.Value)
	return p
}

// specStart and specEnd include the spec's doc and line comments.
func specStart(s ast.Spec) token.Pos {
	is := s.(*ast.ImportSpec)
	if is.Doc != nil {
		return is.Doc.Pos()
	}
	return is.Pos()
}

func specEnd(s ast.Spec) token.Pos {
	is := s.(*ast.ImportSpec)
	if is.Comment != nil {
		return is.Comment.End()
	}
	return is.End()
}

// addImport returns the edit adding an import of path to af.
func (f *File) addImport(af *ast.File, path string) (analysis.TextEdit, bool) {
	quoted := strconv.Quote(path)
	std := isStd(path)
	var decl *ast.GenDecl
	for _, d := range af.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if len(gd.Specs) == 1 && cgoImport(gd.Specs[0].(*ast.ImportSpec)) {
			continue // cgo's import "C" keeps its own declaration and preamble
		}
		decl = gd
		break
	}
	if decl == nil {
		// No import yet: a declaration after the package clause.
		at := f.Pos(f.afterLineComment(f.tf.Offset(af.Name.End())))
		if last := lastImportDecl(af); last != nil {
			// After import "C", at the start of the next line: an edit
			// that does not touch import "C"'s line also applies to the
			// user's file when the checks see cgo's copy.
			end := f.afterLineComment(f.tf.Offset(last.End()))
			if next := f.lineEndOff(end); next < len(f.src) {
				next += len(f.eol)
				if next <= len(f.src) {
					at := f.Pos(next)
					return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines("\nimport " + quoted + "\n"))}, true
				}
			}
			at = f.Pos(end)
		}
		return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines("\n\nimport " + quoted))}, true
	}
	if !decl.Lparen.IsValid() {
		// import "fmt"  →  import ( "fmt"; "time" ), grouped.
		spec := decl.Specs[0]
		old := strings.TrimSpace(string(f.src[f.tf.Offset(spec.Pos()):f.tf.Offset(spec.End())]))
		var body string
		switch {
		case std == isStd(specPath(spec)) && path < specPath(spec):
			body = "\t" + quoted + "\n\t" + old
		case std == isStd(specPath(spec)):
			body = "\t" + old + "\n\t" + quoted
		case std:
			body = "\t" + quoted + "\n\n\t" + old
		default:
			body = "\t" + old + "\n\n\t" + quoted
		}
		return analysis.TextEdit{Pos: decl.Pos(), End: spec.End(), NewText: []byte(f.Lines("import (\n" + body + "\n)"))}, true
	}
	if len(decl.Specs) == 0 {
		return analysis.TextEdit{Pos: decl.Rparen, End: decl.Rparen, NewText: []byte(f.Lines("\n\t" + quoted + "\n"))}, true
	}
	// Split the block into groups at blank lines, as goimports does.
	var groups [][]ast.Spec
	for i, s := range decl.Specs {
		if i == 0 || f.Line(specStart(s)) > f.Line(specEnd(decl.Specs[i-1]))+1 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], s)
	}
	// The group to join: the first all-std group for a std path, the
	// last all-non-std group otherwise.
	var target []ast.Spec
	for _, g := range groups {
		all := true
		for _, s := range g {
			all = all && isStd(specPath(s)) == std
		}
		if all && (std && target == nil || !std) {
			target = g
		}
	}
	if target == nil {
		// No such group: a new one, first (std) or last (third party).
		if std {
			first := decl.Specs[0]
			at := f.Pos(f.lineStartOff(f.tf.Offset(specStart(first))))
			return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines(f.Indent(first.Pos()) + quoted + "\n\n"))}, true
		}
		last := decl.Specs[len(decl.Specs)-1]
		at := f.Pos(f.afterLineComment(f.tf.Offset(specEnd(last))))
		return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines("\n\n" + f.Indent(last.Pos()) + quoted))}, true
	}
	for _, s := range target {
		if path < specPath(s) {
			at := f.Pos(f.lineStartOff(f.tf.Offset(specStart(s))))
			if f.lineStartOff(f.tf.Offset(specStart(s))) != f.lineStartOff(f.tf.Offset(decl.Lparen)) {
				return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines(f.Indent(s.Pos()) + quoted + "\n"))}, true
			}
			// "import ("x"" on one line: insert right before the spec.
			return analysis.TextEdit{Pos: specStart(s), End: specStart(s), NewText: []byte(f.Lines(quoted + "\n\t"))}, true
		}
	}
	last := target[len(target)-1]
	at := f.Pos(f.afterLineComment(f.tf.Offset(specEnd(last))))
	return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines("\n" + f.Indent(last.Pos()) + quoted))}, true
}

// cgoImport reports whether s is cgo's import "C", or what cgo writes in
// its place in its processed copy (import _ "unsafe").
func cgoImport(s *ast.ImportSpec) bool {
	p, _ := strconv.Unquote(s.Path.Value)
	return p == "C" || p == "unsafe" && s.Name != nil && s.Name.Name == "_"
}

// lastImportDecl returns the last import declaration of af, or nil.
func lastImportDecl(af *ast.File) *ast.GenDecl {
	var last *ast.GenDecl
	for _, d := range af.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		last = gd
	}
	return last
}
