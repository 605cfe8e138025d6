// Package astx holds the syntax helpers zmqlint's checks share: finding
// the statement behind an SSA position and naming the variable a value
// was assigned to. Edits for suggested fixes are package edit's.
//
// A check that asks many of them requires Analyzer (the astindex helper
// pass): Path, EnclosingStmt and AssignedExpr then answer from a
// per-file position index (index.go) in O(log n + depth), and Text reads
// each file once, instead of astutil's walk over every child on the path
// (a switch of N cases cost N per lookup) and a file read per call.
package astx

import (
	"go/ast"
	"go/token"
	"go/types"

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
// the file, or nil. When the pass's analyzer requires Analyzer, the
// answer comes from the package's Index (a binary search in a per-file
// index built once); otherwise from astutil.PathEnclosingInterval, which
// is linear in the children of every node on the path (a switch of N
// cases: N per query).
func Path(pass *analysis.Pass, pos token.Pos) []ast.Node {
	if ix, ok := pass.ResultOf[Analyzer].(*Index); ok && ix != nil {
		return ix.Path(pos)
	}
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

// Text returns the source text of node n. With the Index (Analyzer) each
// file is read once per package, not once per call.
func Text(pass *analysis.Pass, n ast.Node) string {
	tf := pass.Fset.File(n.Pos())
	if tf == nil {
		return ""
	}
	var src []byte
	var err error
	if ix, ok := pass.ResultOf[Analyzer].(*Index); ok && ix != nil {
		src, err = ix.source(pass, tf.Name())
	} else {
		src, err = pass.ReadFile(tf.Name())
	}
	if err != nil {
		return ""
	}
	start, end := tf.Offset(n.Pos()), tf.Offset(n.End())
	if start < 0 || end > len(src) || start > end {
		return ""
	}
	return string(src[start:end])
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

// Line returns the line number of pos as reported (//line-adjusted), for
// messages; edits use package edit, which never uses adjusted lines.
func Line(pass *analysis.Pass, pos token.Pos) int {
	return pass.Fset.Position(pos).Line
}
