package driver

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/testutil"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestReleaseCountsMatchChecker: the releaser's count of the actions on
// each package (its replica of checker.Analyze's mkAction) is the set of
// actions the checker's graph holds, on a graph with named packages and
// dependencies (the lifecycle, zerocopy and multipart testdata trees with their import chains and the stubs of the
// bindings); the run releases every package whose actions all ran, and
// never turns itself off.
func TestReleaseCountsMatchChecker(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and analyses testdata/src")
	}
	gopath := testutil.CopyGOPATH(t, "lifecycle", "zerocopy", "multipart")
	lc := loadConfig{tests: true, dir: filepath.Join(gopath, "src"), env: testEnv("GO111MODULE=off", "GOPATH="+gopath, "PKG_CONFIG=false")}
	pkgs, err := load([]string{"./lifecycle/...", "./zerocopy/...", "./multipart/..."}, lc, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	all := append(analyzers.All(), analyzers.Always()...)
	rel := newReleaser(analyzerGraph(all), pkgs)
	if rel == nil {
		t.Fatal("no releaser for testdata/src")
	}
	guarded := guardCachedReleasing(all, nil, nil, nil, rel)
	graph, err := checker.Analyze(guarded, pkgs, &checker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[*releaseState]map[string]bool)
	ran := make(map[*releaseState]bool) // every action ran (no error skipped one)
	for act := range graph.All() {
		s := rel.state[act.Package.Types]
		if s == nil {
			t.Errorf("%s: an action on a package the releaser does not know", act)
			continue
		}
		if got[s] == nil {
			got[s] = make(map[string]bool)
			ran[s] = true
		}
		got[s][act.Analyzer.Name] = true
		if act.Err != nil {
			ran[s] = false
		}
	}
	if len(got) < 10 {
		t.Fatalf("only %d packages in the graph", len(got))
	}
	deps := 0
	for s, names := range got {
		var want []string
		for a := range s.want {
			want = append(want, a.Name)
		}
		var have []string
		for n := range names {
			have = append(have, n)
		}
		sort.Strings(want)
		sort.Strings(have)
		if len(want) != len(have) || !equalStrings(want, have) {
			t.Errorf("%s: the checker ran %v, the releaser expects %v", s.pkg.ID, have, want)
		}
		if !s.root {
			deps++
		}
		if ran[s] && !s.freed {
			t.Errorf("%s: every action ran, but the package was not released", s.pkg.ID)
		}
		if s.freed && (s.pkg.TypesInfo != nil || (!s.root && s.pkg.Syntax != nil) || (s.root && s.pkg.Syntax == nil && len(s.pkg.CompiledGoFiles) > 0)) {
			t.Errorf("%s: released, but TypesInfo %v, Syntax %d files (root %v)", s.pkg.ID, s.pkg.TypesInfo != nil, len(s.pkg.Syntax), s.root)
		}
	}
	if deps == 0 {
		t.Error("no dependency in the graph: the test does not check the import rule")
	}
	if rel.off {
		t.Error("the releaser turned itself off on a graph it counted")
	}
}

// TestReleaseOffOnMismatch: an action the count does not expect turns
// the releaser off instead of releasing.
func TestReleaseOffOnMismatch(t *testing.T) {
	a := &analysis.Analyzer{Name: "a"}
	b := &analysis.Analyzer{Name: "b"}
	c := &analysis.Analyzer{Name: "c"}
	for _, tc := range []struct {
		name string
		runs []*analysis.Analyzer
	}{
		{"unexpected analyzer", []*analysis.Analyzer{a, c, b}},
		{"analyzer twice", []*analysis.Analyzer{a, a, b}},
		{"after the release", []*analysis.Analyzer{a, b, a}},
	} {
		tp := types.NewPackage("p", "p")
		p := &packages.Package{ID: "p", Types: tp, TypesInfo: &types.Info{}}
		r := newReleaser([]*analysis.Analyzer{a, b}, []*packages.Package{p})
		for _, x := range tc.runs {
			r.finished(x, &analysis.Pass{Pkg: tp, Files: []*ast.File{{}}}, nil)
		}
		if !r.off {
			t.Errorf("%s: the releaser is still on", tc.name)
		}
	}
	// The count fits: released.
	tp := types.NewPackage("p", "p")
	p := &packages.Package{ID: "p", Types: tp, TypesInfo: &types.Info{}}
	r := newReleaser([]*analysis.Analyzer{a, b}, []*packages.Package{p})
	pass := &analysis.Pass{Pkg: tp, Files: []*ast.File{{}}}
	res := &fakeResult{}
	r.finished(a, pass, res)
	if res.released || p.TypesInfo == nil {
		t.Error("released before the last action")
	}
	r.finished(b, &analysis.Pass{Pkg: tp}, nil)
	if r.off || !res.released || p.TypesInfo != nil || pass.Files != nil {
		t.Errorf("not released after the last action: off %v, result released %v", r.off, res.released)
	}
}

type fakeResult struct{ released bool }

func (f *fakeResult) Release() { f.released = true }

func equalStrings(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestRunGateOrder: a freed slot goes to the waiter of the lowest rank,
// and every waiter gets one.
func TestRunGateOrder(t *testing.T) {
	pkgs := []*types.Package{types.NewPackage("a", "a"), types.NewPackage("b", "b"), types.NewPackage("c", "c")}
	g := &runGate{free: 1, rank: map[*types.Package]int{pkgs[0]: 0, pkgs[1]: 1, pkgs[2]: 2}}
	g.enter(pkgs[0]) // the only slot
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	for _, i := range []int{2, 0, 1} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.enter(pkgs[i])
			mu.Lock()
			order = append(order, pkgs[i].Path())
			mu.Unlock()
			g.leave()
		}()
	}
	for {
		g.mu.Lock()
		n := g.waiting.Len()
		g.mu.Unlock()
		if n == 3 {
			break
		}
		runtime.Gosched()
	}
	g.leave()
	wg.Wait()
	if got := strings.Join(order, ","); got != "a,b,c" {
		t.Errorf("served %s, want a,b,c", got)
	}
	if g.free != 1 {
		t.Errorf("%d free slots after all left, want 1", g.free)
	}
}
