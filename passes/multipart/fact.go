package multipart

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// LeavesOpenFact is an object fact on a function that sends leading parts
// of a multipart message on a socket parameter and returns without
// finishing it, on purpose: its callers send the rest. A call of such a
// function counts as a part sent with the more-flag at the call site.
// Params index the SSA parameters (a method's receiver is 0).
type LeavesOpenFact struct {
	Params []int
}

func (*LeavesOpenFact) AFact() {}

func (f *LeavesOpenFact) String() string {
	return fmt.Sprintf("leavesMessageOpen%v", f.Params)
}

// helpers computes, once per function, which socket parameters a function
// of this package leaves a message open on.
type helpers struct {
	c     *checker
	memo  map[*ssa.Function][]int
	trail map[*ssa.Function]bool
}

func newHelpers(c *checker) *helpers {
	return &helpers{c: c, memo: map[*ssa.Function][]int{}, trail: map[*ssa.Function]bool{}}
}

// leavesOpen returns the parameters fn leaves a message open on.
func (h *helpers) leavesOpen(fn *ssa.Function) []int {
	if fn.Pkg != h.c.res.Pkg || fn.Blocks == nil {
		obj, ok := fn.Object().(*types.Func)
		if !ok {
			return nil
		}
		var f LeavesOpenFact
		if h.c.pass.ImportObjectFact(obj.Origin(), &f) {
			return f.Params
		}
		return nil
	}
	if ps, ok := h.memo[fn]; ok {
		return ps
	}
	if h.trail[fn] {
		return nil // recursion: not a helper as far as we know
	}
	h.trail[fn] = true
	defer delete(h.trail, fn)

	var params []int
	for _, p := range h.c.parts(fn) {
		kind, i := socketRoot(fn, p.sock)
		if kind != rootParam || contains(params, i) {
			continue
		}
		if !h.c.finishedSomewhere(fn, p.sock) {
			params = append(params, i)
		}
	}
	h.memo[fn] = params
	return params
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// exportFacts records the helpers among this package's named functions.
func (h *helpers) exportFacts() {
	for _, fn := range h.c.res.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		if ps := h.leavesOpen(fn); len(ps) > 0 {
			h.c.pass.ExportObjectFact(obj, &LeavesOpenFact{Params: ps})
		}
	}
}
