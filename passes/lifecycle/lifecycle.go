package lifecycle

import (
	_ "embed"
	"go/constant"
	"go/token"
	"go/types"
	"iter"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

//go:embed doc.go
var doc string

// URL is the documentation page of this check; each diagnostic links to
// the section named by its category (passes/registry).
const URL = registry.DocsBase + "lifecycle.md"

// Analyzer reports ZeroMQ sockets and contexts that are leaked, closed in
// the wrong order, or used after close.
var Analyzer = &analysis.Analyzer{
	Name:       "lifecycle",
	Doc:        report.Doc(doc, "lifecycle"),
	URL:        URL,
	Run:        run,
	ResultType: report.ResultType,
	Flags:      registry.Flags("lifecycle"),
	Requires:   []*analysis.Analyzer{astx.Analyzer, zmqssa.Analyzer, owner.Analyzer},
	FactTypes:  []analysis.Fact{new(ParamFact), new(CreatesFact), new(CloserFact)},
}

// Diagnostic categories, one per kind of report; each is an anchor in
// docs/lifecycle.md.
const (
	catLeakedSocket  = "leaked-socket"
	catLeakedContext = "leaked-context"
	catTermWhileOpen = "term-while-open"
	catNoLinger      = "close-without-linger"
	catLingerUnit    = "linger-unit"
	catUseAfterClose = "use-after-close"
)

// resource is a socket or context created in the function under analysis.
type resource struct {
	fn      *ssa.Function
	create  ssa.CallInstruction
	call    zmqssa.Call
	value   ssa.Value // the socket or context
	errVal  ssa.Value // the constructor's error result, if nil-on-error
	ctx     ssa.Value // for sockets: the context it was created in (nil: default)
	context bool      // a context rather than a socket
	track   *flow.Resource
	// liveOnError: created by a wrapper that may return it open with a
	// non-nil error (CreatesFact.LiveOnError); maybeNil: that wrapper may
	// also return nil with an error, so a close on the error path needs a
	// nil check.
	liveOnError, maybeNil bool

	leaks     []ssa.Instruction // returns reached with it open (findLeaks)
	loop      bool              // a loop creates the next before closing it
	leaksDone bool
	// closedInLoopBody: a statement of the loop body closes it after
	// its creation, so an in-loop defer is never its fix (leakFix).
	closedInLoopBody bool
}

type checker struct {
	pass    *analysis.Pass
	res     *zmqssa.Result
	sums    *summaries
	creates *summary.Table[*CreatesFact]  // constructor wrappers (createsSocket), on demand
	rs      map[*ssa.Function][]*resource // resources, with the final facts, once per function
	drafts  map[*ssa.Function]draft       // resources found while computing creates
	reach   map[*ssa.Function]*flow.Reach // reachability order, once per function
	diag    []analysis.Diagnostic
	// leakDiag holds the leak reports of the function under analysis
	// until its Terms are checked: a leak that makes a Term wait is
	// reported once, as term-while-open (mergeLeak).
	leakDiag map[*resource]*analysis.Diagnostic
	// termMemo: whether a call may terminate a context (mayTerm).
	termMemo map[ssa.CallInstruction]bool
	// blockyDefault: this package turns the default context's blocky
	// setting off (linger 0 for its new sockets).
	blockyDefault bool
	// goTargets: the functions a go statement of the package starts
	// (usedInGoroutine), found once.
	goTargets map[*ssa.Function]bool
}

// reachable is flow.Reachable through fn's (cached) flow.Reach: a function
// with many sockets asks it once per socket.
func (c *checker) reachable(from, to ssa.Instruction, stop func(ssa.Instruction) bool) bool {
	return c.reachOf(from.Parent()).Reachable(from, to, stop)
}

// reachOf returns fn's flow.Reach, built once.
func (c *checker) reachOf(fn *ssa.Function) *flow.Reach {
	r, ok := c.reach[fn]
	if !ok {
		r = flow.NewReach(fn)
		c.reach[fn] = r
	}
	return r
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return &registry.Result{}, nil // this package cannot touch ZeroMQ
	}
	c := &checker{pass: pass, res: res, sums: newSummaries(pass, res),
		rs: map[*ssa.Function][]*resource{}, drafts: map[*ssa.Function]draft{}, reach: map[*ssa.Function]*flow.Reach{},
		termMemo: map[ssa.CallInstruction]bool{}}
	c.creates = c.newCreates()
	c.sums.exportFacts()
	c.exportCreates()
	blockyDefault := c.defaultContextBlockyChanged()
	c.blockyDefault = blockyDefault
	for _, fn := range res.SrcFuncs {
		rs := c.resources(fn)
		for _, r := range rs {
			c.findLeaks(r)
		}
		c.leakDiag = map[*resource]*analysis.Diagnostic{}
		for _, r := range rs {
			// Returning from main ends the process, which releases every
			// socket: like lostcancel, main is exempt from leak reports.
			if (r.loop || len(r.leaks) > 0) && !isMain(r.fn) {
				c.reportLeak(r, rs)
			}
			if !r.context {
				c.checkUseAfterClose(r)
			}
		}
		c.checkParamUseAfterClose(fn)
		c.checkTerms(fn, rs, blockyDefault)
		c.checkClosureLinger(fn, rs)
		c.checkAccumulated(rs)
		for _, r := range rs {
			if d := c.leakDiag[r]; d != nil {
				c.report(*d)
			}
		}
	}
	c.checkOwned()
	c.checkLingerUnits()
	return report.Flush(pass, c.diag), nil
}

func (c *checker) report(d analysis.Diagnostic) {
	c.diag = append(c.diag, d)
}

// resources returns the sockets and contexts fn creates, with a binding
// constructor or a constructor wrapper (its final CreatesFact), once per
// function: the draft computeCreates left, if it used the final facts, or
// found again.
func (c *checker) resources(fn *ssa.Function) []*resource {
	if rs, ok := c.rs[fn]; ok {
		return rs
	}
	c.createsFact(fn) // fn's own summary first: it may leave a draft
	d, ok := c.drafts[fn]
	delete(c.drafts, fn)
	var rs []*resource
	if ok && c.current(d) {
		rs = d.rs
	} else {
		rs = c.findResources(fn, notSelf(fn, c.createsFact))
	}
	c.rs[fn] = rs
	return rs
}

// findResources finds the sockets and contexts fn creates, with a binding
// constructor or a constructor wrapper (factOf). It keeps no state: on a
// cycle, computeCreates calls it once per round.
func (c *checker) findResources(fn *ssa.Function, factOf func(*ssa.Function) *CreatesFact) []*resource {
	var rs []*resource
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			call := c.res.Resolve(ci)
			entry, k, fact := c.constructorOf(ci, call, factOf)
			if entry == nil {
				continue
			}
			call.Entry = entry
			r := &resource{fn: fn, create: ci, call: call, context: entry.Role == zmqapi.NewContext}
			if fact != nil {
				r.liveOnError, r.maybeNil = fact.LiveOnError, fact.MayBeNil
			}
			if tuple, ok := ci.Type().(*types.Tuple); ok {
				r.value = value.Extract(ci, k)
				if entry.NilOnError {
					r.errVal = value.Extract(ci, tuple.Len()-1)
				}
			} else {
				r.value = ci
			}
			if r.value == nil {
				continue // the result is discarded: nothing to follow
			}
			if !r.context && !entry.DefaultContext && call.Callee != nil && c.res.Model.Lookup(call.Callee) == entry {
				r.ctx = call.Recv // the binding's ctx.NewSocket: a wrapper's context is unknown
			}
			r.track = flow.Track(r.value, false, &classifier{s: c.sums, resType: r.value.Type()})
			escapeWholeLoops(r, c.reachOf)
			rs = append(rs, r)
		}
	}
	// A context escapes with its sockets, where they escape: the sockets
	// hold it. (On a path where the socket's creation failed, the context
	// is still the function's to terminate.)
	for _, r := range rs {
		if !r.context {
			continue
		}
		for _, s := range rs {
			if s.context || s.ctx == nil || !r.track.Values[s.ctx] {
				continue
			}
			for instr, e := range s.track.Events {
				if e == flow.Escape {
					r.track.Events[instr] = flow.Escape
				}
			}
		}
	}
	return rs
}

// escapeWholeLoops extends each escape of r inside a loop that r was
// created outside of to the whole loop, the path that runs it zero times
// included: "for _, f := range cleanups { defer f(s) }" hands the socket
// to every cleanup the caller gave; with none, the caller chose so. The
// escape is recorded on the loop header's first instruction, which every
// path into the loop passes.
func escapeWholeLoops(r *resource, reachOf func(*ssa.Function) *flow.Reach) {
	var headers []*ssa.BasicBlock
	for instr, e := range r.track.Events {
		if e != flow.Escape || instr.Block() == nil {
			continue
		}
		b := instr.Block()
		cfg := reachOf(b.Parent())
		// An escape in a closure is never in a loop with the creation.
		sameFn := b.Parent() == r.create.Parent()
		for h := b; h != nil; h = h.Idom() {
			if cfg.BlockReaches(b, h) && !(sameFn && cfg.BlockReaches(h, r.create.Block()) && cfg.BlockReaches(r.create.Block(), h)) {
				headers = append(headers, h)
			}
		}
	}
	for _, h := range headers {
		if len(h.Instrs) > 0 {
			r.track.Events[h.Instrs[0]] = flow.Escape
		}
	}
}

// skip returns the successor of a branch that no path from r's successful
// creation takes, or -1: the error branch of its constructor's error
// ("err != nil"), and the nil branch of a nil check of r itself ("if s !=
// nil { s.Close() }" for an optional socket): after its creation, r is not
// nil.
func (r *resource) skip(ifi *ssa.If) int {
	if r.errVal != nil {
		if k := flow.ErrorBranch(ifi, map[ssa.Value]bool{r.errVal: true}); k >= 0 {
			return k
		}
	}
	if k := flow.NonNilBranch(ifi, func(v ssa.Value) bool { return r.track.Values[v] }); k >= 0 {
		return 1 - k // the nil branch: "s != nil" is false only if s is nil
	}
	return -1
}

// handled reports whether instr closes r or lets it escape.
func (r *resource) handled(instr ssa.Instruction) bool {
	switch r.track.Events[instr] {
	case flow.Close, flow.DeferClose, flow.Escape:
		return true
	}
	return false
}

// findLeaks records the returns that some path from r's creation reaches
// without closing r (and without r escaping), and whether a loop creates a
// new one before the previous is closed.
func (c *checker) findLeaks(r *resource) {
	if r.leaksDone {
		return
	}
	r.leaksDone = true
	if c.handledBeforeCreation(r) {
		return
	}
	flow.Walk(r.create, func(instr ssa.Instruction) flow.Verdict {
		if r.handled(instr) || isNoReturnCall(c.res, instr) {
			return flow.Stop
		}
		if instr == r.create {
			r.loop = true
			return flow.Found
		}
		if _, ok := instr.(*ssa.Return); ok {
			r.leaks = append(r.leaks, instr)
			return flow.Stop
		}
		return flow.Continue
	}, r.skip)
	sort.Slice(r.leaks, func(i, j int) bool { return r.leaks[i].Pos() < r.leaks[j].Pos() })
}

// handledBeforeCreation reports a deferred close, or an escape, registered
// on a path to r's creation: "var s T; defer func() { s.Close() }(); s =
// New()" closes whatever the variable holds when the function returns.
func (c *checker) handledBeforeCreation(r *resource) bool {
	for instr, e := range r.track.Events {
		if (e == flow.DeferClose || e == flow.Escape) && instr != ssa.Instruction(r.create) && c.reachable(instr, r.create, nil) {
			return true
		}
	}
	return false
}

// checkUseAfterClose reports a call on the socket that every path reaches
// only through a Close of it.
func (c *checker) checkUseAfterClose(r *resource) {
	name, _ := c.name(r)
	c.useAfterClose(r.fn, r.track, r.create, name, closeMethod(r))
}

// checkParamUseAfterClose applies the use-after-close rule to fn's socket
// parameters: "pub.Close(); pub.Unbind(ep)" is the same bug whether fn
// created pub or received it. Every path from the function's entry to the
// use passes the Close. (A parameter reassigned before the use is another
// SSA value, not followed.)
func (c *checker) checkParamUseAfterClose(fn *ssa.Function) {
	if len(fn.Blocks) == 0 || len(fn.Blocks[0].Instrs) == 0 {
		return
	}
	for _, p := range fn.Params {
		if !c.res.Model.IsSocketType(p.Type()) {
			continue
		}
		tr := flow.Track(p, false, &classifier{s: c.sums, resType: p.Type()})
		c.useAfterClose(fn, tr, fn.Blocks[0].Instrs[0], p.Name(), "")
	}
}

// useAfterClose reports the first call on tr that every path from start
// reaches only through a Close of tr. closeName is the binding's close
// method ("" when unknown: the Close call's own name is used).
func (c *checker) useAfterClose(fn *ssa.Function, tr *flow.Resource, start ssa.Instruction, name, closeName string) {
	closes := map[ssa.Instruction]bool{}
	var uses []ssa.Instruction
	for instr, e := range tr.Events {
		ci, ok := instr.(*ssa.Call)
		if !ok {
			continue
		}
		call := c.res.Resolve(ci)
		if call.Entry == nil || !tr.Direct[call.Recv] {
			continue
		}
		switch {
		case e == flow.Close:
			closes[instr] = true
		case e == flow.Use && call.Entry.Role != zmqapi.Close:
			uses = append(uses, instr)
		}
	}
	if len(closes) == 0 {
		return
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].Pos() < uses[j].Pos() })
	for _, u := range uses {
		if !c.reachable(start, u, nil) {
			continue
		}
		// A walk starts after start: when start is itself the Close (a
		// parameter closed by the function's first instruction), every
		// path passes it.
		if !closes[start] && c.reachable(start, u, func(instr ssa.Instruction) bool { return closes[instr] }) {
			continue // some path reaches the use with the socket open
		}
		c.reportUseAfterClose(fn, name, closeName, u, closes)
		return // one report per socket: the first use
	}
}

// runCalls yields fn's calls (direct or deferred) that run in fn's
// goroutine: a go statement's call runs elsewhere, at a time of its own.
func runCalls(fn *ssa.Function) iter.Seq[ssa.CallInstruction] {
	return func(yield func(ssa.CallInstruction) bool) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if _, isGo := ci.(*ssa.Go); isGo {
					continue
				}
				if !yield(ci) {
					return
				}
			}
		}
	}
}

// checkTerms reports Terms that run while a socket of their context is
// open, and Closes without a finite linger followed by a Term.
func (c *checker) checkTerms(fn *ssa.Function, rs []*resource, blockyDefault bool) {
	var terms []zmqssa.Call
	for ci := range runCalls(fn) {
		call := c.res.Resolve(ci)
		if call.Role() == zmqapi.Term && call.Entry.TermWaits {
			terms = append(terms, call)
		}
	}
	if len(terms) == 0 {
		return
	}
	for _, s := range rs {
		// Escapes are judged per path by the Term search (a constructor
		// that returns the socket on success may still Term with it open
		// on an error path); the linger rule needs the whole function.
		if s.context || !s.call.Entry.TermWaits {
			continue
		}
		var mine []zmqssa.Call
		for _, t := range terms {
			if c.sameContext(s, t, rs) {
				mine = append(mine, t)
			}
		}
		reported := false
		for _, t := range mine {
			if c.checkTermWhileOpen(s, t) {
				reported = true
				break
			}
		}
		if !reported && len(mine) > 0 && !s.track.Escapes() {
			c.checkLinger(s, mine, rs, blockyDefault)
		}
	}
}

// sameContext reports whether Term call t terminates the context socket s
// was created in.
func (c *checker) sameContext(s *resource, t zmqssa.Call, rs []*resource) bool {
	if t.Entry.DefaultContext || s.call.Entry.DefaultContext {
		return t.Entry.DefaultContext && s.call.Entry.DefaultContext
	}
	if t.Recv == nil || s.ctx == nil {
		return false
	}
	if value.SameRef(t.Recv, s.ctx) {
		return true
	}
	for _, r := range rs {
		if r.context && r.track.Values[t.Recv] && r.track.Values[s.ctx] {
			return true
		}
	}
	return false
}

const (
	termDeferred  uint8 = 1 << iota // the Term's defer is registered
	closeDeferred                   // a Close of the socket was deferred before it
	goUses                          // a goroutine that only uses the socket was started
)

// cellOf reports whether v is a local variable (an Alloc captured by a
// closure) that some store gives s.
func cellOf(s *resource, v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	if !ok || a.Referrers() == nil {
		return false
	}
	for _, ref := range *a.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == a && s.track.Values[st.Val] {
			return true
		}
	}
	return false
}

// goOnlyUses reports whether instr, an escape of s, is a go statement
// whose function provably only uses s: a closure whose summary for the
// captured s is Use, or a function of ours whose parameter summary is
// Use (neither closes it nor hands it on).
func (c *checker) goOnlyUses(s *resource, instr ssa.Instruction) bool {
	g, ok := instr.(*ssa.Go)
	if !ok {
		return false
	}
	common := g.Common()
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		fn, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return false
		}
		any := false
		for i, b := range mc.Bindings {
			if !s.track.Values[b] && !cellOf(s, b) {
				continue
			}
			if c.sums.freeVar(fn, i) != flow.Use {
				return false
			}
			any = true
		}
		for _, a := range common.Args {
			if s.track.Values[a] {
				return false // also passed as an argument: not followed
			}
		}
		return any
	}
	callee := common.StaticCallee()
	if callee == nil || common.IsInvoke() {
		return false
	}
	any := false
	for i, a := range common.Args {
		if !s.track.Values[a] {
			continue
		}
		if c.sums.param(callee, i) != flow.Use {
			return false
		}
		any = true
	}
	return any
}

// checkTermWhileOpen reports Term t if it can run while socket s is open.
func (c *checker) checkTermWhileOpen(s *resource, t zmqssa.Call) bool {
	if !flow.IsDeferred(t.Instr) {
		// A goroutine that only uses s (go heartbeat() sending on it)
		// does not take it away: when the function's own deferred Close
		// is pending at the Term, the Term still waits (red team 2, P22).
		// Only then: without that defer, the goroutine may be s's owner.
		var goUse ssa.Instruction
		found, _ := flow.WalkState(s.create, 0, func(instr ssa.Instruction, st uint8) (flow.Verdict, uint8) {
			if instr == t.Instr {
				if st&goUses != 0 && st&closeDeferred == 0 {
					return flow.Stop, st
				}
				return flow.Found, st
			}
			switch s.track.Events[instr] {
			case flow.Close:
				return flow.Stop, st
			case flow.Escape:
				if c.goOnlyUses(s, instr) {
					if goUse == nil {
						goUse = instr
					}
					return flow.Continue, st | goUses
				}
				return flow.Stop, st
			case flow.DeferClose:
				return flow.Continue, st | closeDeferred
			}
			if isNoReturnCall(c.res, instr) {
				return flow.Stop, st
			}
			return flow.Continue, st
		}, s.skip)
		if found != nil {
			c.reportTermWhileOpenGo(s, t.Instr, goUse)
			return true
		}
		return false
	}
	var init uint8
	if flow.Before(t.Instr, s.create) {
		init = termDeferred
	}
	var deferredClose ssa.Instruction
	found, state := flow.WalkState(s.create, init, func(instr ssa.Instruction, st uint8) (flow.Verdict, uint8) {
		switch s.track.Events[instr] {
		case flow.Close, flow.Escape:
			return flow.Stop, st
		case flow.DeferClose:
			if st&termDeferred != 0 {
				return flow.Stop, st // the Close runs before the Term
			}
			deferredClose = instr
			return flow.Continue, st | closeDeferred
		}
		if instr == t.Instr {
			if st&closeDeferred != 0 {
				return flow.Found, st
			}
			return flow.Continue, st | termDeferred
		}
		if _, ok := instr.(*ssa.Return); ok && st&termDeferred != 0 {
			return flow.Found, st
		}
		if isNoReturnCall(c.res, instr) {
			return flow.Stop, st
		}
		return flow.Continue, st
	}, s.skip)
	if found == nil {
		return false
	}
	if state&closeDeferred == 0 {
		deferredClose = nil
	}
	c.reportTermWhileOpen(s, t.Instr, deferredClose)
	return true
}

// checkLinger reports a Close of pebbe socket s that may leave unsent
// messages behind with an infinite linger, when a Term of its context
// follows: the Term then waits for a peer that may never come.
func (c *checker) checkLinger(s *resource, terms []zmqssa.Call, rs []*resource, blockyDefault bool) {
	if c.lingerZeroByDefault(s) || c.blockyOff(s, rs, blockyDefault) {
		return
	}
	sends, closes := c.sendsAndCloses(s)
	if len(sends) == 0 {
		return
	}
	sort.Slice(closes, func(i, j int) bool { return closes[i].Pos() < closes[j].Pos() })
	for _, cl := range closes {
		if !c.sendBefore(sends, cl) || c.lingerSetBefore(s, cl) {
			continue
		}
		for _, t := range terms {
			if c.termAfter(cl, t) {
				c.reportNoLinger(s, cl, t.Instr)
				return
			}
		}
	}
}

// lingerRisk reports whether Close cl of s would be a close-without-linger
// finding if a Term followed it: the check a fix that puts a Term after cl
// (swapping two defers) must pass.
func (c *checker) lingerRisk(s *resource, cl ssa.Instruction) bool {
	if s.track.Escapes() || c.lingerZeroByDefault(s) || c.blockyOff(s, c.rs[s.fn], c.blockyDefault) {
		return false
	}
	sends, _ := c.sendsAndCloses(s)
	return len(sends) > 0 && c.sendBefore(sends, cl) && !c.lingerSetBefore(s, cl)
}

// sendsAndCloses returns the sends on s and the Closes of it.
func (c *checker) sendsAndCloses(s *resource) (sends, closes []ssa.Instruction) {
	for instr, e := range s.track.Events {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			continue
		}
		call := c.res.Resolve(ci)
		if call.Entry == nil || !s.track.Values[call.Recv] {
			continue
		}
		switch {
		case call.Entry.Role.IsSend() && e == flow.Use && !flow.IsDeferred(instr):
			sends = append(sends, instr)
		case call.Entry.Role == zmqapi.Close && (e == flow.Close || e == flow.DeferClose):
			closes = append(closes, instr)
		}
	}
	return sends, closes
}

func (c *checker) sendBefore(sends []ssa.Instruction, cl ssa.Instruction) bool {
	for _, snd := range sends {
		if flow.IsDeferred(cl) || c.reachable(snd, cl, nil) {
			return true
		}
	}
	return false
}

// termAfter reports whether Term t runs after Close cl on some path.
func (c *checker) termAfter(cl ssa.Instruction, t zmqssa.Call) bool {
	switch {
	case !flow.IsDeferred(cl) && !flow.IsDeferred(t.Instr):
		return c.reachable(cl, t.Instr, nil)
	case !flow.IsDeferred(cl):
		// A deferred Term runs at exit, after a direct Close that ran,
		// if the Term's defer is registered on a path through the Close.
		return c.reachable(cl, t.Instr, nil) || c.reachable(t.Instr, cl, nil)
	case flow.IsDeferred(t.Instr):
		// Both deferred: the Term runs later if registered earlier.
		return c.reachable(t.Instr, cl, nil)
	}
	return false // deferred Close, direct Term: reported as term-while-open
}

// lingerZeroByDefault reports whether s starts with linger 0 (§0 L5:
// libzmq SUB, XSUB and DISH sockets; every socket of a binding without an
// infinite default linger), or its type is unknown (a wrapper's socket).
func (c *checker) lingerZeroByDefault(s *resource) bool {
	e := s.call.Entry
	switch {
	case !e.InfiniteLinger:
		return true
	case e.SocketType != "":
		return e.ZeroLingerByDefault(e.SocketType)
	case e.SocketTypeArg < 0 || e.SocketTypeArg >= len(s.call.Args):
		return true
	}
	k, ok := s.call.Args[e.SocketTypeArg].(*ssa.Const)
	if !ok || k.Value == nil {
		return false
	}
	pkg := s.call.Callee.Pkg()
	for _, name := range e.ZeroLingerTypes {
		if v := zmqapi.SocketTypeConst(pkg, name); v != nil && constant.Compare(k.Value, token.EQL, v) {
			return true
		}
	}
	return false
}

// lingerSetBefore reports whether every path from s's creation to Close
// cl passes a SetLinger on s with a value that is not a negative constant:
// the user chose a finite linger there. For a deferred Close, every path to
// a return must pass one.
func (c *checker) lingerSetBefore(s *resource, cl ssa.Instruction) bool {
	sets := c.lingerSets(s)
	if len(sets) == 0 {
		return false
	}
	target := func(instr ssa.Instruction) bool { return instr == cl }
	if flow.IsDeferred(cl) {
		target = func(instr ssa.Instruction) bool { _, ok := instr.(*ssa.Return); return ok }
	}
	return flow.Walk(s.create, func(instr ssa.Instruction) flow.Verdict {
		switch {
		case sets[instr]:
			return flow.Stop
		case target(instr):
			return flow.Found
		}
		return flow.Continue
	}, s.skip) == nil
}

// lingerSets returns the calls of s's function that set s's linger to a
// value that is not a negative constant, and the calls of helpers of ours
// that s is passed to (they may set it: not followed).
func (c *checker) lingerSets(s *resource) map[ssa.Instruction]bool {
	sets := map[ssa.Instruction]bool{}
	for instr := range s.track.Events {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			continue
		}
		call := c.res.Resolve(ci)
		if call.Entry == nil {
			// The socket passed to a helper of ours (tune(s)) that may
			// set its linger: we do not follow, so assume it does.
			sets[instr] = true
			continue
		}
		if call.Role() != zmqapi.SetLinger || !s.track.Values[call.Recv] || len(call.Args) == 0 {
			continue
		}
		if k, ok := call.Args[0].(*ssa.Const); ok && k.Value != nil && constant.Sign(k.Value) < 0 {
			continue
		}
		sets[instr] = true
	}
	return sets
}

// blockyOff reports a SetBlocky on the socket's context (any value but a
// constant true), which gives its new sockets linger 0.
func (c *checker) blockyOff(s *resource, rs []*resource, blockyDefault bool) bool {
	if s.call.Entry.DefaultContext {
		return blockyDefault
	}
	if s.ctx == nil {
		return true
	}
	var ctx *resource
	for _, r := range rs {
		if r.context && r.track.Values[s.ctx] {
			ctx = r
		}
	}
	if ctx == nil {
		// A context from elsewhere: we cannot see how it was set up.
		return true
	}
	for instr := range ctx.track.Events {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			continue
		}
		call := c.res.Resolve(ci)
		if call.Role() == zmqapi.SetBlocky && !isConstTrue(call.Args) {
			return true
		}
	}
	return false
}

// defaultContextBlockyChanged reports a package-level SetBlocky call in
// this package with any value but constant true.
func (c *checker) defaultContextBlockyChanged() bool {
	for _, fn := range c.res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				call := c.res.Resolve(ci)
				if call.Role() == zmqapi.SetBlocky && call.Entry.DefaultContext && !isConstTrue(call.Args) {
					return true
				}
			}
		}
	}
	return false
}

func isConstTrue(args []ssa.Value) bool {
	if len(args) == 0 {
		return false
	}
	k, ok := args[0].(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.Bool && constant.BoolVal(k.Value)
}

// isMain reports whether fn is the main function of a main package.
func isMain(fn *ssa.Function) bool {
	return fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main" && fn.Parent() == nil && fn.Signature.Recv() == nil
}

// checkClosureLinger applies close-without-linger to a deferred closure
// that closes a socket and then terminates its context:
//
//	defer func() { push.Close(); ctx.Term() }()
//
// after a send on push with the default infinite linger. The Close and
// the Term are both in the closure, so checkLinger (which sees the
// function's own Closes and Terms) misses it. Narrow on purpose: the
// socket is captured directly (not through a reassigned variable), the
// closure calls Close on it and then, on some path, a waiting Term of its
// context (the default context, or the captured context it was created
// in), and no SetLinger on the socket appears in the function or the
// closure.
func (c *checker) checkClosureLinger(fn *ssa.Function, rs []*resource) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			mc, ok := d.Call.Value.(*ssa.MakeClosure)
			if !ok {
				continue
			}
			g, ok := mc.Fn.(*ssa.Function)
			if !ok {
				continue
			}
			for _, s := range rs {
				if s.context || !s.call.Entry.TermWaits || s.track.Escapes() || s.track.Events[d] != flow.DeferClose {
					continue
				}
				if c.lingerZeroByDefault(s) || c.blockyOff(s, rs, c.blockyDefault) || c.lingerSetOutside(s, d) {
					continue
				}
				if sends, _ := c.sendsAndCloses(s); len(sends) == 0 {
					continue
				}
				if cl, t, ok := c.closureCloseThenTerm(s, mc, g, rs); ok {
					c.reportNoLinger(s, cl, t)
				}
			}
		}
	}
}

// lingerSetOutside reports a SetLinger on s (or a helper that may set it)
// other than the deferred closure d, which closureCloseThenTerm inspects.
func (c *checker) lingerSetOutside(s *resource, d ssa.Instruction) bool {
	for set := range c.lingerSets(s) {
		if set != d {
			return true
		}
	}
	return false
}

// closureCloseThenTerm finds, in closure g (made by mc), a direct Close of
// the free variable bound to s and a waiting Term of s's context that
// some path runs after it. ok is false when g sets the socket's linger.
func (c *checker) closureCloseThenTerm(s *resource, mc *ssa.MakeClosure, g *ssa.Function, rs []*resource) (cl, term ssa.Instruction, ok bool) {
	// bound returns the value the closure's receiver v holds: a captured
	// variable is a cell (the closure loads it), which must be stored
	// exactly one value, outside the closure, for the receiver to be it.
	bound := func(v ssa.Value) ssa.Value {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return nil
		}
		for i, fv := range g.FreeVars {
			if fv == load.X && i < len(mc.Bindings) {
				return storedOnce(fv, mc.Bindings[i])
			}
		}
		return nil
	}
	var closes, terms []ssa.Instruction
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			ci, isCall := instr.(*ssa.Call)
			if !isCall {
				continue
			}
			call := c.res.Resolve(ci)
			if call.Entry == nil {
				continue
			}
			recv := bound(call.Recv)
			switch call.Entry.Role {
			case zmqapi.SetLinger:
				if recv != nil && s.track.Values[recv] {
					return nil, nil, false
				}
			case zmqapi.Close:
				if recv != nil && s.track.Values[recv] {
					closes = append(closes, instr)
				}
			case zmqapi.Term:
				if call.Entry.TermWaits && c.closureTermOf(s, call, recv, rs) {
					terms = append(terms, instr)
				}
			}
		}
	}
	for _, cl := range closes {
		for _, t := range terms {
			if c.reachable(cl, t, nil) {
				return cl, t, true
			}
		}
	}
	return nil, nil, false
}

// closureTermOf reports whether Term call t in a closure, whose receiver
// is the free variable bound to recv, terminates s's context.
func (c *checker) closureTermOf(s *resource, t zmqssa.Call, recv ssa.Value, rs []*resource) bool {
	if t.Entry.DefaultContext || s.call.Entry.DefaultContext {
		return t.Entry.DefaultContext && s.call.Entry.DefaultContext
	}
	if recv == nil || s.ctx == nil {
		return false
	}
	if value.SameRef(recv, s.ctx) {
		return true
	}
	for _, r := range rs {
		if r.context && r.track.Values[recv] && r.track.Values[s.ctx] {
			return true
		}
	}
	return false
}

// storedOnce returns the one value stored into cell (a captured
// variable, fv its free variable in the closure), or nil when the cell
// is stored more than one value or the closure stores into it.
func storedOnce(fv *ssa.FreeVar, cell ssa.Value) ssa.Value {
	for _, ref := range *fv.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == fv {
			return nil
		}
	}
	var val ssa.Value
	for _, ref := range *cell.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == cell {
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}
