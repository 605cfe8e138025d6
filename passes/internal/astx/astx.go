// Package astx holds the syntax helpers zmqlint's checks share: finding
// the statement behind an SSA position, naming the variable a value was
// assigned to, and building text edits for suggested fixes.
package astx

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// File returns the file of pass that contains pos, or nil.
func File(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// Path returns the syntax path from the innermost node enclosing pos up to
// the file, or nil.
func Path(pass *analysis.Pass, pos token.Pos) []ast.Node {
	f := File(pass, pos)
	if f == nil || !pos.IsValid() {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	return path
}

// Stmt is a statement together with the statement list that holds it.
type Stmt struct {
	Stmt  ast.Stmt
	List  []ast.Stmt // the enclosing block's statements
	Index int        // Stmt == List[Index]
	Path  []ast.Node // from Stmt up to the file
}

// EnclosingStmt returns the innermost statement that contains pos and
// sits directly in a statement list (a block, case or select clause).
// Statements inside function literals are found too.
func EnclosingStmt(pass *analysis.Pass, pos token.Pos) (Stmt, bool) {
	path := Path(pass, pos)
	for i, n := range path {
		st, ok := n.(ast.Stmt)
		if !ok || i+1 >= len(path) {
			continue
		}
		var list []ast.Stmt
		switch p := path[i+1].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		default:
			continue
		}
		for j, s := range list {
			if s == st {
				return Stmt{Stmt: st, List: list, Index: j, Path: path[i:]}, true
			}
		}
	}
	return Stmt{}, false
}

// InLoop reports whether the statement is inside a for or range loop of its
// own function (not counting loops around an enclosing function literal).
func (s Stmt) InLoop() bool {
	for _, n := range s.Path[1:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// AssignedExpr returns the source text of the expression that the result
// number i of the call at pos is assigned to ("s", "n.sock"), and whether
// it is a plain identifier. It returns "" when the result is not assigned.
func AssignedExpr(pass *analysis.Pass, pos token.Pos, i int) (string, *ast.Ident) {
	path := Path(pass, pos)
	var call *ast.CallExpr
	for _, n := range path {
		if c, ok := n.(*ast.CallExpr); ok {
			call = c
			break
		}
	}
	if call == nil {
		return "", nil
	}
	for _, n := range path {
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs := n.Lhs
			if len(n.Rhs) == len(n.Lhs) {
				// a, b := f(), g(): find which right side is our call.
				for k, r := range n.Rhs {
					if ast.Unparen(r) == call {
						return exprResult(pass, lhs[k])
					}
				}
				return "", nil
			}
			if i < len(lhs) {
				return exprResult(pass, lhs[i])
			}
			return "", nil
		case *ast.ValueSpec:
			if len(n.Values) == len(n.Names) {
				for k, r := range n.Values {
					if ast.Unparen(r) == call {
						return exprResult(pass, n.Names[k])
					}
				}
				return "", nil
			}
			if i < len(n.Names) {
				return exprResult(pass, n.Names[i])
			}
			return "", nil
		case ast.Stmt, *ast.FuncLit:
			return "", nil
		}
	}
	return "", nil
}

func exprResult(pass *analysis.Pass, e ast.Expr) (string, *ast.Ident) {
	id, _ := e.(*ast.Ident)
	if id != nil && id.Name == "_" {
		return "", nil
	}
	return Text(pass, e), id
}

// Text returns the source text of node n.
func Text(pass *analysis.Pass, n ast.Node) string {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return ""
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
}

// Indent returns the leading white space of the line that holds pos.
func Indent(pass *analysis.Pass, pos token.Pos) string {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return ""
	}
	line := tf.Line(pos)
	start := tf.Offset(tf.LineStart(line))
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// InsertAfter returns an edit that adds text as a new statement after st.
// The new line goes after any comment that ends st's last line.
func InsertAfter(pass *analysis.Pass, st ast.Stmt, text string) analysis.TextEdit {
	pos := lineEnd(pass, st.End())
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte("\n" + Indent(pass, st.Pos()) + text)}
}

// lineEnd returns the position of the end of the line holding pos (before
// its newline), skipping a trailing // comment but nothing else.
func lineEnd(pass *analysis.Pass, pos token.Pos) token.Pos {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return pos
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil {
		return pos
	}
	off := tf.Offset(pos)
	rest := off
	for rest < len(src) && (src[rest] == ' ' || src[rest] == '\t') {
		rest++
	}
	if rest+1 < len(src) && src[rest] == '/' && src[rest+1] == '/' {
		for rest < len(src) && src[rest] != '\n' {
			rest++
		}
		return tf.Pos(rest)
	}
	return pos
}

// InsertBefore returns an edit that adds text as a new statement before st.
func InsertBefore(pass *analysis.Pass, st ast.Stmt, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: st.Pos(), End: st.Pos(), NewText: []byte(text + "\n" + Indent(pass, st.Pos()))}
}

// IsErrCheck reports whether st is "if <errName> != nil { ... }" (possibly
// with an else), the usual check after a call.
func IsErrCheck(st ast.Stmt, errName string) bool {
	ifs, ok := st.(*ast.IfStmt)
	if !ok || ifs.Init != nil {
		return false
	}
	bin, ok := ifs.Cond.(*ast.BinaryExpr)
	if !ok || bin.Op != token.NEQ {
		return false
	}
	x, ok1 := bin.X.(*ast.Ident)
	y, ok2 := bin.Y.(*ast.Ident)
	return ok1 && ok2 && x.Name == errName && y.Name == "nil"
}

// InScope reports whether the identifier name at pos refers to obj.
func InScope(pkg *types.Package, pos token.Pos, name string, obj types.Object) bool {
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, found := scope.LookupParent(name, pos)
	return found == obj
}

// ImportName returns the name under which file f imports path ("" if it
// does not), and an edit adding the import when it is missing.
func ImportName(pass *analysis.Pass, f *ast.File, path string) (string, []analysis.TextEdit) {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil || p != path {
			continue
		}
		if imp.Name != nil {
			if imp.Name.Name == "_" || imp.Name.Name == "." {
				continue
			}
			return imp.Name.Name, nil
		}
		if pkg := importedPkg(pass, path); pkg != nil {
			return pkg.Name(), nil
		}
		return lastElem(path), nil
	}
	name := lastElem(path)
	// Add the import after the package clause, or into the first
	// import declaration.
	var buf bytes.Buffer
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			break
		}
		if gd.Lparen.IsValid() {
			buf.WriteString("\t" + strconv.Quote(path) + "\n")
			return name, []analysis.TextEdit{{Pos: gd.Rparen, End: gd.Rparen, NewText: buf.Bytes()}}
		}
		buf.WriteString("\nimport " + strconv.Quote(path))
		return name, []analysis.TextEdit{{Pos: gd.End(), End: gd.End(), NewText: buf.Bytes()}}
	}
	buf.WriteString("\n\nimport " + strconv.Quote(path))
	return name, []analysis.TextEdit{{Pos: f.Name.End(), End: f.Name.End(), NewText: buf.Bytes()}}
}

// ImportNameAt is ImportName for a fix that writes the package name at
// pos: ok is false when that name, at pos, would resolve to something
// other than the package path (a local variable, parameter or
// package-level object named like it, or an import of another package
// under that name), because the edited code would then not compile. Every
// fix that writes a qualified identifier should use it.
func ImportNameAt(pass *analysis.Pass, f *ast.File, path string, pos token.Pos) (string, []analysis.TextEdit, bool) {
	name, edits := ImportName(pass, f, path)
	if name == "" || !refersToPackage(pass, name, path, pos) {
		return "", nil, false
	}
	return name, edits, true
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
		return true
	}
	pn, isPkg := obj.(*types.PkgName)
	return isPkg && pn.Imported().Path() == path
}

func importedPkg(pass *analysis.Pass, path string) *types.Package {
	for _, p := range pass.Pkg.Imports() {
		if p.Path() == path {
			return p
		}
	}
	return nil
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

// Line returns the line number of pos.
func Line(pass *analysis.Pass, pos token.Pos) int {
	return pass.Fset.Position(pos).Line
}
