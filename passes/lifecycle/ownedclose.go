package lifecycle

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// Use after close through a struct field: within one function, a call on
// a socket field (c.sock.Send) that every path reaches only after that
// field of the same struct value was closed — directly (c.sock.Close())
// or by a method of the type that closes it on every path (c.Close()) —
// and not stored again since. Anything that may store the field again in
// between (a store, a method or function that stores it, unknown code
// given the struct) counts as reopening it.

// fieldKey is one field of one struct value in one function.
type fieldKey struct {
	root ssa.Value
	f    *types.Var
}

type fieldEvents struct {
	t      *owner.Type
	field  *owner.Field
	closes map[ssa.Instruction]bool
	uses   []ssa.Instruction
	loads  map[ssa.Value]bool
}

// checkFieldUseAfterClose applies the rule to every function.
func (c *checker) checkFieldUseAfterClose(st *ownedState) {
	for _, fn := range c.res.SrcFuncs {
		as := st.byFn[fn]
		if len(as) == 0 {
			continue
		}
		evs := map[fieldKey]*fieldEvents{}
		var keys []fieldKey
		for _, a := range as {
			if a.Kind != owner.Load || a.Field.Container || a.Field.Kind != owner.Socket || a.Root == nil {
				continue
			}
			if a.RootKind == owner.RootAlloc {
				continue // a struct of this function: its sockets are followed as locals
			}
			k := fieldKey{a.Root, a.Field.Var}
			e := evs[k]
			if e == nil {
				e = &fieldEvents{t: a.Type, field: a.Field, closes: map[ssa.Instruction]bool{}, loads: map[ssa.Value]bool{}}
				evs[k] = e
				keys = append(keys, k)
			}
			e.loads[a.Value] = true
			for instr, ev := range c.track(st, a.Value).Events {
				if instr.Parent() != fn {
					continue
				}
				switch ev {
				case flow.Close:
					e.closes[instr] = true
				case flow.Use:
					ci, ok := instr.(ssa.CallInstruction)
					if !ok || flow.IsDeferred(instr) {
						continue
					}
					call := c.res.Resolve(ci)
					if call.Entry != nil && call.Recv == a.Value && call.Entry.Role != zmqapi.Close && call.Entry.Role != zmqapi.Term {
						e.uses = append(e.uses, instr)
					}
				}
			}
		}
		for _, k := range keys {
			e := evs[k]
			if len(e.uses) == 0 {
				continue
			}
			c.methodCloses(st, fn, k, e)
			if len(e.closes) == 0 {
				continue
			}
			c.fieldUseAfterClose(st, fn, k, e)
		}
	}
}

// methodCloses adds to e the calls in fn of a method of the type, on
// k.root, that closes the field on every path.
func (c *checker) methodCloses(st *ownedState, fn *ssa.Function, k fieldKey, e *fieldEvents) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			g := call.Call.StaticCallee()
			if g == nil || g.Signature.Recv() == nil || len(call.Call.Args) == 0 || call.Call.Args[0] != k.root {
				continue
			}
			if n := value.Named(g.Signature.Recv().Type()); n == nil || n.Origin().Obj() != e.t.Obj {
				continue
			}
			if c.closesFieldAlways(st, g, k.f) {
				e.closes[instr] = true
			}
		}
	}
}

// closesFieldAlways reports whether method m closes field f of its
// receiver on every path to a return (the nil branch of a nil check of
// the field aside).
func (c *checker) closesFieldAlways(st *ownedState, m *ssa.Function, f *types.Var) bool {
	k := fieldKey{m, f}
	if v, ok := st.always[k]; ok {
		return v
	}
	st.always[k] = false
	if len(m.Blocks) == 0 || len(m.Params) == 0 || st.stores[f][m] {
		// "c.sock.Close(); c.sock = nil": the field is nil, not
		// closed, after the call (a later use under "if c.sock != nil"
		// never runs); and a method that stores it may reopen.
		return false
	}
	closes := map[ssa.Instruction]bool{}
	loads := map[ssa.Value]bool{}
	for _, a := range st.byFn[m] {
		if a.Kind != owner.Load || a.Field.Var != f || a.Root != m.Params[0] {
			continue
		}
		loads[a.Value] = true
		for instr, ev := range c.track(st, a.Value).Events {
			if (ev == flow.Close || ev == flow.DeferClose) && instr.Parent() == m {
				closes[instr] = true
			}
		}
	}
	if len(closes) == 0 {
		return false
	}
	skip := func(ifi *ssa.If) int {
		if k := flow.NonNilBranch(ifi, func(v ssa.Value) bool { return loads[v] }); k >= 0 {
			return 1 - k
		}
		return -1
	}
	open := flow.Walk(m.Blocks[0].Instrs[0], func(instr ssa.Instruction) flow.Verdict {
		switch {
		case closes[instr], isNoReturnCall(c.res, instr):
			return flow.Stop
		}
		if _, ok := instr.(*ssa.Return); ok {
			return flow.Found
		}
		return flow.Continue
	}, skip)
	st.always[k] = open == nil
	return st.always[k]
}

// reopens reports whether instr may store field f of root again: a store
// of the field on that root, a store of the whole struct, or a call that
// is given the struct (or the field's address) and may store it — a
// function of the package that stores the field anywhere, or unknown
// code.
func (c *checker) reopens(st *ownedState, instr ssa.Instruction, k fieldKey) bool {
	if a := st.om.StoreAt(instr); a != nil {
		return a.Field.Var == k.f && a.Root == k.root
	}
	switch instr := instr.(type) {
	case *ssa.Store:
		return instr.Addr == k.root
	case ssa.CallInstruction:
		given := false
		for _, arg := range instr.Common().Args {
			if arg == k.root {
				given = true
			}
		}
		if instr.Common().IsInvoke() && instr.Common().Value == k.root {
			given = true
		}
		if !given {
			return false
		}
		g := instr.Common().StaticCallee()
		if g == nil {
			return st.reopenable(k.f)
		}
		mk := fieldKey{g, k.f}
		v, ok := st.mayStore[mk]
		if !ok {
			v = c.mayStore(st, g, k.f, map[*ssa.Function]bool{})
			st.mayStore[mk] = v // a whole search from g: memoised
		}
		return v
	}
	return false
}

// mayStore reports whether a call of g (nil: a dynamic call) may store
// field f. Only the package's own code can store an unexported field (or
// code given its address, an Addr access): a function of the package that
// stores it, or calls one that may; and, when some function of the package
// stores f on a struct it did not just allocate (a method that
// reconnects), code we do not follow (another package's, a dynamic call),
// which may call that method back through an interface. A binding's
// function never does.
func (c *checker) mayStore(st *ownedState, g *ssa.Function, f *types.Var, trail map[*ssa.Function]bool) bool {
	if g == nil {
		return st.reopenable(f)
	}
	if g.Pkg != c.res.Pkg || len(g.Blocks) == 0 {
		if g.Pkg != nil && c.res.Model.IsBindingPackage(g.Pkg.Pkg.Path()) {
			return false
		}
		if obj, ok := g.Object().(*types.Func); ok && c.res.Model.Lookup(obj) != nil {
			return false
		}
		return st.reopenable(f)
	}
	if st.stores[f][g] {
		return true
	}
	if trail[g] {
		return false
	}
	trail[g] = true
	for _, callee := range callees(g) {
		if callee != g && c.mayStore(st, callee, f, trail) {
			return true
		}
	}
	return false
}

// within reports whether fn is g or a function literal of g.
func within(fn, g *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == g {
			return true
		}
	}
	return false
}

// callees returns g's static callees; nil entries stand for dynamic calls.
func callees(g *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if _, isBuiltin := ci.Common().Value.(*ssa.Builtin); isBuiltin {
					continue
				}
				out = append(out, ci.Common().StaticCallee())
			}
		}
	}
	return out
}

// fieldUseAfterClose reports the first use of the field that every path
// from fn's entry reaches only through a close of it, not reopened since.
func (c *checker) fieldUseAfterClose(st *ownedState, fn *ssa.Function, k fieldKey, e *fieldEvents) {
	sort.Slice(e.uses, func(i, j int) bool { return e.uses[i].Pos() < e.uses[j].Pos() })
	entry := fn.Blocks[0].Instrs[0]
	const closed uint8 = 1
	skip := func(ifi *ssa.If) int {
		if k := flow.NonNilBranch(ifi, func(v ssa.Value) bool { return e.loads[v] }); k >= 0 {
			return 1 - k // after "if c.sock != nil", the nil branch has no socket to use
		}
		return -1
	}
	for _, u := range e.uses {
		reached := false
		var init uint8
		if e.closes[entry] {
			init = closed // WalkState starts after its first instruction
		}
		open, _ := flow.WalkState(entry, init, func(instr ssa.Instruction, state uint8) (flow.Verdict, uint8) {
			switch {
			case instr == u:
				reached = true
				if state&closed == 0 {
					return flow.Found, state
				}
				return flow.Stop, state
			case e.closes[instr]:
				return flow.Continue, state | closed
			case c.reopens(st, instr, k):
				return flow.Continue, state &^ closed
			case isNoReturnCall(c.res, instr):
				return flow.Stop, state
			}
			return flow.Continue, state
		}, skip)
		if open != nil || !reached {
			continue
		}
		c.reportFieldUseAfterClose(fn, e, u)
		return
	}
}

func (c *checker) reportFieldUseAfterClose(fn *ssa.Function, e *fieldEvents, u ssa.Instruction) {
	call := c.res.Resolve(u.(ssa.CallInstruction))
	name := "the socket"
	if st, ok := astx.EnclosingStmt(c.pass, u.Pos()); ok {
		ast.Inspect(st.Stmt, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Pos() <= u.Pos() && u.Pos() <= sel.End() && sel.Sel.Name == call.Callee.Name() {
				name = astx.Text(c.pass, sel.X)
				return false
			}
			return true
		})
	}
	var cls []ssa.Instruction
	for cl := range e.closes {
		cls = append(cls, cl)
	}
	sort.Slice(cls, func(i, j int) bool { return cls[i].Pos() < cls[j].Pos() })
	// The close that comes last before the use, in source order, names
	// the line.
	first := cls[0]
	for _, cl := range cls {
		if cl.Pos() < u.Pos() {
			first = cl
		}
	}
	how := ""
	if g := first.(ssa.CallInstruction).Common().StaticCallee(); g != nil && g.Signature.Recv() != nil && c.res.Model.Lookup(calleeObj(g)) == nil {
		how = " (by " + g.Name() + ")"
	}
	d := analysis.Diagnostic{
		Pos:      u.Pos(),
		Category: catUseAfterClose,
		Message: fmt.Sprintf("%s.%s is called after %s was closed on line %d%s: every path here closes it first",
			name, call.Callee.Name(), name, c.line(first.Pos()), how),
	}
	for _, cl := range cls {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: cl.Pos(), Message: name + " is closed here"})
	}
	// No fix. Deferring the close, the fix for a local socket, leaves the
	// struct holding a closed socket once the method returns: in a
	// reconnect-style method (Close, then Listen again) every later send
	// then fails, silently for go-zeromq (red team B3). Which of "reopen
	// it", "move the Close after the use" or "drop the use" is meant is
	// the author's call.
	d.Message += " (reopen it before using it again, or close it after this use)"
	c.report(report.NoFix(d, "field-used-after-close"))
}

func calleeObj(g *ssa.Function) *types.Func {
	obj, _ := g.Object().(*types.Func)
	return obj
}
