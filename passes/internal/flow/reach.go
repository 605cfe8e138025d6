package flow

import "golang.org/x/tools/go/ssa"

// Reach answers Reachable queries within one function faster than a walk
// per query: it numbers the strongly connected components of the
// function's control-flow graph in topological order once, so that "to
// runs after from?" is answered false at once when to's block comes
// before from's in that order (the common case in straight-line code:
// a defer registered after a creation cannot reach the creation), and
// true at once when from and to share a block in order. Only the other
// queries walk. One function with N sockets made N walks of the whole
// function: quadratic; with Reach the walks are left for the queries whose
// answer is not decided by the order.
type Reach struct {
	fn    *ssa.Function
	comp  []int  // block index -> component, numbered in topological order
	cycle []bool // component -> has a cycle (more than one block, or a self loop)
	index map[ssa.Instruction]int
	// succ memoises, per source block, the blocks reachable from it in one
	// or more edges (BlockReaches), as a bitset.
	succ map[int][]uint64
}

// BlockReaches reports whether a path of one or more edges leads from
// block a to block b of r's function. The topological order answers
// most pairs; for the others the set of blocks reachable from a is
// computed once and kept (a bitset: 1 bit per block), so a check asking
// about many pairs (one per escape and dominator of every socket, one per
// goroutine and use) does not walk per question.
func (r *Reach) BlockReaches(a, b *ssa.BasicBlock) bool {
	ca, cb := r.comp[a.Index], r.comp[b.Index]
	switch {
	case ca > cb:
		return false
	case ca == cb:
		return r.cycle[ca] // a == b needs a loop; two blocks of one component reach each other
	}
	set, ok := r.succ[a.Index]
	if !ok {
		set = make([]uint64, (len(r.fn.Blocks)+63)/64)
		work := append([]*ssa.BasicBlock(nil), a.Succs...)
		for len(work) > 0 {
			x := work[len(work)-1]
			work = work[:len(work)-1]
			if set[x.Index/64]&(1<<(x.Index%64)) != 0 {
				continue
			}
			set[x.Index/64] |= 1 << (x.Index % 64)
			work = append(work, x.Succs...)
		}
		if r.succ == nil {
			r.succ = map[int][]uint64{}
		}
		r.succ[a.Index] = set
	}
	return set[b.Index/64]&(1<<(b.Index%64)) != 0
}

// NewReach numbers fn's blocks; it costs one pass over the CFG.
func NewReach(fn *ssa.Function) *Reach {
	r := &Reach{fn: fn, comp: make([]int, len(fn.Blocks)), index: map[ssa.Instruction]int{}}
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			r.index[instr] = i
		}
	}
	// Tarjan's algorithm: components are completed in reverse
	// topological order (a component is popped after all it reaches).
	n := len(fn.Blocks)
	idx, low := make([]int, n), make([]int, n)
	for i := range idx {
		idx[i] = -1
	}
	onStack := make([]bool, n)
	var stack []int
	next, ncomp := 0, 0
	var order [][]int // components, reverse topological
	var visit func(v int)
	visit = func(v int) {
		idx[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, s := range fn.Blocks[v].Succs {
			w := s.Index
			if idx[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], idx[w])
			}
		}
		if low[v] == idx[v] {
			var c []int
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				c = append(c, w)
				if w == v {
					break
				}
			}
			order = append(order, c)
			ncomp++
		}
	}
	for v := 0; v < n; v++ {
		if idx[v] < 0 {
			visit(v)
		}
	}
	r.cycle = make([]bool, ncomp)
	for i, c := range order {
		num := ncomp - 1 - i // topological: sources first
		for _, v := range c {
			r.comp[v] = num
		}
		if len(c) > 1 {
			r.cycle[num] = true
		} else {
			for _, s := range fn.Blocks[c[0]].Succs {
				if s.Index == c[0] {
					r.cycle[num] = true
				}
			}
		}
	}
	return r
}

// Reachable is flow.Reachable(from, to, stop) for instructions of r's
// function, with the same answers.
func (r *Reach) Reachable(from, to ssa.Instruction, stop func(ssa.Instruction) bool) bool {
	a, b := from.Block(), to.Block()
	if a == nil || b == nil || a.Parent() != r.fn || b.Parent() != r.fn {
		return Reachable(from, to, stop)
	}
	ca, cb := r.comp[a.Index], r.comp[b.Index]
	if ca > cb {
		return false // to's component comes first: no path back
	}
	if a == b {
		if stop == nil && r.index[from] < r.index[to] {
			return true // later in the same block
		}
		if !r.cycle[ca] && r.index[from] >= r.index[to] {
			return false // earlier in a block that no path comes back to
		}
	}
	if stop == nil {
		// Nothing cuts a path: to runs after from iff a path of edges
		// leads back to its block (the rest of from's block was
		// answered above).
		return r.BlockReaches(a, b)
	}
	return Reachable(from, to, stop)
}
