package multipart

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// pathState is where a path from an open part is, relative to the loop
// whose last-index test guards the part (guard).
type pathState uint8

const (
	sameIter pathState = iota // still in the iteration that sent the part (so not the last)
	nextIter                  // a later iteration, which has not sent the part again yet
	lastIter                  // a later iteration known (by the last-index test) to be the last
	notLast                   // a later iteration known not to be the last, the part not sent yet
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
	// inner, when set, is the loop that sends the part as one of a run
	// of leading parts (for _, r := range route { Send(r, SNDMORE) })
	// and finishes the message after it: reaching the part again inside
	// that loop is the run going on, and only after a path has left the
	// loop (a continue of an outer loop, say) is it a message abandoned.
	inner map[*ssa.BasicBlock]bool
}

func (w *partWalk) run() {
	type item struct {
		b     *ssa.BasicBlock
		first int
		st    pathState
		out   bool // the path has left w.inner
	}
	type key struct {
		b   *ssa.BasicBlock
		st  pathState
		out bool
	}
	start := w.part.instr.Block()
	first := 0
	for i, instr := range start.Instrs {
		if instr == ssa.Instruction(w.part.instr) {
			first = i + 1
		}
	}
	seen := map[key]bool{}
	stack := []item{{start, first, sameIter, false}}
	if e := w.part.start; e != nil {
		stack = []item{{e.to, 0, sameIter, false}}
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
			if w.inner != nil && !it.out && instr == ssa.Instruction(w.part.instr) {
				stopped = true // another leading part of the run
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
		var lastSucc, notLastSucc *ssa.BasicBlock
		if g != nil && it.b == g.header {
			switch st {
			case sameIter, notLast:
				// The part had the more-flag (or the test said so), so
				// this was not the last iteration: the loop goes on.
				succs = []*ssa.BasicBlock{g.body}
			case lastIter:
				succs = []*ssa.BasicBlock{g.done}
			}
			st = nextIter
		} else if g != nil && len(it.b.Succs) == 2 && g.inLoop(it.b) {
			// The last-index test of the guard's loop in its body: a
			// branch that contradicts what the path knows is not taken.
			if ifi, ok := it.b.Instrs[len(it.b.Instrs)-1].(*ssa.If); ok {
				if lastTrue, ok := g.lastTest(ifi.Cond); ok {
					lastSucc, notLastSucc = it.b.Succs[1], it.b.Succs[0]
					if lastTrue {
						lastSucc, notLastSucc = it.b.Succs[0], it.b.Succs[1]
					}
				} else if st != sameIter && g.testsIndex(ifi.Cond) {
					// Another test of the index in a later iteration
					// (if i == 0 { continue }): it may never hold
					// after the part was sent; we do not model it, so
					// the path is not judged (precision first).
					continue
				}
			}
		}
		for _, s := range succs {
			st := st
			switch {
			case lastSucc == nil || lastSucc == notLastSucc:
			case s == lastSucc:
				if st == sameIter || st == notLast {
					continue // the part had the more-flag: not the last iteration
				}
				st = lastIter
			case s == notLastSucc:
				if st == lastIter {
					continue
				}
				if st == nextIter {
					st = notLast
				}
			}
			e := edge{it.b, s}
			if w.stopEdge[e] {
				continue
			}
			if w.edges != nil {
				w.edges[e] |= 1 << st
			}
			out := it.out || (w.inner != nil && w.inner[it.b] && !w.inner[s])
			k := key{s, st, out}
			if !seen[k] {
				seen[k] = true
				stack = append(stack, item{s, 0, st, out})
			}
		}
	}
}
