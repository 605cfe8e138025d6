package multipart

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
)

// unit is the statements that send one open part: the send statement and,
// when the send is an assignment, the error check right after it.
type unit struct {
	first, last int // indexes in the shared statement list
	call        *ast.CallExpr
}

// moveFix moves the statements sending the open parts down to just before
// the statement sending the final part, so that nothing that can fail runs
// while the message is open. It is offered only when provably safe:
//   - the parts and the final send are statements of one statement list,
//     and exactly one final send finishes the message on the paths found;
//   - each part is a whole statement (a call, an assignment of its results
//     followed by their error check, or an "if ...; err != nil" statement);
//   - the arguments of each part have no side effects (names, literals,
//     selectors, conversions, operators), so evaluating them later sends
//     the same bytes...
//   - ...provided that no statement in between mentions any variable the
//     parts read or declare (the socket, the part's data, its results)...
//   - ...and that no argument is memory another name can reach: a []byte
//     part (hdr := buf[:8]) is copied by the send at call time, so moving
//     it below r.Read(buf) would send other bytes (argsByValue).
func (c *checker) moveFix(a *abandonment) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if len(a.final) != 1 {
		return none, false
	}
	finalCall, ok := a.final[0].(*ssa.Call)
	if !ok {
		return none, false
	}
	fst, ok := astx.EnclosingStmt(c.pass, finalCall.Pos())
	if !ok {
		return none, false
	}
	if call := c.callExpr(finalCall.Pos()); call == nil || !c.sendsOnly(fst.Stmt, call) {
		return none, false
	}
	parts := append([]*openPart{a.part}, a.seq...)
	var units []unit
	for _, p := range parts {
		u, ok := c.unitOf(p, fst)
		if !ok || (len(units) > 0 && u.first <= units[len(units)-1].last) || u.last >= fst.Index {
			return none, false
		}
		units = append(units, u)
	}
	// The statements in between must not touch what the parts use.
	objs := map[types.Object]bool{}
	inUnit := map[int]bool{}
	for _, u := range units {
		for i := u.first; i <= u.last; i++ {
			inUnit[i] = true
			c.collectVars(fst.List[i], objs)
		}
		if !c.pure(u.call) || !c.argsByValue(u.call) {
			return none, false
		}
	}
	between, calls := 0, false
	for i := units[0].first; i < fst.Index; i++ {
		if inUnit[i] {
			continue
		}
		between++
		if c.mentions(fst.List[i], objs) {
			return none, false
		}
		calls = calls || c.hasCall(fst.List[i])
	}
	if between == 0 {
		return none, false
	}
	// A call in between may change what a part reads without naming it:
	// a closure that assigns a captured variable, a function that writes
	// through a pointer, a field or a global (red team: the fix sent "v2"
	// where the code sent "v1"). Then the parts may read only locals that
	// no function literal captures and whose address is never taken.
	if calls {
		fn := enclosingFunc(astx.Path(c.pass, fst.Stmt.Pos()))
		if fn == nil {
			return none, false
		}
		for _, u := range units {
			if !c.readsOnlyPlainLocals(u.call, fn) {
				return none, false
			}
		}
	}
	f := edit.FileOf(c.pass, fst.Stmt.Pos())
	if f == nil {
		return none, false
	}
	ranges := make([][2]ast.Node, len(units))
	for i, u := range units {
		ranges[i] = [2]ast.Node{fst.List[u.first], fst.List[u.last]}
	}
	edits, ok := f.Move(ranges, fst.Stmt)
	if !ok {
		return none, false
	}
	msg := "Move the part down to just before the final part"
	if len(units) > 1 {
		msg = fmt.Sprintf("Move the %d leading parts down to just before the final part", len(units))
	}
	return analysis.SuggestedFix{Message: msg, TextEdits: edits}, true
}

// sendsOnly reports whether statement st is the final send call and its
// error handling only, so that the parts can go right before it.
func (c *checker) sendsOnly(st ast.Stmt, call *ast.CallExpr) bool {
	switch st := st.(type) {
	case *ast.ExprStmt:
		return ast.Unparen(st.X) == call
	case *ast.AssignStmt:
		return len(st.Rhs) == 1 && ast.Unparen(st.Rhs[0]) == call
	case *ast.ReturnStmt:
		return len(st.Results) == 1 && ast.Unparen(st.Results[0]) == call
	case *ast.IfStmt:
		init, ok := st.Init.(*ast.AssignStmt)
		return ok && len(init.Rhs) == 1 && ast.Unparen(init.Rhs[0]) == call
	}
	return false
}

// unitOf returns the statements sending part p, which must sit in the
// statement list of the final send.
func (c *checker) unitOf(p *openPart, final astx.Stmt) (unit, bool) {
	st, ok := astx.EnclosingStmt(c.pass, p.instr.Pos())
	call := c.callExpr(p.instr.Pos())
	if !ok || call == nil || !sameList(st.List, final.List) {
		return unit{}, false
	}
	u := unit{first: st.Index, last: st.Index, call: call}
	switch s := st.Stmt.(type) {
	case *ast.ExprStmt:
		if ast.Unparen(s.X) != call {
			return unit{}, false
		}
	case *ast.IfStmt:
		init, ok := s.Init.(*ast.AssignStmt)
		if !ok || len(init.Rhs) != 1 || ast.Unparen(init.Rhs[0]) != call || s.Else != nil {
			return unit{}, false
		}
	case *ast.AssignStmt:
		if len(s.Rhs) != 1 || ast.Unparen(s.Rhs[0]) != call {
			return unit{}, false
		}
		// Take the error check that follows along.
		if next := st.Index + 1; next < len(st.List) {
			if errID, ok := s.Lhs[len(s.Lhs)-1].(*ast.Ident); ok && astx.IsErrCheck(st.List[next], errID.Name) {
				u.last = next
			}
		}
	default:
		return unit{}, false
	}
	return u, true
}

func sameList(a, b []ast.Stmt) bool {
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// collectVars adds the variables that n refers to or declares.
func (c *checker) collectVars(n ast.Node, objs map[types.Object]bool) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
				objs[v] = true
			}
		}
		return true
	})
}

// mentions reports whether n refers to any of objs.
func (c *checker) mentions(n ast.Node, objs map[types.Object]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && objs[c.pass.TypesInfo.ObjectOf(id)] {
			found = true
		}
		return !found
	})
	return found
}

// pure reports whether evaluating the call's receiver and arguments later
// cannot have other effects than reading variables.
func (c *checker) pure(call *ast.CallExpr) bool {
	ok := true
	check := func(e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case nil, *ast.Ident, *ast.BasicLit, *ast.SelectorExpr, *ast.ParenExpr,
				*ast.BinaryExpr, *ast.IndexExpr, *ast.SliceExpr, *ast.ArrayType:
			case *ast.UnaryExpr:
				ok = ok && n.Op != token.ARROW
			case *ast.CallExpr:
				// Only conversions such as []byte("topic").
				tv, found := c.pass.TypesInfo.Types[n.Fun]
				ok = ok && found && tv.IsType()
			default:
				ok = false
			}
			return ok
		})
	}
	if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel {
		check(sel.X)
	}
	for _, a := range call.Args {
		check(a)
	}
	return ok
}

// argsByValue reports whether every argument of the call is passed by
// value: a constant, a string, a number or a boolean, the socket, or a []byte
// conversion of such a value written in the call itself ([]byte("topic"),
// a new array that nothing else refers to). A []byte variable or
// parameter may share its array with something a statement in between
// writes, which the syntax cannot rule out, so it is not moved.
func (c *checker) argsByValue(call *ast.CallExpr) bool {
	for _, a := range call.Args {
		tv, ok := c.pass.TypesInfo.Types[a]
		if !ok {
			return false
		}
		if tv.Value != nil || isBasic(tv.Type) || c.res.Model.IsSocketType(tv.Type) {
			continue // a socket argument of a helper is the socket, not data
		}
		conv, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok || len(conv.Args) != 1 || conv.Ellipsis.IsValid() {
			return false
		}
		if fun, ok := c.pass.TypesInfo.Types[conv.Fun]; !ok || !fun.IsType() {
			return false
		}
		if !isBasic(c.pass.TypesInfo.TypeOf(conv.Args[0])) {
			return false
		}
	}
	return true
}

// isBasic reports whether t is a boolean, numeric or string type, whose
// values are copied when passed.
func isBasic(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() != types.UnsafePointer && b.Kind() != types.Invalid && b.Kind() != types.UntypedNil
}

// hasCall reports whether n contains a function call (not a conversion).
func (c *checker) hasCall(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if tv, ok := c.pass.TypesInfo.Types[call.Fun]; !ok || !tv.IsType() {
				found = true
			}
		}
		return !found
	})
	return found
}

// enclosingFunc returns the innermost function declaration or literal of
// path.
func enclosingFunc(path []ast.Node) ast.Node {
	for _, n := range path {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return n
		}
	}
	return nil
}

// readsOnlyPlainLocals reports whether the call's arguments (the parts
// and the flag; the receiver is the socket, not a part) read memory only through variables declared in fn that no function
// literal inside fn mentions and whose address fn never takes: no
// dereference, field, index or package-level variable, which a call
// could change.
func (c *checker) readsOnlyPlainLocals(call *ast.CallExpr, fn ast.Node) bool {
	ok := true
	vars := map[*types.Var]bool{}
	for _, arg := range call.Args {
		c.plainLocalReads(arg, fn, vars, &ok)
	}
	if !ok {
		return false
	}
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if n != fn && c.mentionsVar(n, vars) {
				ok = false
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && c.mentionsVar(n.X, vars) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// plainLocalReads clears *ok when e reads memory other than through
// variables declared in fn, and collects the variables it reads.
func (c *checker) plainLocalReads(e ast.Expr, fn ast.Node, vars map[*types.Var]bool, ok *bool) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.StarExpr, *ast.IndexExpr, *ast.IndexListExpr:
			*ok = false
		case *ast.SelectorExpr:
			if sel, isSel := c.pass.TypesInfo.Selections[n]; isSel && sel.Kind() == types.FieldVal {
				*ok = false
			}
		case *ast.Ident:
			if v, isVar := c.pass.TypesInfo.ObjectOf(n).(*types.Var); isVar {
				if v.IsField() || v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
					*ok = false
				}
				vars[v] = true
			}
		}
		return *ok
	})
}

// mentionsVar reports whether n refers to any of vars.
func (c *checker) mentionsVar(n ast.Node, vars map[*types.Var]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && vars[v] {
				found = true
			}
		}
		return !found
	})
	return found
}
