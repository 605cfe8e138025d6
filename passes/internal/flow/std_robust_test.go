package flow_test

// This file is part of zmqlint's robustness tests (issue 8,
// docs/reliability.md). It lives here, not in internal/robust, because
// Go's internal-package rule only lets packages under passes/ import
// passes/internal/flow.

import (
	"testing"
	"time"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// flowClassifier treats every call as a use, so Track follows aliases as
// far as it can.
type flowClassifier struct{}

func (flowClassifier) Call(ssa.CallInstruction, ssa.Value) flow.Event { return flow.Use }
func (flowClassifier) Closure(ssa.CallInstruction, *ssa.Function, int) flow.Event {
	return flow.Close
}

// flowStdPackages are big, varied std packages whose SSA exercises the
// flow helpers (generics: slices, maps, sync/atomic; goto and labels:
// go/scanner, strconv, regexp/syntax; defers and recovers: net/http,
// encoding/json, text/template; select: net/http, os/exec).
var flowStdPackages = []string{"net/http", "encoding/json", "text/template", "regexp/syntax", "strconv", "slices", "maps", "go/scanner", "os/exec", "sync", "go/types"}

// TestFlowOnStd bypasses zmqssa's fast path (std never imports ZeroMQ, so
// the checks return at once there) and runs the shared SSA helpers of
// passes/internal/flow on every Alloc and call value of every function of
// big std packages: Track (as a value and, for Allocs, as a cell), then
// Walk, WalkState, Reachable and Before between its events. The test
// asserts only that nothing panics and that everything terminates.
func TestFlowOnStd(t *testing.T) {
	pkgsList := flowStdPackages
	if testing.Short() {
		pkgsList = []string{"encoding/json", "strconv"}
	}
	start := time.Now()
	cfg := &packages.Config{Mode: packages.LoadSyntax}
	pkgs, err := packages.Load(cfg, pkgsList...)
	if err != nil {
		t.Fatal(err)
	}
	prog, spkgs := ssautil.Packages(pkgs, ssa.InstantiateGenerics)
	for i, p := range spkgs {
		if p == nil {
			t.Fatalf("%s: no SSA package (load errors: %v)", pkgs[i].PkgPath, pkgs[i].Errors)
		}
	}
	prog.Build()
	var funcs, roots, events int
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg == nil || !isRoot(fn.Pkg, spkgs) || len(fn.Blocks) == 0 {
			continue
		}
		funcs++
		flow.WalkFromEntry(fn, func(ssa.Instruction) flow.Verdict { return flow.Continue })
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok {
					continue
				}
				switch v.(type) {
				case *ssa.Alloc, *ssa.Call:
				default:
					continue
				}
				roots++
				events += exerciseFlow(instr, flow.Track(v, false, flowClassifier{}))
				if _, ok := v.(*ssa.Alloc); ok {
					events += exerciseFlow(instr, flow.Track(v, true, flowClassifier{}))
				}
			}
		}
	}
	t.Logf("%d functions, %d tracked roots, %d events in %v", funcs, roots, events, time.Since(start))
	if funcs == 0 || roots == 0 {
		t.Fatal("nothing was exercised")
	}
}

func isRoot(p *ssa.Package, roots []*ssa.Package) bool {
	for _, r := range roots {
		if p == r {
			return true
		}
	}
	return false
}

// exerciseFlow runs the path searches from root over the resource's
// events, the way the checks do, and returns the number of events.
func exerciseFlow(root ssa.Instruction, r *flow.Resource) int {
	_ = r.Escapes()
	n := 0
	for instr, ev := range r.Events {
		n++
		flow.Reachable(root, instr, func(i ssa.Instruction) bool { return r.Events[i] == flow.Close })
		flow.Before(root, instr)
		flow.IsDeferred(instr)
		flow.WalkState(instr, uint8(ev), func(i ssa.Instruction, s uint8) (flow.Verdict, uint8) {
			if _, ok := i.(*ssa.Return); ok && s == uint8(flow.Escape) {
				return flow.Found, s
			}
			if e, ok := r.Events[i]; ok {
				return flow.Continue, uint8(e)
			}
			return flow.Continue, s
		}, func(*ssa.If) int { return int(n % 3) })
	}
	flow.Walk(root, func(i ssa.Instruction) flow.Verdict {
		if r.Events[i] == flow.Close {
			return flow.Stop
		}
		return flow.Continue
	}, nil)
	for v := range r.Values {
		value.Named(v.Type())
	}
	return n
}
