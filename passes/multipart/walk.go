package multipart

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// pathState is where a path from an open part is, relative to the loop
// whose last-index test guards the part (guard).
type pathState uint8

const (
	sameIter pathState = iota // still in the iteration that sent the part
	nextIter                  // a later iteration, which has not sent the part again yet
)

// edge is a control-flow edge.
type edge struct{ from, to *ssa.BasicBlock }

// partWalk is a search of the paths that start just after an open part.
// For a guarded part (sent with the more-flag only when the iteration is
// not the last), the loop test right after that iteration cannot end the
// loop: the path goes on into the next iteration (state nextIter), where
// skipping the part and ending the loop is possible again.
type partWalk struct {
	part  *openPart
	skip  func(*ssa.If) int                             // error branches not taken
	visit func(ssa.Instruction, pathState) flow.Verdict // Found is treated as Stop
	// stops are the points at which a fix sends the final part: paths
	// end there.
	stopInstr map[ssa.Instruction]bool
	stopEdge  map[edge]bool
	// edges collects every edge followed, with the states it was
	// followed in (bit 1<<state).
	edges map[edge]uint8
}

func (w *partWalk) run() {
	type item struct {
		b     *ssa.BasicBlock
		first int
		st    pathState
	}
	type key struct {
		b  *ssa.BasicBlock
		st pathState
	}
	start := w.part.instr.Block()
	first := 0
	for i, instr := range start.Instrs {
		if instr == ssa.Instruction(w.part.instr) {
			first = i + 1
		}
	}
	seen := map[key]bool{}
	stack := []item{{start, first, sameIter}}
	if e := w.part.start; e != nil {
		stack = []item{{e.to, 0, sameIter}}
	}
	var g *lastLoop
	if w.part.guard != nil {
		g = w.part.guard.loop
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		stopped := false
		for _, instr := range it.b.Instrs[it.first:] {
			if w.stopInstr[instr] {
				stopped = true
				break
			}
			if v := w.visit(instr, it.st); v != flow.Continue {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		succs := it.b.Succs
		if w.skip != nil && len(succs) == 2 {
			if ifi, ok := it.b.Instrs[len(it.b.Instrs)-1].(*ssa.If); ok {
				if k := w.skip(ifi); k == 0 || k == 1 {
					succs = []*ssa.BasicBlock{succs[1-k]}
				}
			}
		}
		st := it.st
		if g != nil && it.b == g.header {
			if st == sameIter {
				// The part had the more-flag, so this was not the last
				// iteration: the loop goes on.
				succs = []*ssa.BasicBlock{g.body}
			}
			st = nextIter
		}
		for _, s := range succs {
			e := edge{it.b, s}
			if w.stopEdge[e] {
				continue
			}
			if w.edges != nil {
				w.edges[e] |= 1 << st
			}
			k := key{s, st}
			if !seen[k] {
				seen[k] = true
				stack = append(stack, item{s, 0, st})
			}
		}
	}
}
