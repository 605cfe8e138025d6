package driver

import (
	"container/heap"
	"go/types"
	"runtime"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Releasing the memory of finished packages (issue 16).
//
// checker.Analyze keeps every action's pass (its Files, TypesInfo and
// ResultOf) and every result until the whole graph has run, and the
// results of zmqssa, buffers, owner and astx hold the package's SSA and,
// through it, its syntax. On a large graph that is most of the peak. Once
// the last action of a package has finished, nothing reads those again:
// a dependent action needs only the package's types.Package and its
// facts, which the checker keeps in the actions. The releaser counts the
// finished actions of each package (the wrapped Run of every analyzer of
// the graph, guardCached, reports to it) and, at the last one, clears the
// passes and the packages.Package's TypesInfo (and Syntax, except of the
// named packages: the baseline names a finding's enclosing function from
// it after the run), and hollows the results that implement Release. The
// checks' own results (*registry.Result: the SARIF output reads the
// suppressed diagnostics) have no Release and are kept.
//
// The count of actions per package replicates checker.Analyze's
// mkAction: on a named package one per analyzer of the graph (the named
// analyzers and what they require, transitively), on a dependency one per
// analyzer with facts and what those require (expectedActions);
// TestReleaseCountsMatchChecker checks it against the checker's graph. If
// the actions that run do not fit the count (an analyzer not expected on
// the package, one running twice, one after the release), the releaser
// turns itself off for the rest of the run: a mismatch costs memory, never
// a finding. A package whose count is never reached (an action skipped
// for errors or failed prerequisites never runs) is simply not released.
//
// Releasing alone does not lower the peak much: the checker starts every
// action at once, and with each analyzer's actions ready as soon as their
// dependencies are, the runs interleave across the whole graph, so most
// packages have their SSA built and are waiting for a check of another
// package at the same time. The releaser therefore also orders the runs
// (runGate): at most GOMAXPROCS analyzers' Run bodies run at a time, and a
// freed slot goes to the waiting run whose package comes first in the
// packages' dependency order, so packages are finished, and released, from
// the bottom of the graph up instead of all at once. A Run body never
// waits for another action (the checker runs an action's dependencies
// before it calls Run), so a slot is always given back and the gate cannot
// deadlock; it changes the order of the runs, never their inputs.
type releaser struct {
	mu    sync.Mutex
	off   bool
	state map[*types.Package]*releaseState
	gate  *runGate
}

type releaseState struct {
	pkg     *packages.Package
	root    bool
	want    map[*analysis.Analyzer]bool // the analyzers the checker runs on pkg
	done    map[*analysis.Analyzer]bool
	passes  []*analysis.Pass
	results []any
	freed   bool
}

// newReleaser returns the releaser of a run of graph (every analyzer, the
// required ones too, as the checker gets them) on roots; nil if the
// graph's packages cannot be told apart by their types.Package (then
// nothing is released).
func newReleaser(graph []*analysis.Analyzer, roots []*packages.Package) *releaser {
	rootSet, depSet := expectedActions(graph)
	isRoot := make(map[*packages.Package]bool, len(roots))
	for _, p := range roots {
		isRoot[p] = true
	}
	r := &releaser{state: make(map[*types.Package]*releaseState)}
	r.gate = &runGate{free: runtime.GOMAXPROCS(0), rank: make(map[*types.Package]int)}
	ok := true
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.Types != nil {
			// Postorder: every package after its imports.
			r.gate.rank[p.Types] = len(r.gate.rank)
		}
		if p.Types == nil {
			return // no pass can name it
		}
		if r.state[p.Types] != nil {
			ok = false // two packages, one types.Package
			return
		}
		want := depSet
		if isRoot[p] {
			want = rootSet
		}
		r.state[p.Types] = &releaseState{pkg: p, root: isRoot[p], want: want, done: make(map[*analysis.Analyzer]bool)}
	})
	if !ok {
		return nil
	}
	return r
}

// expectedActions returns the analyzers of graph the checker creates an
// action for on a named package (all of graph) and on a dependency (those
// with facts and what they require), as checker.Analyze's mkAction does.
func expectedActions(graph []*analysis.Analyzer) (root, dep map[*analysis.Analyzer]bool) {
	root = make(map[*analysis.Analyzer]bool)
	dep = make(map[*analysis.Analyzer]bool)
	var need func(a *analysis.Analyzer)
	need = func(a *analysis.Analyzer) {
		if dep[a] {
			return
		}
		dep[a] = true
		for _, r := range a.Requires {
			need(r)
		}
	}
	for _, a := range graph {
		root[a] = true
		if len(a.FactTypes) > 0 {
			need(a)
		}
	}
	return root, dep
}

// finished records that analyzer a has finished on pass (the checker's
// pass, not a wrapper's copy) with result res, and releases the package
// if that was its last action.
func (r *releaser) finished(a *analysis.Analyzer, pass *analysis.Pass, res any) {
	if r == nil || pass == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.off {
		return
	}
	s := r.state[pass.Pkg]
	if s == nil || s.freed || !s.want[a] || s.done[a] {
		r.off = true // the graph is not the one counted: release nothing more
		return
	}
	s.done[a] = true
	s.passes = append(s.passes, pass)
	if res != nil {
		s.results = append(s.results, res)
	}
	if len(s.done) == len(s.want) {
		s.release()
	}
}

// release frees what the finished package s holds (see releaser).
func (s *releaseState) release() {
	s.freed = true
	for _, p := range s.passes {
		p.Files, p.TypesInfo, p.ResultOf = nil, nil, nil
	}
	for _, res := range s.results {
		if h, ok := res.(interface{ Release() }); ok {
			h.Release()
		}
	}
	s.passes, s.results = nil, nil
	s.pkg.TypesInfo = nil
	if !s.root {
		s.pkg.Syntax = nil
	}
}

// enter waits for a slot to run an analyzer on pkg (see releaser); leave
// gives it back. Both do nothing on a nil releaser.
func (r *releaser) enter(pkg *types.Package) {
	if r != nil {
		r.gate.enter(pkg)
	}
}

func (r *releaser) leave() {
	if r != nil {
		r.gate.leave()
	}
}

// runGate is a pool of free slots whose waiters are served lowest rank
// first (then first come), the rank of a package being its place in the
// dependency order.
type runGate struct {
	mu      sync.Mutex
	free    int
	seq     int
	rank    map[*types.Package]int
	waiting waitHeap
}

type gateWaiter struct {
	rank, seq int
	ready     chan struct{}
}

func (g *runGate) enter(pkg *types.Package) {
	g.mu.Lock()
	if g.free > 0 {
		g.free--
		g.mu.Unlock()
		return
	}
	rank, ok := g.rank[pkg]
	if !ok {
		rank = len(g.rank) // unknown: last
	}
	w := &gateWaiter{rank: rank, seq: g.seq, ready: make(chan struct{})}
	g.seq++
	heap.Push(&g.waiting, w)
	g.mu.Unlock()
	<-w.ready // the slot is handed over by leave
}

func (g *runGate) leave() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.waiting.Len() > 0 {
		close(heap.Pop(&g.waiting).(*gateWaiter).ready)
		return
	}
	g.free++
}

// waitHeap is a container/heap of waiters, lowest (rank, seq) first.
type waitHeap []*gateWaiter

func (h waitHeap) Len() int { return len(h) }
func (h waitHeap) Less(i, j int) bool {
	if h[i].rank != h[j].rank {
		return h[i].rank < h[j].rank
	}
	return h[i].seq < h[j].seq
}
func (h waitHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *waitHeap) Push(x any)   { *h = append(*h, x.(*gateWaiter)) }
func (h *waitHeap) Pop() any {
	old := *h
	w := old[len(old)-1]
	*h = old[:len(old)-1]
	return w
}
