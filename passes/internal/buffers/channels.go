package buffers

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// Channels: a []byte sent on a channel whose receiver hands it to an
// ownership-transferring send is handed over too (the usual Go shape:
// producers send buffers to a goroutine that owns the socket). A channel is
// identified by its roots: the make(chan) instruction, a global, or a
// struct field; parameters and captured variables are mapped to the
// arguments and bindings of their callers in this package.

// chanRoots returns the roots of channel value v: *ssa.MakeChan,
// *ssa.Global, *types.Var (a field) or, when its callers are unknown, the
// *ssa.Parameter or *ssa.FreeVar itself. Where the channel comes from is
// value.OriginOf's answer; this function only decides how far to follow
// it (parameters to this package's call sites, free variables to their
// bindings, local variables to what was stored in them).
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
	if phi, ok := v.(*ssa.Phi); ok {
		for _, e := range phi.Edges {
			add(r.chanRoots(e))
		}
		r.rootMemo[v] = roots
		return roots
	}
	// Ref: a channel is one object through any interface conversion.
	o := value.OriginOf(v, value.Ref)
	switch o.Kind {
	case value.Local:
		if _, ok := o.Root.(*ssa.MakeChan); ok {
			roots = []any{o.Root}
		} else if ph, ok := o.Root.(*ssa.Phi); ok && ph != v {
			add(r.chanRoots(ph))
		}
	case value.Global:
		roots = []any{o.Root}
	case value.Field:
		roots = []any{o.Field}
	case value.Var:
		for _, st := range value.Stores(o.Root) {
			add(r.chanRoots(st.Val))
		}
	case value.Free:
		add(r.bindingRoots(o.Root.(*ssa.FreeVar), o.Loaded))
		if len(roots) == 0 && !o.Loaded {
			roots = []any{o.Root}
		}
	case value.Param:
		// A parameter, or a local variable whose only store is one (a
		// spilled parameter): the arguments of this package's calls.
		fn := o.Root.Parent()
		for _, ci := range r.callSites()[fn] {
			if args := ci.Common().Args; o.Index >= 0 && o.Index < len(args) && len(args) == len(fn.Params) {
				add(r.chanRoots(args[o.Index]))
			}
		}
		if len(roots) == 0 {
			roots = []any{o.Root}
		}
	}
	r.rootMemo[v] = roots
	return roots
}

// bindingRoots maps free variable fv to the roots of the values bound to
// it by the MakeClosure instructions of its parent function; for a
// captured variable (cell), to the values stored into it there.
func (r *Result) bindingRoots(fv *ssa.FreeVar, cell bool) []any {
	var roots []any
	for _, bound := range value.Bindings(fv) {
		if !cell {
			roots = append(roots, r.chanRoots(bound)...)
			continue
		}
		switch c := bound.(type) {
		case *ssa.Alloc:
			for _, st := range value.Stores(c) {
				roots = append(roots, r.chanRoots(st.Val)...)
			}
		case *ssa.FreeVar:
			roots = append(roots, r.bindingRoots(c, true)...)
		}
	}
	return roots
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
					got = value.Extract(recv, 0)
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
	r.ho = [2]*summary.Table[[]*HandOver]{}
	return found
}
