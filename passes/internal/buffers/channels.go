package buffers

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// Channels: a []byte sent on a channel whose receiver hands it to an
// ownership-transferring send is handed over too (the usual Go shape:
// producers send buffers to a goroutine that owns the socket). A channel is
// identified by its roots: the make(chan) instruction, a global, or a
// struct field; parameters and captured variables are mapped to the
// arguments and bindings of their callers in this package.

// chanRoots returns the roots of channel value v: *ssa.MakeChan,
// *ssa.Global, *types.Var (a field) or, when its callers are unknown, the
// *ssa.Parameter or *ssa.FreeVar itself.
func (r *Result) chanRoots(v ssa.Value) []any {
	if roots, ok := r.rootMemo[v]; ok {
		return roots
	}
	r.rootMemo[v] = nil // recursion guard
	var roots []any
	add := func(xs []any) {
		for _, x := range xs {
			dup := false
			for _, y := range roots {
				if x == y {
					dup = true
				}
			}
			if !dup {
				roots = append(roots, x)
			}
		}
	}
	switch v := v.(type) {
	case *ssa.MakeChan, *ssa.Global:
		roots = []any{v}
	case *ssa.ChangeType:
		add(r.chanRoots(v.X))
	case *ssa.Phi:
		for _, e := range v.Edges {
			add(r.chanRoots(e))
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			switch x := v.X.(type) {
			case *ssa.Global:
				roots = []any{x}
			case *ssa.FieldAddr:
				roots = []any{fieldVar(x.X.Type(), x.Field)}
			case *ssa.Alloc:
				for _, st := range storesTo(x) {
					add(r.chanRoots(st.Val))
				}
			case *ssa.FreeVar:
				add(r.cellRoots(x))
			}
		}
	case *ssa.Field:
		roots = []any{fieldVar(types.NewPointer(v.X.Type()), v.Field)}
	case *ssa.Parameter:
		sites := r.callSites()[v.Parent()]
		idx := -1
		for i, p := range v.Parent().Params {
			if p == v {
				idx = i
			}
		}
		for _, ci := range sites {
			if args := ci.Common().Args; idx >= 0 && idx < len(args) && len(args) == len(v.Parent().Params) {
				add(r.chanRoots(args[idx]))
			}
		}
		if len(roots) == 0 {
			roots = []any{v}
		}
	case *ssa.FreeVar:
		add(r.bindingRoots(v, false))
		if len(roots) == 0 {
			roots = []any{v}
		}
	}
	r.rootMemo[v] = roots
	return roots
}

// cellRoots follows a captured variable cell (a FreeVar of pointer type)
// to the channels stored into it in the enclosing function.
func (r *Result) cellRoots(fv *ssa.FreeVar) []any {
	return r.bindingRoots(fv, true)
}

// bindingRoots maps free variable fv to the value bound to it by the
// MakeClosure instructions of its parent function.
func (r *Result) bindingRoots(fv *ssa.FreeVar, cell bool) []any {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	var roots []any
	parent := fn.Parent()
	if parent == nil || idx < 0 {
		return nil
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn || idx >= len(mc.Bindings) {
				continue
			}
			bound := mc.Bindings[idx]
			if !cell {
				roots = append(roots, r.chanRoots(bound)...)
				continue
			}
			switch c := bound.(type) {
			case *ssa.Alloc:
				for _, st := range storesTo(c) {
					roots = append(roots, r.chanRoots(st.Val)...)
				}
			case *ssa.FreeVar:
				roots = append(roots, r.cellRoots(c)...)
			}
		}
	}
	return roots
}

// fieldVar returns field i of the struct that ptr points to.
func fieldVar(ptr types.Type, i int) any {
	p, ok := ptr.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// callSites maps each function of the package to the calls, go and defer
// statements that call it statically.
func (r *Result) callSites() map[*ssa.Function][]ssa.CallInstruction {
	if r.sites != nil {
		return r.sites
	}
	r.sites = map[*ssa.Function][]ssa.CallInstruction{}
	for _, fn := range r.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok {
					if callee := ci.Common().StaticCallee(); callee != nil {
						r.sites[callee] = append(r.sites[callee], ci)
					}
				}
			}
		}
	}
	return r.sites
}

// handingChannel reports whether a value sent on ch may be received by
// code of this package that hands it to an ownership-transferring send.
func (r *Result) handingChannel(ch ssa.Value) bool {
	hand := r.handingRoots()
	for _, root := range r.chanRoots(ch) {
		if hand[root] {
			return true
		}
	}
	return false
}

// handingRoots computes, once, the roots of the channels whose received
// values this package hands over: `for b := range ch { sock.Send(
// zmq4.NewMsg(b)) }`, or `b := <-ch` followed by such a send. Receives in
// select statements are not followed.
func (r *Result) handingRoots() map[any]bool {
	if r.handing != nil {
		return r.handing
	}
	r.handing = map[any]bool{} // empty while computing: no recursion through channels
	found := map[any]bool{}
	for _, fn := range r.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				recv, ok := instr.(*ssa.UnOp)
				if !ok || recv.Op != token.ARROW {
					continue
				}
				var got ssa.Value = recv
				if recv.CommaOk {
					got = flow.Extract(recv, 0)
					if got == nil {
						continue
					}
				}
				if r.handedOverIn(fn, got, false) {
					for _, root := range r.chanRoots(recv.X) {
						found[root] = true
					}
				}
			}
		}
	}
	r.handing = found
	// Summaries computed meanwhile saw no handing channels: drop them.
	r.hoMemo = map[hoKey][]*HandOver{}
	r.voMemo = map[voKey]bool{}
	return found
}
