package summary_test

import (
	"fmt"
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/ssatest"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
)

func build(t *testing.T, src string) *ssa.Package { return ssatest.Build(t, src) }

// sinks is a toy summary: does a call of fn reach sink() (directly or
// through callees)? Monotone, so every cycle settles.
func sinks(pkg *ssa.Package) *summary.Table[bool] {
	return summary.New(summary.Config[bool]{
		Pkg:     pkg,
		Compute: sinkCompute,
		Equal:   func(a, b bool) bool { return a == b },
	})
}

func sinkCompute(fn *ssa.Function, get func(*ssa.Function) (bool, bool)) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			callee := c.Common().StaticCallee()
			if callee == nil {
				continue
			}
			if callee.Name() == "sink" {
				return true
			}
			if s, ok := get(callee); ok && s {
				return true
			}
		}
	}
	return false
}

// ring is the shape of issue 19: F<i> starts F<i+1> and calls F<i+1>
// and F<i+2>; only the last one reaches sink.
func ring(n int) string {
	var b strings.Builder
	b.WriteString("package p\n\nfunc sink() {}\n")
	for i := 0; i < n; i++ {
		body := ""
		if i == n-1 {
			body = "\tif n == 0 {\n\t\tsink()\n\t}\n"
		}
		fmt.Fprintf(&b, "\nfunc F%d(n int) {\n%s\tgo F%d(n - 1)\n\tF%d(n - 1)\n\tF%d(n - 1)\n}\n", i, body, (i+1)%n, (i+1)%n, (i+2)%n)
	}
	b.WriteString("\nfunc Leaf() {}\n\nfunc UsesRing() { F0(3) }\n")
	return b.String()
}

func TestRingIsBounded(t *testing.T) {
	const n = 400
	pkg := build(t, ring(n))
	tab := sinks(pkg)
	for i := 0; i < n; i++ {
		s, ok := tab.Of(pkg.Func(fmt.Sprintf("F%d", i)))
		if !ok || !s {
			t.Fatalf("F%d: got (%v, %v), want (true, true): every member of the ring reaches sink", i, s, ok)
		}
	}
	if s, _ := tab.Of(pkg.Func("UsesRing")); !s {
		t.Errorf("UsesRing: want true")
	}
	if s, _ := tab.Of(pkg.Func("Leaf")); s {
		t.Errorf("Leaf: want false")
	}
	// Monotone: settled in a few rounds of the 400 members (+ the two
	// functions outside the ring, once each).
	if max := 3*n + 2; tab.Computes > max {
		t.Errorf("computed %d summaries for a ring of %d, want at most %d", tab.Computes, n, max)
	}
}

func TestAcyclicComputedOnce(t *testing.T) {
	pkg := build(t, `package p

func sink() {}
func A() { B(); C() }
func B() { D() }
func C() { D() }
func D() { sink() }
`)
	tab := sinks(pkg)
	for _, name := range []string{"A", "B", "C", "D", "A", "D"} {
		if s, _ := tab.Of(pkg.Func(name)); !s {
			t.Errorf("%s: want true", name)
		}
	}
	if tab.Computes != 5 {
		t.Errorf("computed %d summaries of 5 acyclic functions (sink included), want 5 (each once)", tab.Computes)
	}
}

// A summary that never settles (each round counts one more call) is
// Unknown for the whole cycle, after MaxRounds rounds.
func TestNotSettlingIsUnknown(t *testing.T) {
	pkg := build(t, `package p

func A() { B() }
func B() { A() }
func C() { A() }
`)
	type sum struct {
		n       int
		unknown bool
	}
	tab := summary.New(summary.Config[sum]{
		Pkg: pkg,
		Compute: func(fn *ssa.Function, get func(*ssa.Function) (sum, bool)) sum {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if c, ok := instr.(*ssa.Call); ok {
						if s, ok := get(c.Call.StaticCallee()); ok {
							if s.unknown {
								return s
							}
							return sum{n: s.n + 1}
						}
					}
				}
			}
			return sum{}
		},
		Equal:     func(a, b sum) bool { return a == b },
		Unknown:   func(*ssa.Function) sum { return sum{unknown: true} },
		MaxRounds: 5,
	})
	for _, name := range []string{"A", "B", "C"} {
		if s, _ := tab.Of(pkg.Func(name)); !s.unknown {
			t.Errorf("%s: got %+v, want unknown", name, s)
		}
	}
	if tab.Computes != 5*2+1 {
		t.Errorf("computed %d summaries, want %d (5 rounds of 2, then C once)", tab.Computes, 5*2+1)
	}
}

// A call that Callees does not list still gets an answer: a cycle found
// only through get is Unknown where it closes, never a hang.
func TestUnlistedCycle(t *testing.T) {
	pkg := build(t, `package p

func sink() {}
func A() { B() }
func B() { A(); sink() }
`)
	tab := summary.New(summary.Config[bool]{
		Pkg:     pkg,
		Compute: sinkCompute,
		Equal:   func(a, b bool) bool { return a == b },
		Callees: func(*ssa.Function) []*ssa.Function { return nil },
	})
	if s, ok := tab.Of(pkg.Func("A")); !ok || !s {
		t.Errorf("A: got (%v, %v), want (true, true)", s, ok)
	}
}

func TestImportsOncePerFunction(t *testing.T) {
	pkg := build(t, `package p

import "strings"

func A() { strings.ToUpper("a"); strings.ToUpper("b") }
func B() { strings.ToUpper("c") }
`)
	imports := 0
	tab := summary.New(summary.Config[bool]{
		Pkg: pkg,
		Compute: func(fn *ssa.Function, get func(*ssa.Function) (bool, bool)) bool {
			any := false
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if c, ok := instr.(*ssa.Call); ok {
						s, _ := get(c.Call.StaticCallee())
						any = any || s
					}
				}
			}
			return any
		},
		Equal: func(a, b bool) bool { return a == b },
		Import: func(obj *types.Func) (bool, bool) {
			imports++
			return obj.Name() == "ToUpper", true
		},
	})
	for _, name := range []string{"A", "B"} {
		if s, _ := tab.Of(pkg.Func(name)); !s {
			t.Errorf("%s: want true (from the import)", name)
		}
	}
	if imports != 1 {
		t.Errorf("Import called %d times for one function, want 1", imports)
	}
}

// Args binds the receiver to index 0, as ssa.Function.Params and the
// facts do, for a static method call and for a method value.
func TestArgsReceiverFirst(t *testing.T) {
	pkg := build(t, `package p

type T struct{}

func (T) M(x int) {}

func Static(t T) { t.M(1) }
func Value(t T) { f := t.M; f(2) }
func Closure(t T) { y := 3; func(x int) { _ = y }(4) }
`)
	check := func(fname string, wantArgs, wantFree int, recv bool) {
		t.Helper()
		fn := pkg.Func(fname)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				args, free := summary.Args(c.Common())
				if len(args) != wantArgs || len(free) != wantFree {
					t.Errorf("%s: %d args, %d free, want %d, %d", fname, len(args), len(free), wantArgs, wantFree)
				}
				if recv && args[0] != fn.Params[0] {
					t.Errorf("%s: args[0] = %v, want the receiver %v", fname, args[0], fn.Params[0])
				}
				return
			}
		}
		t.Errorf("%s: no call", fname)
	}
	check("Static", 2, 0, true)
	check("Value", 2, 0, true)
	check("Closure", 1, 1, false)
}

// The table keeps each cycle member's value of the last round, even when
// Equal says it did not change: data that Equal ignores (sockshare keeps
// a function's events next to its summary) must be the final round's.
func TestKeepsLastRound(t *testing.T) {
	pkg := build(t, `package p

func A() { B() }
func B() { A() }
`)
	type sum struct{ calls, round int }
	rounds := map[*ssa.Function]int{}
	tab := summary.New(summary.Config[sum]{
		Pkg: pkg,
		Compute: func(fn *ssa.Function, get func(*ssa.Function) (sum, bool)) sum {
			rounds[fn]++
			return sum{calls: 1, round: rounds[fn]}
		},
		Equal: func(a, b sum) bool { return a.calls == b.calls },
	})
	for _, name := range []string{"A", "B"} {
		fn := pkg.Func(name)
		s, _ := tab.Of(fn)
		if s.round != rounds[fn] || rounds[fn] != 2 {
			t.Errorf("%s: kept round %d of %d, want the last of 2", name, s.round, rounds[fn])
		}
	}
}
