package flow

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Strip removes conversions that do not change which object (socket,
// context) a value refers to.
func Strip(v ssa.Value) ssa.Value {
	for {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
}

// SameRef reports whether a and b denote the same socket or context: the
// same SSA value (through conversions), loads of the same variable, or
// loads of the same field of the same holder (n.sock read twice).
func SameRef(a, b ssa.Value) bool {
	a, b = Strip(a), Strip(b)
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	return sameAddr(la.X, lb.X)
}

func sameAddr(a, b ssa.Value) bool {
	if a == b {
		switch a.(type) {
		case *ssa.Alloc, *ssa.Global, *ssa.FreeVar, *ssa.Parameter:
			return true
		}
		return false
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	if ok1 && ok2 && fa.Field == fb.Field {
		return SameRef(fa.X, fb.X) || sameAddr(fa.X, fb.X)
	}
	return false
}
