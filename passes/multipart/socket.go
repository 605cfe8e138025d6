package multipart

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

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
	hs := value.Holders(v)
	last := hs[len(hs)-1]
	switch x := last.(type) {
	case *ssa.Parameter:
		if i := value.ParamIndex(x); i >= 0 && x.Parent() == fn && len(hs) == 1 {
			return rootParam, i
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
		// parameter is what was stored in it (its only store).
		if p, ok := value.StoredOnly(x).(*ssa.Parameter); ok && p.Parent() == fn {
			i := value.ParamIndex(p)
			if len(hs) == 2 {
				return rootParam, i
			}
			return rootOuter, -1
		}
	}
	return rootLocal, -1
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
