package lifecycle

import (
	"fmt"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// ParamFact is an object fact on a function with socket or context
// parameters: which of them it closes (terminates) on every path, and
// which it only uses. A parameter in neither set may be kept by the
// function, so callers treat passing it as an escape. Indexes count the
// receiver of a method as parameter 0.
type ParamFact struct {
	Closes  []int
	Borrows []int
}

func (*ParamFact) AFact() {}

func (f *ParamFact) String() string {
	var parts []string
	if len(f.Closes) > 0 {
		parts = append(parts, fmt.Sprintf("closes%v", f.Closes))
	}
	if len(f.Borrows) > 0 {
		parts = append(parts, fmt.Sprintf("borrows%v", f.Borrows))
	}
	return "zmqParams(" + strings.Join(parts, " ") + ")"
}

func (f *ParamFact) event(i int) flow.Event {
	for _, c := range f.Closes {
		if c == i {
			return flow.Close
		}
	}
	for _, b := range f.Borrows {
		if b == i {
			return flow.Use
		}
	}
	return flow.Escape
}

// summaries computes, once per function, what this package's functions do
// with their socket and context parameters and captured variables, on the
// one summary framework (summary.Table: callees first, a cycle iterated
// from "escapes" until it settles, other packages' functions from their
// ParamFact).
type summaries struct {
	pass  *analysis.Pass
	res   *zmqssa.Result
	table *summary.Table[funcSum]
}

// funcSum is a function's summary: the event of each parameter (receiver
// first) and of each free variable. A missing entry, and NoEvent for a
// parameter that cannot hold a socket or context, is an escape: the
// caller does not know.
type funcSum struct {
	params, free []flow.Event
}

func (f funcSum) param(i int) flow.Event   { return at(f.params, i) }
func (f funcSum) freeVar(i int) flow.Event { return at(f.free, i) }
func (f funcSum) equal(g funcSum) bool {
	return slices.Equal(f.params, g.params) && slices.Equal(f.free, g.free)
}
func at(es []flow.Event, i int) flow.Event {
	if i < 0 || i >= len(es) || es[i] == flow.NoEvent {
		return flow.Escape
	}
	return es[i]
}

func newSummaries(pass *analysis.Pass, res *zmqssa.Result) *summaries {
	s := &summaries{pass: pass, res: res}
	s.table = summary.New(summary.Config[funcSum]{
		Pkg:     res.Pkg,
		Compute: func(fn *ssa.Function, _ func(*ssa.Function) (funcSum, bool)) funcSum { return s.compute(fn) },
		Equal:   funcSum.equal,
		// Bottom and Unknown are the zero funcSum: every parameter
		// escapes. A cycle starts from "escapes", so recursion is
		// treated as unknown code, as a false "closes" would hide a
		// leak.
		Import: s.importFact,
	})
	return s
}

// importFact summarizes a function of another package from its ParamFact.
func (s *summaries) importFact(obj *types.Func) (funcSum, bool) {
	var f ParamFact
	if !s.pass.ImportObjectFact(obj, &f) {
		return funcSum{}, false
	}
	var sum funcSum
	set := func(i int, e flow.Event) {
		for len(sum.params) <= i {
			sum.params = append(sum.params, flow.NoEvent)
		}
		sum.params[i] = e
	}
	for _, i := range f.Borrows {
		set(i, flow.Use)
	}
	for _, i := range f.Closes {
		set(i, flow.Close)
	}
	return sum, true
}

// param returns what a call to fn does with its parameter i (receiver
// first): Close, Use (borrow) or Escape (unknown).
func (s *summaries) param(fn *ssa.Function, i int) flow.Event {
	sum, _ := s.table.Of(fn)
	return sum.param(i)
}

// freeVar returns what calling closure fn does with its free variable i.
func (s *summaries) freeVar(fn *ssa.Function, i int) flow.Event {
	sum, _ := s.table.Of(fn)
	return sum.freeVar(i)
}

// compute tracks each parameter and free variable of fn that may hold a
// socket or context (its type is one, or an interface one converts to).
// A free variable whose type points to such a type is a captured
// variable (a cell), tracked through its loads.
func (s *summaries) compute(fn *ssa.Function) funcSum {
	var sum funcSum
	for _, p := range fn.Params {
		e := flow.NoEvent
		if s.trackable(p.Type()) {
			e = s.track(fn, p, false, p.Type())
		}
		sum.params = append(sum.params, e)
	}
	for _, fv := range fn.FreeVars {
		e := flow.NoEvent
		if t := fv.Type(); s.trackable(t) {
			e = s.track(fn, fv, false, t)
		} else if p, ok := t.Underlying().(*types.Pointer); ok && s.trackable(p.Elem()) {
			e = s.track(fn, fv, true, p.Elem())
		}
		sum.free = append(sum.free, e)
	}
	return sum
}

func (s *summaries) trackable(t types.Type) bool {
	return isResourceType(s.res.Model, t) || types.IsInterface(t)
}

func (s *summaries) track(fn *ssa.Function, v ssa.Value, cell bool, typ types.Type) flow.Event {
	r := flow.Track(v, cell, &classifier{s: s, resType: typ})
	return summarize(fn, r, s.res)
}

// summarize turns a tracked parameter into its summary: Escape if it may
// escape or is closed on some paths only, Close if closed on every path to
// a normal return, Use otherwise.
func summarize(fn *ssa.Function, r *flow.Resource, res *zmqssa.Result) flow.Event {
	closes := false
	for _, e := range r.Events {
		switch e {
		case flow.Escape:
			return flow.Escape
		case flow.Close, flow.DeferClose:
			closes = true
		}
	}
	if !closes {
		return flow.Use
	}
	if len(fn.Blocks) == 0 {
		return flow.Escape
	}
	leak := flow.WalkFromEntry(fn, func(instr ssa.Instruction) flow.Verdict {
		switch r.Events[instr] {
		case flow.Close, flow.DeferClose:
			return flow.Stop
		}
		if _, ok := instr.(*ssa.Return); ok {
			return flow.Found
		}
		if isNoReturnCall(res, instr) {
			return flow.Stop
		}
		return flow.Continue
	})
	if leak != nil {
		return flow.Escape
	}
	return flow.Close
}

// exportFacts records, for this package's functions with socket or
// context parameters, what they do with them.
func (s *summaries) exportFacts() {
	for _, fn := range s.res.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil {
			continue
		}
		var f ParamFact
		for i, p := range fn.Params {
			if !isResourceType(s.res.Model, p.Type()) {
				continue
			}
			switch s.param(fn, i) {
			case flow.Close:
				f.Closes = append(f.Closes, i)
			case flow.Use:
				f.Borrows = append(f.Borrows, i)
			}
		}
		if len(f.Closes)+len(f.Borrows) > 0 {
			sort.Ints(f.Closes)
			sort.Ints(f.Borrows)
			s.pass.ExportObjectFact(obj, &f)
		}
	}
}

func isResourceType(m *zmqapi.Model, t types.Type) bool {
	return m.IsSocketType(t) || m.IsContextType(t)
}

// classifier decides what calls do to a tracked socket or context.
type classifier struct {
	s       *summaries
	resType types.Type
}

func (c *classifier) Call(instr ssa.CallInstruction, v ssa.Value) flow.Event {
	res := c.s.res
	call := res.Resolve(instr)
	deferred := flow.IsDeferred(instr)
	closing := func() flow.Event {
		if deferred {
			return flow.DeferClose
		}
		return flow.Close
	}
	entry := call.Entry
	if entry == nil && call.Recv == v && instr.Common().IsInvoke() {
		// A method of a non-binding interface (io.Closer) called on the
		// socket: the concrete method is the socket's own.
		entry = c.concreteEntry(call.Callee)
	}
	if entry != nil {
		if call.Recv == v {
			switch entry.Role {
			case zmqapi.Close, zmqapi.Term:
				return closing()
			}
			return flow.Use
		}
		if entry.Role == zmqapi.TakeOwnership {
			return flow.Escape
		}
		return flow.Use // poller registration, proxies: borrowed
	}
	callee := instr.Common().StaticCallee()
	if callee == nil {
		return flow.Escape // dynamic call: unknown code
	}
	args := instr.Common().Args
	for i, a := range args {
		if a != v {
			continue
		}
		if bound, ok := instr.Common().Value.(*ssa.MakeClosure); ok && bound.Fn == callee {
			return flow.Escape // bound method of another type
		}
		switch c.s.param(callee, i) {
		case flow.Close:
			return closing()
		case flow.Use:
			continue
		default:
			return flow.Escape
		}
	}
	return flow.Use
}

func (c *classifier) Closure(instr ssa.CallInstruction, fn *ssa.Function, i int) flow.Event {
	switch c.s.freeVar(fn, i) {
	case flow.Close:
		if flow.IsDeferred(instr) {
			return flow.DeferClose
		}
		return flow.Close
	case flow.Use:
		return flow.Use
	}
	return flow.Escape
}

func (c *classifier) concreteEntry(m *types.Func) *zmqapi.Entry {
	if m == nil {
		return nil
	}
	obj, _, _ := types.LookupFieldOrMethod(c.resType, true, m.Pkg(), m.Name())
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	return c.s.res.Model.Lookup(fn)
}

// isNoReturnCall reports whether instr calls a function that never returns.
func isNoReturnCall(res *zmqssa.Result, instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && res.NoReturn(obj)
}

// ClosureArg: a handler registered with the binding itself (a pebbe
// Reactor's AddChannel, AddChannelTime or AddSocket) runs in the goroutine
// that runs the reactor and does not take the socket away: what the
// handler does is a use, unless it may close the socket (then, since it may
// or may not run, the socket's fate is unknown: escape).
func (c *classifier) ClosureArg(instr ssa.CallInstruction, fn *ssa.Function, i int) flow.Event {
	callee := c.s.res.Resolve(instr).Callee
	if callee == nil || callee.Pkg() == nil || !c.s.res.Model.IsBindingPackage(callee.Pkg().Path()) {
		return flow.Escape
	}
	if c.s.freeVar(fn, i) == flow.Use {
		return flow.Use
	}
	return flow.Escape
}
