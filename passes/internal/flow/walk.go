// Package flow holds the SSA queries zmqlint's checks share: which values
// refer to the same resource (aliases.go), and path searches over a
// function's control-flow graph (this file).
package flow

import (
	"golang.org/x/tools/go/ssa"
)

// Verdict is what a path search does at one instruction.
type Verdict uint8

const (
	// Continue: keep walking this path.
	Continue Verdict = iota
	// Stop: this path is fine; do not follow it further.
	Stop
	// Found: this path is the one searched for; the search ends.
	Found
)

// Walk searches the paths that start just after instruction from (or at the
// first instruction of from's block when inclusive) and reports the first
// instruction for which visit returns Found, or nil. Each block is visited
// at most once, so visit must not depend on the path taken (use WalkState
// for that). skip, if non-nil, names successors of an If that no path
// should take (e.g. the error branch of a constructor). The search never
// follows a path past a block that ends without successors.
func Walk(from ssa.Instruction, visit func(ssa.Instruction) Verdict, skip func(*ssa.If) int) ssa.Instruction {
	found, _ := WalkState(from, 0, func(instr ssa.Instruction, s uint8) (Verdict, uint8) {
		return visit(instr), s
	}, skip)
	return found
}

type blockState struct {
	b *ssa.BasicBlock
	s uint8
}

// WalkState is Walk with a small per-path state that visit may change
// (e.g. "the Term is already deferred on this path"). Blocks are visited
// once per state. It returns the instruction found and the state there.
func WalkState(from ssa.Instruction, init uint8, visit func(ssa.Instruction, uint8) (Verdict, uint8), skip func(*ssa.If) int) (ssa.Instruction, uint8) {
	return walk(from.Block(), indexOf(from.Block(), from)+1, init, visit, skip)
}

// WalkFromEntry is Walk from the first instruction of fn.
func WalkFromEntry(fn *ssa.Function, visit func(ssa.Instruction) Verdict) ssa.Instruction {
	if len(fn.Blocks) == 0 {
		return nil
	}
	found, _ := walk(fn.Blocks[0], 0, 0, func(instr ssa.Instruction, s uint8) (Verdict, uint8) {
		return visit(instr), s
	}, nil)
	return found
}

func walk(start *ssa.BasicBlock, first int, init uint8, visit func(ssa.Instruction, uint8) (Verdict, uint8), skip func(*ssa.If) int) (ssa.Instruction, uint8) {
	seen := map[blockState]bool{}
	type item struct {
		b     *ssa.BasicBlock
		first int
		s     uint8
	}
	stack := []item{{start, first, init}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		s := it.s
		stopped := false
		for _, instr := range it.b.Instrs[it.first:] {
			var v Verdict
			v, s = visit(instr, s)
			if v == Found {
				return instr, s
			}
			if v == Stop {
				stopped = true
				break
			}
		}
		if stopped {
			continue
		}
		succs := it.b.Succs
		if skip != nil && len(succs) == 2 {
			if ifi, ok := it.b.Instrs[len(it.b.Instrs)-1].(*ssa.If); ok {
				if k := skip(ifi); k == 0 || k == 1 {
					succs = []*ssa.BasicBlock{succs[1-k]}
				}
			}
		}
		for _, succ := range succs {
			k := blockState{succ, s}
			if !seen[k] {
				seen[k] = true
				stack = append(stack, item{succ, 0, s})
			}
		}
	}
	return nil, 0
}

func indexOf(b *ssa.BasicBlock, instr ssa.Instruction) int {
	for i, x := range b.Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// Reachable reports whether to can execute after from (in the same
// function), with every instruction for which stop returns true cutting
// the path.
func Reachable(from, to ssa.Instruction, stop func(ssa.Instruction) bool) bool {
	return Walk(from, func(instr ssa.Instruction) Verdict {
		if instr == to {
			return Found
		}
		if stop != nil && stop(instr) {
			return Stop
		}
		return Continue
	}, nil) != nil
}

// Before reports whether instruction a is executed before b on every
// path from the function's entry to b: a's block dominates b's, and within
// one block a comes first.
func Before(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		return indexOf(a.Block(), a) < indexOf(b.Block(), b)
	}
	return a.Block().Dominates(b.Block())
}
