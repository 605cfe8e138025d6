package sockshare

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// scanResult is what the cross-check pass returns per package.
type scanResult struct {
	fast, slow int
	diffs      []string
}

// xcheck runs sockshare's launchers like run does, and for every
// goroutine and socket that checkGo would look at compares scan (the
// walk-free answer) with walkGo (the walk) wherever scan answers.
var xcheck = &analysis.Analyzer{
	Name:       "sockshare_xcheck",
	Doc:        "test: scan agrees with walkGo",
	Run:        xcheckRun,
	Requires:   Analyzer.Requires,
	FactTypes:  Analyzer.FactTypes,
	ResultType: reflect.TypeFor[*scanResult](),
}

func xcheckRun(pass *analysis.Pass) (any, error) {
	out := &scanResult{}
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return out, nil
	}
	c := &checker{pass: pass, res: res, seen: map[seenKey]bool{}, lockers: map[*ssa.Function][]relKey{}}
	a := newSummarizer(c)
	a.exportFacts()
	for _, fn := range res.SrcFuncs {
		l, gos := c.newLauncher(a, fn)
		for _, ge := range gos {
			g := ge.g
			for _, k := range l.sockets(g.uses) {
				if len(l.usesOf(g.uses, k)) == 0 || l.shareable(k, l.types[k]) {
					continue
				}
				def := rootDef(k)
				mine, others, returns, ok := l.scan(g, k, def)
				if !ok {
					out.slow++
					continue
				}
				out.fast++
				wm, wo, wr := l.walkGo(g, k, def)
				if returns != wr || !sameSet(mine, wm) || !sameSet(others, wo) {
					out.diffs = append(out.diffs, fmt.Sprintf("%s: go at %s: scan %d uses, %d goroutines, returns %v; walk %d, %d, %v",
						fn, pass.Fset.Position(g.instr.Pos()), len(mine), len(others), returns, len(wm), len(wo), wr))
				}
			}
		}
	}
	return out, nil
}

func sameSet[T comparable](a, b []T) bool {
	sa, sb := map[T]bool{}, map[T]bool{}
	for _, x := range a {
		sa[x] = true
	}
	for _, x := range b {
		sb[x] = true
	}
	if len(sa) != len(sb) {
		return false
	}
	for x := range sa {
		if !sb[x] {
			return false
		}
	}
	return true
}

// lenient is an analysistest.Testing that ignores the // want lines
// (xcheck reports nothing).
type lenient struct{}

func (lenient) Errorf(string, ...any) {}

// TestScanMatchesWalk: on every sockshare test package, wherever scan
// answers without the walk, it finds the same uses, goroutines and
// return as the walk (and it answers most of the time).
func TestScanMatchesWalk(t *testing.T) {
	dir := testutil.TestData(t)
	pkgs := []string{"sockshare/basic", "sockshare/fields", "sockshare/poller", "sockshare/lib", "sockshare/use", "sockshare/fix", "sockshare/order", "sockshare/rangefunc", "sockshare/pkgclosure"}
	fast, slow := 0, 0
	for _, r := range analysistest.Run(lenient{}, dir, xcheck, pkgs...) {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Pass.Pkg.Path(), r.Err)
		}
		sr := r.Result.(*scanResult)
		fast += sr.fast
		slow += sr.slow
		for _, d := range sr.diffs {
			t.Error(d)
		}
	}
	// The stress shapes of bench/gen: the goroutines shape (N sockets,
	// each used by its own goroutine and by the launcher, in loops too)
	// and the ring.
	var b strings.Builder
	b.WriteString("package shapes\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc Fan(endpoint string, xs []int) error {\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "\ts%d, err := zmq.NewSocket(zmq.PUSH)\n\tif err != nil {\n\t\treturn err\n\t}\n\tdefer s%d.Close()\n", i, i)
		if i%3 == 0 {
			fmt.Fprintf(&b, "\tfor range xs {\n\t\tgo func() { s%d.Send(\"g\", 0) }()\n\t}\n", i)
		} else {
			fmt.Fprintf(&b, "\tgo func() {\n\t\ts%d.Send(\"g\", 0)\n\t}()\n", i)
		}
		fmt.Fprintf(&b, "\ts%d.Send(\"l\", 0)\n", i)
	}
	b.WriteString("\treturn nil\n}\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "\nfunc F%d(n int, s *zmq.Socket) {\n\tif n <= 0 {\n\t\ts.Send(\"tick\", 0)\n\t\treturn\n\t}\n\tgo F%d(n-1, s)\n\tF%d(n-1, s)\n\tF%d(n-1, s)\n}\n", i, (i+1)%20, (i+1)%20, (i+2)%20)
	}
	gen := testutil.StubGOPATH(t, []string{"github.com/pebbe/zmq4"}, map[string]string{"shapes/shapes.go": b.String()})
	for _, r := range analysistest.Run(lenient{}, gen, xcheck, "shapes") {
		if r.Err != nil {
			t.Fatalf("shapes: %v", r.Err)
		}
		sr := r.Result.(*scanResult)
		fast += sr.fast
		slow += sr.slow
		for _, d := range sr.diffs {
			t.Error(d)
		}
	}
	t.Logf("scan answered %d (goroutine, socket) pairs, the walk %d", fast, slow)
	if fast == 0 {
		t.Error("scan never answered")
	}
}
