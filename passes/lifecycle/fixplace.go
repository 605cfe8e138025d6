package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// Where a fix's edits go. A fix must leave the code no worse under every
// rule of every check, not only fix its own finding:
//
//   - a Close is never deferred before a deferred Term that may wait for
//     it: defers run last-in first-out, so the Term would run first and
//     block forever (a deferred Term, a deferred closure or helper that
//     may terminate a context all count);
//   - a deferred Close is never inserted where a direct Term follows it
//     with the socket open;
//   - a deferred Close of a socket whose constructor returns nil on error
//     goes after the check of the creation's error, even when other
//     statements separate the two; with no such check, no fix;
//   - a Term of a context waits for every socket of it, so it is never
//     inserted where one of them may still be open.
//
// Where none of the places a person would choose is safe, no fix is
// offered: the finding stands on its own.

// deferPlace returns the statement after which "defer name.Close()" (or
// "defer ctx.Term()") closes r on every path that leaks it without
// breaking any of the rules above.
func (c *checker) deferPlace(r *resource, rs []*resource) (astx.Stmt, int, bool) {
	st, ok := astx.EnclosingStmt(c.pass, r.create.Pos())
	if !ok {
		return astx.Stmt{}, 0, false
	}
	switch st.Stmt.(type) {
	case *ast.AssignStmt, *ast.DeclStmt:
	default:
		return astx.Stmt{}, 0, false // e.g. "if s, err := ...; err != nil"
	}
	idx := st.Index
	if r.errVal != nil {
		errName, _ := astx.AssignedExpr(c.pass, r.create.Pos(), r.errIndex())
		if errName != "" && errName != "_" {
			name, _ := c.name(r)
			k, ok := c.errCheckAfter(st, errName, name)
			if !ok {
				return astx.Stmt{}, 0, false // r may be nil where the Close would run
			}
			idx = k
		}
	}
	if r.context {
		if !c.termSafe(r, rs, st.List[idx].End()) {
			return astx.Stmt{}, 0, false
		}
		return st, idx, true
	}
	if c.directTermAfter(r) {
		return astx.Stmt{}, 0, false
	}
	for _, d := range c.termDefers(r.fn) {
		if d.Pos() < st.List[idx].End() {
			continue // registered first, so it runs after the Close
		}
		dst, ok := astx.EnclosingStmt(c.pass, d.Pos())
		if !ok || !sameList(dst, st) {
			return astx.Stmt{}, 0, false // a Term deferred in a nested block
		}
		if dst.Index > idx {
			idx = dst.Index
		}
	}
	// The defer must be registered on every path that leaks r.
	end := st.List[idx].End()
	for _, ret := range r.leaks {
		if ret.Pos().IsValid() && ret.Pos() < end {
			return astx.Stmt{}, 0, false
		}
	}
	return st, idx, true
}

// unguarded reports whether r's constructor returns nil on error and a
// path reaches ret from r's creation without passing a check of the
// error: r may be nil at ret. A discarded error ("s, _ := ...") is not
// checked anywhere: the code uses s as if never nil, and so may the fix.
func (r *resource) unguarded(ret ssa.Instruction) bool {
	if r.errVal == nil || !usedValue(r.errVal) {
		return false
	}
	errs := map[ssa.Value]bool{r.errVal: true}
	return flow.Walk(r.create, func(instr ssa.Instruction) flow.Verdict {
		if instr == ret {
			return flow.Found
		}
		if ifi, ok := instr.(*ssa.If); ok && flow.ErrorBranch(ifi, errs) >= 0 {
			return flow.Stop
		}
		return flow.Continue
	}, nil) != nil
}

// usedValue reports whether v has a referrer other than debug info.
func usedValue(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, instr := range *refs {
		if _, ok := instr.(*ssa.DebugRef); !ok {
			return true
		}
	}
	return false
}

// errIndex is the result index of r's constructor's error.
func (r *resource) errIndex() int {
	if t, ok := r.create.(*ssa.Call).Type().(*types.Tuple); ok {
		return t.Len() - 1
	}
	return 1
}

// termSafe reports whether a Term of context r registered by a defer that
// ends at pos cannot wait for one of its sockets: none of them leaks, and
// none is closed by a defer registered before pos (which would run after
// the Term).
func (c *checker) termSafe(r *resource, rs []*resource, pos token.Pos) bool {
	for _, s := range rs {
		if s.context || s.ctx == nil || !r.track.Values[s.ctx] {
			continue
		}
		c.findLeaks(s)
		if s.loop || len(s.leaks) > 0 {
			return false
		}
		for instr, e := range s.track.Events {
			if e == flow.DeferClose && instr.Pos() < pos {
				return false
			}
		}
	}
	return true
}

// errCheckAfter returns the index in st's list of the first statement
// after st that checks errName and leaves the function (or the loop) when
// it is not nil. The statements between may not assign errName or the
// socket's name; they may do anything else (log, say).
func (c *checker) errCheckAfter(st astx.Stmt, errName, name string) (int, bool) {
	for j := st.Index + 1; j < len(st.List); j++ {
		s := st.List[j]
		if astx.IsErrCheck(s, errName) {
			return j, c.terminates(s.(*ast.IfStmt).Body)
		}
		if assignsName(s, errName) || assignsName(s, name) {
			return 0, false
		}
	}
	return 0, false
}

// assignsName reports whether st assigns to the variable or field path
// written name (an inner redeclaration counts too: conservative).
func assignsName(st ast.Stmt, name string) bool {
	if name == "" {
		return false
	}
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if types.ExprString(lhs) == name {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// terminates reports whether the block ends in a statement that does not
// fall through: a return, a branch, a panic or a call that never returns.
func (c *checker) terminates(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt, *ast.BranchStmt:
		return true
	case *ast.ExprStmt:
		call, ok := last.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := c.pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "panic" {
				return true
			}
		}
		if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok {
			return c.res.NoReturn(fn)
		}
	}
	return false
}

// sameList reports whether two statements sit in the same statement list.
func sameList(a, b astx.Stmt) bool {
	return len(a.List) > 0 && len(b.List) > 0 && &a.List[0] == &b.List[0]
}

// termDefers returns fn's defer instructions that may terminate a
// context, in position order.
func (c *checker) termDefers(fn *ssa.Function) []*ssa.Defer {
	var out []*ssa.Defer
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && c.mayTerm(d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// directTermAfter reports whether a call that may terminate a context
// (not deferred) runs after r's creation with r still open: a deferred
// Close would run only after it.
func (c *checker) directTermAfter(r *resource) bool {
	for _, b := range r.fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(*ssa.Call)
			if !ok || !c.mayTerm(ci) {
				continue
			}
			found := flow.Walk(r.create, func(instr ssa.Instruction) flow.Verdict {
				switch {
				case instr == ssa.Instruction(ci):
					return flow.Found
				case r.handled(instr):
					return flow.Stop
				}
				return flow.Continue
			}, r.skip)
			if found != nil {
				return true
			}
		}
	}
	return false
}

// mayTerm reports whether a call may terminate a context whose Term waits
// for its sockets: the binding's Term; a function literal whose body calls
// Term, or that terminates a captured context; a function that terminates
// (or may keep) a context argument; a dynamic call given a context.
func (c *checker) mayTerm(ci ssa.CallInstruction) bool {
	if v, ok := c.termMemo[ci]; ok {
		return v
	}
	v := c.computeMayTerm(ci)
	c.termMemo[ci] = v
	return v
}

func (c *checker) computeMayTerm(ci ssa.CallInstruction) bool {
	call := c.res.Resolve(ci)
	if call.Entry != nil {
		return call.Role() == zmqapi.Term && call.Entry.TermWaits
	}
	common := ci.Common()
	callee := common.StaticCallee()
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		for i, b := range mc.Bindings {
			if _, ok := c.contextType(b.Type()); ok && c.sums.freeVar(callee, i) != flow.Use {
				return true
			}
		}
	} else {
		for i, a := range common.Args {
			if !c.res.Model.IsContextType(a.Type()) {
				continue
			}
			if callee == nil || c.sums.param(callee, i) != flow.Use {
				return true
			}
		}
	}
	// A literal or helper of this package that terminates a context it
	// does not take as an argument (a global, a field of a captured
	// struct): one level deep.
	if callee != nil && callee.Pkg == c.res.Pkg {
		for _, b := range callee.Blocks {
			for _, instr := range b.Instrs {
				if inner, ok := instr.(ssa.CallInstruction); ok {
					if e := c.res.Resolve(inner).Entry; e != nil && e.Role == zmqapi.Term && e.TermWaits {
						return true
					}
				}
			}
		}
	}
	return false
}

// contextType returns the context type a closure binding of type t holds
// (the value itself, or a cell of it).
func (c *checker) contextType(t types.Type) (types.Type, bool) {
	if p, ok := t.(*types.Pointer); ok {
		if _, ok := p.Elem().(*types.Pointer); ok && c.res.Model.IsContextType(p.Elem()) {
			return p.Elem(), true // a cell holding the context
		}
	}
	if c.res.Model.IsContextType(t) {
		return t, true
	}
	return nil, false
}

// deleteLines returns an edit that deletes statement st with its lines,
// when nothing but white space shares them (a trailing comment would be
// lost: no edit then).
func deleteLines(pass *analysis.Pass, st ast.Stmt) (analysis.TextEdit, bool) {
	f := edit.FileOf(pass, st.Pos())
	if f == nil {
		return analysis.TextEdit{}, false
	}
	e, text, ok := f.DeleteLines(st.Pos(), st.End())
	if !ok || strings.Contains(text, "//") {
		return analysis.TextEdit{}, false
	}
	return e, true
}

// quietCalls are the functions outside the bindings that a fix may move a
// socket's Close (or a context's Term) across: they neither block nor
// wait for nor signal another goroutine. Anything else deferred between
// the two places of a swap may be a wait for the socket's users
// (sync.WaitGroup.Wait, errgroup's Wait, a channel receive, a helper that
// does one of these, unknown code) or a signal that lets them go on (a
// close of a channel, a cancel, an Unlock): with Close moved before it,
// the goroutines would use a closed socket. Matched by object, via
// FullName.
var quietCalls = map[string]bool{
	"fmt.Print":             true,
	"fmt.Printf":            true,
	"fmt.Println":           true,
	"log.Print":             true,
	"log.Printf":            true,
	"log.Println":           true,
	"(*log.Logger).Print":   true,
	"(*log.Logger).Printf":  true,
	"(*log.Logger).Println": true,
	"(*time.Timer).Stop":    true,
	"(*time.Ticker).Stop":   true,
	"os.Remove":             true,
	"os.RemoveAll":          true,
}

// quietBindingRoles are the binding calls a Close or Term may be moved
// across when they do not involve the moved socket: closing or setting
// an option of another socket does not block or wait (a Term does; a
// send, receive or poll may block).
var quietBindingRoles = map[zmqapi.Role]bool{
	zmqapi.Close:     true,
	zmqapi.SetLinger: true,
	zmqapi.SetBlocky: true,
}

// defersQuiet reports whether every defer of s's function registered
// strictly between positions from and to is known not to wait, block,
// signal another goroutine or use s (quietCall): swapping two defers
// across them changes whether they run before or after each.
func (c *checker) defersQuiet(s *resource, from, to token.Pos) bool {
	for _, b := range s.fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok || d.Pos() <= from || d.Pos() >= to {
				continue
			}
			if !c.quietCall(s, d, map[*ssa.Function]bool{}) {
				return false
			}
		}
	}
	return true
}

// quietCall reports whether call ci neither blocks, waits for or signals
// another goroutine nor involves socket s: a quietCalls function; a
// binding call of a quietBindingRoles role on another socket; a function
// or literal of this package whose body makes only quiet calls and no
// channel operation or go statement (followed three levels deep).
func (c *checker) quietCall(s *resource, ci ssa.CallInstruction, seen map[*ssa.Function]bool) bool {
	common := ci.Common()
	for _, a := range common.Args {
		if c.involves(s, a) {
			return false
		}
	}
	if call := c.res.Resolve(ci); call.Entry != nil {
		return quietBindingRoles[call.Entry.Role] && !c.involves(s, call.Recv)
	}
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return false // close(ch) signals; the others are not deferred in practice
	}
	if common.IsInvoke() {
		return false
	}
	callee := common.StaticCallee()
	if callee == nil {
		return false
	}
	if fn, ok := callee.Object().(*types.Func); ok && quietCalls[fn.Origin().FullName()] {
		return true
	}
	if callee.Pkg != c.res.Pkg || len(callee.Blocks) == 0 || seen[callee] || len(seen) >= 3 {
		return false
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		for _, b := range mc.Bindings {
			if c.involves(s, b) {
				return false
			}
		}
	}
	seen[callee] = true
	defer delete(seen, callee)
	for _, b := range callee.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Send, *ssa.Select, *ssa.Go:
				return false
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					return false
				}
			case ssa.CallInstruction:
				if !c.quietCall(s, instr, seen) {
					return false
				}
			}
		}
	}
	return true
}

// involves reports whether v may be socket s, or a socket or a cell
// holding one whose identity this check does not follow.
func (c *checker) involves(s *resource, v ssa.Value) bool {
	if v == nil {
		return false
	}
	if s.track.Values[v] {
		return true
	}
	t := v.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok && c.res.Model.IsSocketType(p.Elem()) {
		return true // a captured variable holding a socket
	}
	return c.res.Model.IsSocketType(t) && !c.otherSocket(s, v)
}

// otherSocket reports whether v is certainly another socket than s: one
// created by a constructor call in this function other than s's.
func (c *checker) otherSocket(s *resource, v ssa.Value) bool {
	for _, r := range c.rs[s.fn] {
		if r != s && r.track.Direct[v] {
			return true
		}
	}
	return false
}

// leavesBetween reports whether a path from instruction from reaches a
// return (or a panic, which runs the defers too) of its function without
// passing through instruction to.
func leavesBetween(from, to ssa.Instruction) bool {
	return flow.Walk(from, func(instr ssa.Instruction) flow.Verdict {
		switch instr.(type) {
		case *ssa.Return, *ssa.Panic:
			return flow.Found
		}
		if instr == to {
			return flow.Stop
		}
		return flow.Continue
	}, nil) != nil
}

// termReachable reports whether a call that may terminate a context, direct
// or deferred, is reachable from instruction from in r's function: a
// Close deferred at from would run only after it (a deferred Term
// registered later runs first), and the Term would wait for the socket.
func (c *checker) termReachable(from ssa.Instruction) bool {
	return flow.Walk(from, func(instr ssa.Instruction) flow.Verdict {
		if ci, ok := instr.(ssa.CallInstruction); ok && c.mayTerm(ci) {
			return flow.Found
		}
		return flow.Continue
	}, nil) != nil
}
