package lifecycle

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
)

// loopBranchFix is the fix for a socket created in a loop body and closed
// by a statement of that body at the end of the iteration, but leaked by a
// continue or break (or a return) between the two (red team 2, czmqbridge
// Probe: "if err != nil { continue }" on a goczmq socket, which is live on
// error). The socket is closed before each such statement: a defer in the
// loop body would close every socket a second time at return and keep the
// ones the early continue skipped open until then. ok false when the shape
// is not that one: the creation is not a statement of a loop body, no
// statement of the body after it closes the socket, another close or a
// goto sits between them, or a leaking return is not between them.
//
// endClosed reports that the body does close the socket after its
// creation (whether or not a fix could be made): an in-loop defer is then
// never the fix.
func (c *checker) loopBranchFix(r *resource, name string, id *ast.Ident) (_ analysis.SuggestedFix, ok, endClosed bool) {
	if id == nil || !r.create.Pos().IsValid() {
		return analysis.SuggestedFix{}, false, false
	}
	st, ok := astx.EnclosingStmt(c.pass, r.create.Pos())
	if !ok || len(st.Path) < 3 {
		return analysis.SuggestedFix{}, false, false
	}
	var loop ast.Stmt
	switch l := st.Path[2].(type) {
	case *ast.ForStmt:
		if st.Path[1] == ast.Node(l.Body) {
			loop = l
		}
	case *ast.RangeStmt:
		if st.Path[1] == ast.Node(l.Body) {
			loop = l
		}
	}
	if loop == nil {
		return analysis.SuggestedFix{}, false, false
	}
	obj := c.pass.TypesInfo.ObjectOf(id)
	if obj == nil || c.reassigned(r, name, obj) {
		return analysis.SuggestedFix{}, false, false
	}
	method := closeMethod(r)
	end := -1
	for k := st.Index + 1; k < len(st.List); k++ {
		if isCloseStmt(st.List[k], name, method) {
			end = k
			break
		}
	}
	if end < 0 {
		return analysis.SuggestedFix{}, false, false
	}
	errName := ""
	if r.errVal != nil {
		// The constructor returns nil on error: its error branch has
		// nothing to close.
		errName, _ = astx.AssignedExpr(c.pass, r.create.Pos(), r.errIndex())
	}
	var at []ast.Stmt
	bad := false
	for k := st.Index + 1; k < end && !bad; k++ {
		if errName != "" && k == st.Index+1 && astx.IsErrCheck(st.List[k], errName) {
			continue
		}
		ast.Inspect(st.List[k], func(n ast.Node) bool {
			if bad {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if isCloseCall(n, name, method) {
					bad = true // closed on some path already: not our shape
				}
			case *ast.ReturnStmt:
				if c.mentions(n, name, obj) {
					bad = true
				}
				at = append(at, n)
			case *ast.BranchStmt:
				switch {
				case n.Tok == token.GOTO:
					bad = true
				case n.Tok == token.FALLTHROUGH:
					// stays in the iteration
				case c.leavesIteration(n, st.List[k], loop):
					at = append(at, n)
				}
			}
			return true
		})
	}
	if bad || len(at) == 0 {
		return analysis.SuggestedFix{}, false, true
	}
	// Every leaking return must be one of ours (a return after the loop is
	// reached through one of the breaks).
	for _, ret := range r.leaks {
		p := ret.Pos()
		inBody := p.IsValid() && p >= st.List[st.Index].End() && p < st.List[end].Pos()
		// No position: the implicit return at the end of the function,
		// after the loop.
		after := !p.IsValid() || p >= loop.End()
		if !inBody && !after {
			return analysis.SuggestedFix{}, false, true
		}
	}
	var edits []analysis.TextEdit
	text := fmt.Sprintf("%s.%s()", name, method)
	for _, b := range at {
		if !astx.InScope(c.pass.Pkg, b.Pos(), name, obj) {
			return analysis.SuggestedFix{}, false, true
		}
		edits = append(edits, edit.InsertBefore(c.pass, b, text))
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s.%s() before each continue, break or return that skips the close on line %d", name, method, c.line(st.List[end].Pos())),
		TextEdits: edits,
	}, true, true
}

// leavesIteration reports whether branch statement b, inside top (a
// statement of loop's body), leaves the iteration of loop: a continue or
// break of loop or of an enclosing statement, not one of a loop, switch or
// select nested in top.
func (c *checker) leavesIteration(b *ast.BranchStmt, top ast.Stmt, loop ast.Stmt) bool {
	if b.Label != nil {
		l, ok := c.pass.TypesInfo.Uses[b.Label].(*types.Label)
		// The label's statement starts at the label: it encloses loop
		// when it starts before it (a label inside top is nested).
		return ok && l.Pos() <= loop.Pos()
	}
	path := astx.Path(c.pass, b.Pos())
	for _, n := range path[1:] {
		// top itself may be the nested loop, switch or select.
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return false
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if b.Tok == token.BREAK {
				return false
			}
		case *ast.FuncLit:
			return false
		}
		if n == ast.Node(top) {
			return true
		}
	}
	return false
}

// isCloseStmt reports whether st is "name.method()" (or its result
// assigned or discarded).
func isCloseStmt(st ast.Stmt, name, method string) bool {
	switch st := st.(type) {
	case *ast.ExprStmt:
		call, ok := st.X.(*ast.CallExpr)
		return ok && isCloseCall(call, name, method)
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			call, ok := st.Rhs[0].(*ast.CallExpr)
			return ok && isCloseCall(call, name, method)
		}
	}
	return false
}

func isCloseCall(call *ast.CallExpr, name, method string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && x.Name == name
}
