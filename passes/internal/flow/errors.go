package flow

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// ErrorBranch returns, for a branch on "err != nil" (or "err == nil")
// where err is one of errVals (or a variable holding only them), the
// successor taken when err is non-nil; -1 for any other branch. Checks use
// it to leave a failed call's error path out of a path search.
func ErrorBranch(ifi *ssa.If, errVals map[ssa.Value]bool) int {
	return NonNilBranch(ifi, func(v ssa.Value) bool { return errVals[v] || loadsOnly(v, errVals) })
}

// NonNilBranch returns, for a branch on "v != nil" or "v == nil" where
// is(v), the successor taken when v is not nil; -1 for any other branch.
func NonNilBranch(ifi *ssa.If, is func(ssa.Value) bool) int {
	bin, ok := ifi.Cond.(*ssa.BinOp)
	if !ok {
		return -1
	}
	if !(is(bin.X) && IsNilConst(bin.Y) || is(bin.Y) && IsNilConst(bin.X)) {
		return -1
	}
	switch bin.Op {
	case token.NEQ:
		return 0
	case token.EQL:
		return 1
	}
	return -1
}

// IsNilConst reports whether v is the constant nil.
func IsNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.IsNil()
}

// loadsOnly reports whether v loads a variable that one of errVals was
// stored in (an err captured by a closure lives in a heap cell).
func loadsOnly(v ssa.Value, errVals map[ssa.Value]bool) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	if storedJustBefore(load, errVals) {
		return true
	}
	refs := load.X.Referrers()
	if refs == nil {
		return false
	}
	stores := 0
	for _, instr := range *refs {
		if st, ok := instr.(*ssa.Store); ok && st.Addr == load.X {
			if !errVals[st.Val] {
				return false // the variable holds other errors too
			}
			stores++
		}
	}
	return stores > 0
}

// storedJustBefore reports whether the variable load reads was last
// written, earlier in the same block and with no call in between (a call
// may run a closure that writes it), with one of errVals: the usual
// "x, err = f(); if err != nil" on an err that a closure captures (a
// named result set by a deferred recover, say), whose other stores do not
// matter at this load.
func storedJustBefore(load *ssa.UnOp, errVals map[ssa.Value]bool) bool {
	instrs := load.Block().Instrs
	i := indexOf(load.Block(), load)
	for i--; i >= 0; i-- {
		switch instr := instrs[i].(type) {
		case *ssa.Store:
			if instr.Addr == load.X {
				return errVals[instr.Val]
			}
		case ssa.CallInstruction:
			return false
		}
	}
	return false
}
