package multipart

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// holders returns the values through which the socket is reached: the
// socket itself, and the variables and structs it is loaded from. Code that
// gets hold of any of them may send on the socket.
func holders(v ssa.Value) []ssa.Value {
	var hs []ssa.Value
	for v != nil {
		v = flow.Strip(v)
		hs = append(hs, v)
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return hs
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		default:
			return hs
		}
	}
	return hs
}

// rootKind says where a socket comes from, relative to the function that
// sends on it.
type rootKind uint8

const (
	rootLocal     rootKind = iota // created or obtained in the function
	rootParam                     // a parameter (index in rootIndex)
	rootOuter                     // a parameter's field, a captured variable, a global
	rootGoCapture                 // a variable captured by a goroutine's function literal
)

// socketRoot classifies where socket value v of fn comes from.
func socketRoot(fn *ssa.Function, v ssa.Value) (rootKind, int) {
	hs := holders(v)
	last := hs[len(hs)-1]
	switch x := last.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == x {
				if len(hs) == 1 {
					return rootParam, i
				}
				return rootOuter, -1
			}
		}
		return rootOuter, -1
	case *ssa.FreeVar:
		if launchedOnlyByGo(fn) {
			return rootGoCapture, -1
		}
		return rootOuter, -1
	case *ssa.Global:
		return rootOuter, -1
	case *ssa.Alloc:
		// A local variable spilled to the heap: it is a parameter if the
		// parameter is what was stored in it.
		if i := storedParam(fn, x); i >= 0 {
			if len(hs) == 2 {
				return rootParam, i
			}
			return rootOuter, -1
		}
	}
	return rootLocal, -1
}

func storedParam(fn *ssa.Function, a *ssa.Alloc) int {
	refs := a.Referrers()
	if refs == nil {
		return -1
	}
	for _, instr := range *refs {
		st, ok := instr.(*ssa.Store)
		if !ok || st.Addr != a {
			continue
		}
		for i, p := range fn.Params {
			if st.Val == p {
				return i
			}
		}
	}
	return -1
}

// launchedOnlyByGo reports whether the function literal fn is only ever
// started as a goroutine: nobody but the goroutine can finish a message
// it leaves open.
func launchedOnlyByGo(fn *ssa.Function) bool {
	parent := fn.Parent()
	if parent == nil {
		return false
	}
	found := false
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != fn {
				continue
			}
			refs := mc.Referrers()
			if refs == nil {
				return false
			}
			for _, r := range *refs {
				g, ok := r.(*ssa.Go)
				if !ok || g.Call.Value != ssa.Value(mc) {
					return false
				}
				found = true
			}
		}
	}
	return found
}
