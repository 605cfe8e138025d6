// Package summary computes per-function summaries ("what a call of this
// function does with its parameters") over one package's call graph, for
// the checks that follow calls into helpers.
//
// A Table computes each function's summary from its callees' summaries,
// one strongly connected component of the call graph at a time, callees
// first. A function outside any cycle is computed exactly once. The
// functions of a cycle (mutual or self recursion) start from Bottom and
// are recomputed, in rounds, until no summary changes: a fixed point. A
// cycle that has not settled after MaxRounds rounds (a summary that is not
// monotone can oscillate) gets Unknown for every member, which the check
// must treat like unknown code. So each function is computed at most
// MaxRounds times, whatever the shape of the calls; the memo-and-trail
// pattern this replaces computed a cycle's members once per call path
// into it, or handed out partial answers that depended on the order in
// which functions were visited.
//
// Functions of other packages (or without a body) are summarized by
// Import, typically from an object fact their package exported, once per
// function.
//
// Parameter indexes follow one convention everywhere, that of
// ssa.Function.Params: a method's receiver is parameter 0. Args returns
// what a call binds to those indexes.
package summary

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// DefaultMaxRounds bounds the rounds of a cycle's fixed-point iteration.
const DefaultMaxRounds = 8

// Config says how to summarize one function. Compute and Equal are
// required.
type Config[S any] struct {
	// Pkg is the package whose functions are computed; a function of
	// another package, or one without a body, is imported.
	Pkg *ssa.Package
	// Compute returns fn's summary. It gets its callees' summaries from
	// get, which reports false for a function with no summary (unknown
	// code). Compute must not keep state between calls other than
	// memos of its own results: a function of a cycle is computed again
	// in every round, with its callees' latest approximations.
	Compute func(fn *ssa.Function, get func(*ssa.Function) (S, bool)) S
	// Equal reports whether two summaries of a function are the same:
	// it decides when a cycle has settled. The table keeps the value of
	// the last round, so S may carry data that Equal ignores, as long as
	// it follows from the callees' summaries.
	Equal func(a, b S) bool
	// Bottom is a cycle member's first approximation (nil: the zero S,
	// typically "does nothing").
	Bottom func(fn *ssa.Function) S
	// Unknown is the summary of every member of a cycle that did not
	// settle within MaxRounds rounds (nil: the zero S). It should say
	// "unknown code".
	Unknown func(fn *ssa.Function) S
	// Import returns the summary of a function of another package (or a
	// function without a body), typically from its object fact; false:
	// none. Called once per function object. nil: no imports.
	Import func(obj *types.Func) (S, bool)
	// Callees returns the functions fn's summary may ask for; extra
	// functions cost only precision in which cycles are found, missing
	// ones are handled (see get) but may be summarized as Unknown on a
	// cycle. nil: StaticCallees.
	Callees func(fn *ssa.Function) []*ssa.Function
	// MaxRounds bounds a cycle's rounds (0: DefaultMaxRounds).
	MaxRounds int
}

// Table holds the summaries of one package's functions. It is created per
// analysis pass: no state outlives one package.
type Table[S any] struct {
	cfg     Config[S]
	done    map[*ssa.Function]S
	imports map[*types.Func]imported[S]

	// Tarjan's state of the traversal in progress.
	index   map[*ssa.Function]int
	low     map[*ssa.Function]int
	onStack map[*ssa.Function]bool
	stack   []*ssa.Function
	next    int

	// The cycle being iterated: its members' current approximations.
	approx map[*ssa.Function]S

	// Computes counts Compute calls (for tests of the bound).
	Computes int
}

type imported[S any] struct {
	s  S
	ok bool
}

// New returns an empty table.
func New[S any](cfg Config[S]) *Table[S] {
	if cfg.MaxRounds <= 0 {
		cfg.MaxRounds = DefaultMaxRounds
	}
	if cfg.Callees == nil {
		cfg.Callees = StaticCallees
	}
	return &Table[S]{
		cfg:     cfg,
		done:    map[*ssa.Function]S{},
		imports: map[*types.Func]imported[S]{},
		index:   map[*ssa.Function]int{},
		low:     map[*ssa.Function]int{},
		onStack: map[*ssa.Function]bool{},
		approx:  map[*ssa.Function]S{},
	}
}

// local reports whether fn is computed here rather than imported.
func (t *Table[S]) local(fn *ssa.Function) bool {
	return fn.Blocks != nil && (t.cfg.Pkg == nil || fn.Pkg == t.cfg.Pkg)
}

// Of returns fn's summary; false: fn has none (unknown code).
func (t *Table[S]) Of(fn *ssa.Function) (S, bool) {
	if fn == nil {
		var zero S
		return zero, false
	}
	if !t.local(fn) {
		return t.importOf(fn)
	}
	if s, ok := t.done[fn]; ok {
		return s, true
	}
	if s, ok := t.approx[fn]; ok {
		return s, true // a member of the cycle being iterated
	}
	if t.onStack[fn] {
		// Reached by a call that Callees did not list, while its own
		// component is still open: no sound value exists yet.
		return t.unknown(fn), true
	}
	if _, visited := t.index[fn]; visited {
		// Visited by an enclosing traversal but already popped: only
		// possible inside Compute of a component that is being solved;
		// its value is final in done (handled above) or approx.
		return t.unknown(fn), true
	}
	t.visit(fn)
	if s, ok := t.done[fn]; ok {
		return s, true
	}
	return t.unknown(fn), true
}

func (t *Table[S]) importOf(fn *ssa.Function) (S, bool) {
	var zero S
	obj, ok := fn.Object().(*types.Func)
	if !ok || t.cfg.Import == nil {
		return zero, false
	}
	obj = obj.Origin()
	if t.cfg.Pkg != nil && obj.Pkg() == t.cfg.Pkg.Pkg {
		// A function of this package reached through a wrapper or an
		// instance: its own summary (never memoized here, as it may be
		// an approximation of a cycle being iterated).
		if f := t.cfg.Pkg.Prog.FuncValue(obj); f != nil && f != fn && t.local(f) {
			return t.Of(f)
		}
		return zero, false
	}
	if im, ok := t.imports[obj]; ok {
		return im.s, im.ok
	}
	s, ok := t.cfg.Import(obj)
	t.imports[obj] = imported[S]{s, ok}
	return s, ok
}

// visit is Tarjan's strongly-connected-components traversal from fn; each
// component is solved when it is complete, callees' components first.
func (t *Table[S]) visit(fn *ssa.Function) {
	t.index[fn] = t.next
	t.low[fn] = t.next
	t.next++
	t.stack = append(t.stack, fn)
	t.onStack[fn] = true
	self := false
	for _, c := range t.cfg.Callees(fn) {
		if c == nil || !t.local(c) {
			continue
		}
		if c == fn {
			self = true
		}
		if _, done := t.done[c]; done {
			continue
		}
		if _, visited := t.index[c]; !visited {
			t.visit(c)
			t.low[fn] = min(t.low[fn], t.low[c])
		} else if t.onStack[c] {
			t.low[fn] = min(t.low[fn], t.index[c])
		}
	}
	if t.low[fn] != t.index[fn] {
		return
	}
	// fn is the root of a component: pop it, most recently visited
	// (deepest, mostly callees) first.
	var scc []*ssa.Function
	for {
		n := len(t.stack) - 1
		m := t.stack[n]
		t.stack = t.stack[:n]
		t.onStack[m] = false
		scc = append(scc, m)
		if m == fn {
			break
		}
	}
	t.solve(scc, self)
}

// solve computes a component's summaries.
func (t *Table[S]) solve(scc []*ssa.Function, self bool) {
	if len(scc) == 1 && !self {
		t.done[scc[0]] = t.compute(scc[0])
		return
	}
	for _, m := range scc {
		t.approx[m] = t.bottom(m)
	}
	settled := false
	for round := 0; round < t.cfg.MaxRounds && !settled; round++ {
		settled = true
		for _, m := range scc {
			s := t.compute(m)
			if !t.cfg.Equal(s, t.approx[m]) {
				settled = false
			}
			// Keep the latest value even when equal: a summary may
			// carry data Equal ignores (sockshare's events), which
			// must come from the final round.
			t.approx[m] = s
		}
	}
	for _, m := range scc {
		if settled {
			t.done[m] = t.approx[m]
		} else {
			t.done[m] = t.unknown(m)
		}
		delete(t.approx, m)
	}
}

func (t *Table[S]) compute(fn *ssa.Function) S {
	t.Computes++
	return t.cfg.Compute(fn, t.Of)
}

func (t *Table[S]) bottom(fn *ssa.Function) S {
	if t.cfg.Bottom != nil {
		return t.cfg.Bottom(fn)
	}
	var zero S
	return zero
}

func (t *Table[S]) unknown(fn *ssa.Function) S {
	if t.cfg.Unknown != nil {
		return t.cfg.Unknown(fn)
	}
	var zero S
	return zero
}

// StaticCallees returns the functions fn may call, start or hand on
// directly: every function (or closure's function) among the operands of
// its instructions, so that a closure passed to errgroup's Go or a method
// value counts too. Anonymous functions are included through their
// MakeClosure (or, when they capture nothing, as a function operand).
func StaticCallees(fn *ssa.Function) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	add := func(f *ssa.Function) {
		if f != nil && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ops = instr.Operands(ops[:0])
			for _, op := range ops {
				if op == nil || *op == nil {
					continue
				}
				switch v := (*op).(type) {
				case *ssa.Function:
					add(v)
					if v.Synthetic != "" {
						// A wrapper ($bound, $thunk, an interface
						// wrapper) stands for the method it calls.
						for _, w := range StaticCallees(v) {
							add(w)
						}
					}
				case *ssa.MakeClosure:
					if f, ok := v.Fn.(*ssa.Function); ok {
						add(f)
					}
				}
			}
		}
	}
	return out
}

// Args returns the values a static call binds to its callee's parameter
// indexes, receiver first (the convention of ssa.Function.Params and of
// every fact): a call of a method value bound to x (x.M, a $bound
// closure) binds x to index 0. The second result is the closure's bound
// free variables for a function literal, nil otherwise.
func Args(common *ssa.CallCommon) (args, free []ssa.Value) {
	if common.IsInvoke() {
		return append([]ssa.Value{common.Value}, common.Args...), nil
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		if fn, ok := mc.Fn.(*ssa.Function); ok && fn.Synthetic != "" && len(mc.Bindings) > 0 {
			// x.M as a value: the wrapper's free variable is M's receiver.
			return append([]ssa.Value{mc.Bindings[0]}, common.Args...), nil
		}
		return common.Args, mc.Bindings
	}
	return common.Args, nil
}
