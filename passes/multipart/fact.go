package multipart

import (
	"fmt"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/summary"
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

// helpers computes which socket parameters the functions of this package
// leave a message open on, per strongly connected component of the call
// graph (package summary): a cycle of helpers starts from "not a helper"
// and is iterated to a fixed point, so the answer does not depend on which
// function of the cycle was asked first.
type helpers struct {
	c   *checker
	tab *summary.Table[[]int]
}

func newHelpers(c *checker) *helpers {
	h := &helpers{c: c}
	h.tab = summary.New(summary.Config[[]int]{
		Pkg:     c.res.Pkg,
		Compute: func(fn *ssa.Function, _ func(*ssa.Function) ([]int, bool)) []int { return h.compute(fn) },
		Equal:   slices.Equal[[]int],
		Import: func(obj *types.Func) ([]int, bool) {
			var f LeavesOpenFact
			if c.pass.ImportObjectFact(obj, &f) {
				return f.Params, true
			}
			return nil, false
		},
		// Unknown (a cycle that does not settle): not a helper, as
		// for any function we cannot see.
	})
	return h
}

// leavesOpen returns the parameters fn leaves a message open on.
func (h *helpers) leavesOpen(fn *ssa.Function) []int {
	ps, _ := h.tab.Of(fn)
	return ps
}

// compute is one round of fn's summary; partOf asks leavesOpen of the
// callees, which the table answers with their current values.
func (h *helpers) compute(fn *ssa.Function) []int {
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
