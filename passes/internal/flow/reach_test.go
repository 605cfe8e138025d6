package flow_test

import (
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// TestReachMatchesReachable checks flow.Reach against the plain walk on
// every function of std packages with loops, gotos, defers and selects:
// for pairs of instructions (the first, the last and every call of each
// block, so the numbers stay bounded) both must agree, with and without
// a stop set.
func TestReachMatchesReachable(t *testing.T) {
	cfg := &packages.Config{Mode: packages.LoadSyntax}
	pkgs, err := packages.Load(cfg, "strconv", "regexp/syntax", "go/scanner", "encoding/json")
	if err != nil {
		t.Fatal(err)
	}
	prog, _ := ssautil.Packages(pkgs, 0)
	prog.Build()
	queries := 0
	for fn := range ssautil.AllFunctions(prog) {
		if len(fn.Blocks) == 0 || len(fn.Blocks) > 60 {
			continue
		}
		var instrs []ssa.Instruction
		for _, b := range fn.Blocks {
			for i, instr := range b.Instrs {
				_, call := instr.(ssa.CallInstruction)
				if i == 0 || i == len(b.Instrs)-1 || call {
					instrs = append(instrs, instr)
				}
			}
		}
		if len(instrs) > 80 {
			instrs = instrs[:80]
		}
		r := flow.NewReach(fn)
		stop := func(instr ssa.Instruction) bool { _, ok := instr.(*ssa.Call); return ok }
		for _, a := range instrs {
			for _, b := range instrs {
				queries++
				if got, want := r.Reachable(a, b, nil), flow.Reachable(a, b, nil); got != want {
					t.Fatalf("%s: Reach.Reachable(%v, %v) = %v, walk says %v", fn, a, b, got, want)
				}
				if got, want := r.Reachable(a, b, stop), flow.Reachable(a, b, stop); got != want {
					t.Fatalf("%s: Reach.Reachable(%v, %v, stop at calls) = %v, walk says %v", fn, a, b, got, want)
				}
			}
		}
		for _, a := range fn.Blocks {
			for _, b := range fn.Blocks {
				if got, want := r.BlockReaches(a, b), walkBlocks(a, b); got != want {
					t.Fatalf("%s: BlockReaches(%d, %d) = %v, walk says %v", fn, a.Index, b.Index, got, want)
				}
			}
		}
	}
	if queries < 10000 {
		t.Errorf("only %d queries: the test lost its input", queries)
	}
}

// walkBlocks is the plain search BlockReaches must agree with: a path of
// one or more edges from a to b.
func walkBlocks(a, b *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), a.Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			work = append(work, x.Succs...)
		}
	}
	return false
}
