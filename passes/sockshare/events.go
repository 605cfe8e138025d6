package sockshare

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/spawn"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// evKind is what an instruction does that matters to this check.
type evKind uint8

const (
	evUse    evKind = iota + 1 // a binding call on a socket (or a callee's)
	evPoll                     // a Poll/Run of a poller: uses its registered sockets
	evReg                      // poller registration: key is the socket, poller the poller
	evSignal                   // close(ch), ch <- v, wg.Done(): may tell a waiter we are done
	evSync                     // <-ch, select, wg.Wait(), group.Wait(): waits for a signal
	evOpaque                   // a channel or WaitGroup handed to unknown code
	evStore                    // an assignment to a variable or field
	evGo                       // a goroutine start
)

// event is one thing an instruction of a function does, with keys in that
// function's terms.
type event struct {
	instr    ssa.Instruction
	kind     evKind
	key      key   // the socket, poller, channel, WaitGroup or assigned location
	keys     []key // evSync of a select: its channels
	poller   key   // evReg
	deferred bool
	typ      types.Type // evUse, evReg: the socket's type
	what     string     // evUse: method or helper name, for messages
	pos      token.Pos  // where to point at the use (innermost known)
	held     []key      // mutexes held at the use
	after    []key      // a helper's use: what the helper waits on before it
	g        *goroutine // evGo
	// movable: a direct binding call that only reads or sets state
	// (options, Bind, Connect): moving it cannot block or close.
	movable bool
	sig     sigKind // evSignal: what kind of signal, when known
}

// sigKind tells a close of a channel from a send on it: a goroutine
// ranging over a channel is released only by its close (see gate).
type sigKind uint8

const (
	sigUnknown sigKind = iota // wg.Done, or a helper's signal
	sigClose                  // close(ch)
	sigSend                   // ch <- v
)

// goroutine is a goroutine start: its uses and signals in the launching
// function's keys.
type goroutine struct {
	instr   ssa.CallInstruction
	uses    []*event // evUse, evPoll and evReg events, instr = the go statement
	signals []key
	gates   []gate // waited on before any socket use: see releasedAfter

	cb *spawn.Row // started by a callback registration (callbacks.go), nil for go
	// A handler registered on a ServeMux (cb.Registers, not cb.Serves):
	// the mux, or defaultMux for http.HandleFunc. A server serving that
	// mux, started by a go statement of the launcher, runs the handler
	// alongside the launcher's later code (servedUses).
	mux        key
	defaultMux bool
}

// gate is a channel or WaitGroup a goroutine waits on before its first
// socket use. closeOnly: the wait ends only when the channel is closed
// ("for range ch {}", or "_, ok := <-ch" with the uses under !ok), so a
// send on it neither releases the goroutine nor breaks the ordering.
type gate struct {
	k         key
	closeOnly bool
}

type relGate struct {
	k         relKey
	closeOnly bool
}

// relEvent is an event of a callee in the callee's relative keys: what a
// call of it does, as seen by the caller.
type relEvent struct {
	kind   evKind
	key    relKey
	poller relKey
	typ    types.Type
	what   string
	pos    token.Pos
	held   []relKey
	after  []relKey
}

// callEffects is what a call of a function does, as its caller sees it
// (the package summary computes them).
type callEffects struct {
	unknown bool       // a call cycle that did not settle: unknown code
	uses    []relEvent // evUse, evPoll, evReg
	signals []relKey   // signals sent when done (deferred, or after every use)
	gates   []relGate  // waited on before every socket use (see gates)
	waits   []relKey   // waited on on every path to a return (see exitWaits)
}

// useID identifies a use among a summary's uses: two uses with the same
// id mean the same to every caller (what reaches which socket, under which
// locks, after which waits), and only the first is kept, with its position
// and name for messages. The launcher check picks the first use of a
// socket that shares no lock with the other use (unguardedPartner), so
// keeping the first of each class keeps its choice. Without this, a
// helper's uses were copied once per call path: exponential on a ring of
// helpers that start each other as goroutines.
//
// The type is left out: it follows from the key (one parameter, field or
// global has one type), while two *types.Pointer values of one type are
// distinct, which made every caller's copy look new.
type useID struct {
	kind        evKind
	key, poller relKey
	held, after string
}

func (e relEvent) id() useID {
	keys := func(rs []relKey) string {
		var b strings.Builder
		for _, r := range rs {
			r.id(&b)
		}
		return b.String()
	}
	return useID{kind: e.kind, key: e.key, poller: e.poller, held: keys(e.held), after: keys(e.after)}
}

// equal reports whether two summaries of one function are the same (a
// cycle has settled when every member's summary is).
func (s *callEffects) equal(t *callEffects) bool {
	if s.unknown != t.unknown || len(s.uses) != len(t.uses) || !slices.Equal(s.signals, t.signals) ||
		!slices.Equal(s.gates, t.gates) || !slices.Equal(s.waits, t.waits) {
		return false
	}
	for i := range s.uses {
		u, v := s.uses[i], t.uses[i]
		if u.pos != v.pos || u.what != v.what || u.id() != v.id() {
			return false
		}
	}
	return true
}

// summarizer holds the per-package summary table (see package summary:
// computed per strongly connected component of the call graph, so a
// cycle of helpers costs a bounded number of rounds). It is created per
// pass, so no state outlives one package.
type summarizer struct {
	c     *checker
	tab   *summary.Table[*fnSummary]
	held  map[*ssa.Function]func(ssa.Instruction) []key
	reach map[*ssa.Function]*flow.Reach
}

// fnSummary is what the table holds for a function: its summary, and the
// events it was computed from (the launcher check reads them).
type fnSummary struct {
	sum *callEffects
	evs []*event
}

func newSummarizer(c *checker) *summarizer {
	a := &summarizer{c: c, held: map[*ssa.Function]func(ssa.Instruction) []key{}, reach: map[*ssa.Function]*flow.Reach{}}
	a.tab = summary.New(summary.Config[*fnSummary]{
		Pkg: c.res.Pkg,
		Compute: func(fn *ssa.Function, _ func(*ssa.Function) (*fnSummary, bool)) *fnSummary {
			evs := a.collect(fn)
			return &fnSummary{sum: a.summarize(fn, evs), evs: evs}
		},
		Equal:   func(x, y *fnSummary) bool { return x.sum.equal(y.sum) },
		Bottom:  func(*ssa.Function) *fnSummary { return &fnSummary{sum: &callEffects{}} },
		Unknown: func(*ssa.Function) *fnSummary { return &fnSummary{sum: &callEffects{unknown: true}} },
		Import:  a.imported,
	})
	return a
}

// events returns what fn's instructions do, with its callees' final
// summaries.
func (a *summarizer) events(fn *ssa.Function) []*event {
	r, ok := a.tab.Of(fn)
	if !ok {
		return nil
	}
	if r.sum.unknown {
		// A cycle that did not settle: its members' events were built
		// from approximations; rebuild them once with the final
		// (unknown) summaries.
		if r.evs == nil {
			r.evs = a.collect(fn)
		}
	}
	return r.evs
}

// summary returns what a call of fn (of this package) does, in fn's
// relative keys.
func (a *summarizer) summary(fn *ssa.Function) *callEffects {
	if r, ok := a.tab.Of(fn); ok {
		return r.sum
	}
	return &callEffects{unknown: true}
}

func (a *summarizer) collect(fn *ssa.Function) []*event {
	var evs []*event
	held, ok := a.held[fn]
	if !ok {
		held = lockHeld(a.c, fn)
		a.held[fn] = held
	}
	add := func(e *event) {
		if e.pos == token.NoPos {
			e.pos = e.instr.Pos()
		}
		if e.kind == evUse || e.kind == evPoll || e.kind == evReg {
			e.held = append(held(e.instr), e.held...)
		}
		evs = append(evs, e)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				g := a.launch(instr, instr.Common(), nil)
				if g == nil {
					g = a.launchGoCallback(instr) // go http.ListenAndServe(addr, h)
				}
				if g != nil {
					add(&event{instr: instr, kind: evGo, g: g})
				}
			case ssa.CallInstruction: // Call, Defer
				a.call(fn, instr, add)
			case *ssa.Send:
				add(&event{instr: instr, kind: evSignal, key: keyOf(instr.Chan), sig: sigSend})
			case *ssa.UnOp:
				if instr.Op == token.ARROW {
					k, ok := ctxDoneKey(instr.X)
					if !ok {
						k = keyOf(instr.X)
					}
					add(&event{instr: instr, kind: evSync, key: k})
				}
			case *ssa.Select:
				e := &event{instr: instr, kind: evSync}
				for _, st := range instr.States {
					if st.Dir == types.RecvOnly {
						e.keys = append(e.keys, keyOf(st.Chan))
					}
				}
				if len(e.keys) > 0 {
					add(e)
				}
			case *ssa.Store:
				if k := addrKey(instr.Addr); k.valid() {
					add(&event{instr: instr, kind: evStore, key: k})
				}
			}
		}
	}
	return evs
}

// call classifies a call or defer instruction.
func (a *summarizer) call(fn *ssa.Function, instr ssa.CallInstruction, add func(*event)) {
	model := a.c.res.Model
	common := instr.Common()
	_, deferred := instr.(*ssa.Defer)
	if b, ok := common.Value.(*ssa.Builtin); ok {
		if b.Name() == "close" && len(common.Args) == 1 {
			add(&event{instr: instr, kind: evSignal, key: keyOf(common.Args[0]), deferred: deferred, sig: sigClose})
		}
		return
	}
	if k, ok := cancelCalled(common); ok {
		// cancel() closes ctx.Done(): see ctxgate.go.
		add(&event{instr: instr, kind: evSignal, key: k, deferred: deferred, sig: sigClose})
		return
	}
	if c, ok := instr.(*ssa.Call); ok {
		if k, cancel, ok := cancelPair(c); ok && cancelEscapes(cancel) {
			add(&event{instr: instr, kind: evOpaque, key: k})
		}
	}
	call := a.c.res.Resolve(instr)
	if k, ok := cancelWait(instr, call); ok {
		add(&event{instr: instr, kind: evSync, key: k}) // see callbacks.go
		return
	}
	if call.Entry != nil || model.IsPoll(call.Callee) {
		for _, e := range bindingUses(model, call) {
			e.instr, e.deferred = instr, deferred
			e.movable = !deferred && e.kind == evUse && (call.Role() == zmqapi.Use || call.Role() == zmqapi.SetLinger)
			add(e)
		}
		return
	}
	if row, ok := spawn.Lookup(call.Callee); ok {
		// A callback run on another goroutine: see callbacks.go.
		if !deferred {
			if g := a.launchCallback(instr, call, row); g != nil {
				add(&event{instr: instr, kind: evGo, g: g})
			}
		}
		return
	}
	if call.Callee != nil {
		switch stdCall(call.Callee) {
		case stdWait:
			// A deferred wait runs at return: see deferredAfterWait.
			add(&event{instr: instr, kind: evSync, key: keyOf(call.Recv), deferred: deferred})
			return
		case stdNoop:
			return
		case stdDone:
			add(&event{instr: instr, kind: evSignal, key: keyOf(call.Recv), deferred: deferred})
			return
		case stdLock, stdUnlock:
			return // see lockHeld
		}
	}
	// A function of this package, a closure, or a function with a fact.
	if sum, ops, ok := a.calleeSummary(common); ok {
		for _, re := range sum.uses {
			if e := ops.event(re); e != nil {
				e.instr, e.deferred = instr, deferred
				if !isLiteral(common) {
					// A named helper: point at (and name) the call.
					e.pos, e.what = instr.Pos(), calleeName(common, e.what)
				}
				add(e)
			}
		}
		for _, rs := range sum.signals {
			if k, ok := ops.translate(rs); ok {
				add(&event{instr: instr, kind: evSignal, key: k, deferred: deferred})
			}
		}
		for _, rw := range sum.waits {
			if k, ok := ops.translate(rw); ok {
				add(&event{instr: instr, kind: evSync, key: k, deferred: deferred})
			}
		}
		return
	}
	// Unknown code: a channel or WaitGroup it is given may be how it waits.
	for _, e := range dynamicSocketArgs(a.c, common) {
		e.instr, e.deferred = instr, deferred
		add(e)
	}
	for _, arg := range common.Args {
		if isSyncType(arg.Type()) {
			add(&event{instr: instr, kind: evOpaque, key: keyOf(arg)})
		}
	}
}

// bindingUses returns the socket uses of a binding call: its socket
// receiver and socket arguments, polls and registrations.
func bindingUses(model *zmqapi.Model, call zmqssa.Call) []*event {
	var out []*event
	what := call.Callee.Name()
	if model.IsPoll(call.Callee) && call.Recv != nil {
		return []*event{{kind: evPoll, key: keyOf(call.Recv), what: what}}
	}
	if call.Role() == zmqapi.PollRegister && call.Recv != nil && len(call.Args) > 0 && model.IsSocketType(call.Args[0].Type()) {
		return []*event{{kind: evReg, key: keyOf(call.Args[0]), poller: keyOf(call.Recv), typ: call.Args[0].Type(), what: what}}
	}
	if call.Recv != nil && model.IsSocketType(call.Recv.Type()) {
		out = append(out, &event{kind: evUse, key: keyOf(call.Recv), typ: call.Recv.Type(), what: what})
	}
	for _, arg := range call.Args {
		if model.IsSocketType(arg.Type()) {
			out = append(out, &event{kind: evUse, key: keyOf(arg), typ: arg.Type(), what: what})
		}
	}
	return out
}

// event translates a callee's relative event into the caller's keys.
func (o operands) event(re relEvent) *event {
	k, ok := o.translate(re.key)
	if !ok {
		return nil
	}
	e := &event{kind: re.kind, key: k, typ: re.typ, what: re.what, pos: re.pos}
	if re.kind == evReg {
		if e.poller, ok = o.translate(re.poller); !ok {
			return nil
		}
	}
	for _, h := range re.held {
		if hk, ok := o.translate(h); ok {
			e.held = append(e.held, hk)
		}
	}
	for _, w := range re.after {
		if wk, ok := o.translate(w); ok {
			e.after = append(e.after, wk)
		}
	}
	return e
}

// calleeSummary returns the summary of the function a call invokes, and
// what the call binds to its parameters and free variables; false for
// unknown code (an interface method, a dynamic call, a function without
// a summary, a cycle that did not settle).
func (a *summarizer) calleeSummary(common *ssa.CallCommon) (*callEffects, operands, bool) {
	if common.IsInvoke() {
		return nil, operands{}, false // interface method: unknown code
	}
	var fn *ssa.Function
	switch v := common.Value.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	}
	if fn == nil {
		return nil, operands{}, false // dynamic call
	}
	r, ok := a.tab.Of(fn)
	if !ok || r.sum.unknown {
		return nil, operands{}, false
	}
	args, free := summary.Args(common)
	return r.sum, operands{args: args, bindings: free}, true
}

// summarize builds fn's summary from its events, in fn's relative keys.
// Uses are a set: a helper called from several places of a cycle
// contributes each distinct use once, which keeps summaries (and the
// cycle's rounds) bounded.
func (a *summarizer) summarize(fn *ssa.Function, evs []*event) *callEffects {
	s := &callEffects{}
	rel := func(k key) (relKey, bool) { return relative(fn, k) }
	waits := newWaitIndex(evs)
	seen := map[useID]bool{}
	addUse := func(e *event) {
		rk, ok := rel(e.key)
		if !ok {
			return
		}
		re := relEvent{kind: e.kind, key: rk, typ: e.typ, what: e.what, pos: e.pos}
		if e.kind == evReg {
			if re.poller, ok = rel(e.poller); !ok {
				return
			}
		}
		for _, h := range e.held {
			if hk, ok := rel(h); ok {
				re.held = append(re.held, hk)
			}
		}
		for _, w := range waits.before(e) {
			if wk, ok := rel(w); ok {
				re.after = append(re.after, wk)
			}
		}
		if id := re.id(); !seen[id] {
			seen[id] = true
			s.uses = append(s.uses, re)
		}
	}
	for _, e := range evs {
		switch e.kind {
		case evUse, evPoll, evReg:
			addUse(e)
		case evGo:
			for _, u := range e.g.uses {
				v := *u
				v.held = nil // the new goroutine holds no lock of ours
				addUse(&v)
			}
		case evSignal:
			if e.deferred || !useAfter(a.reachOf(fn), evs, e.instr) {
				if rk, ok := rel(e.key); ok {
					s.signals = appendRel(s.signals, rk)
				}
			}
		}
	}
	s.gates = gates(fn, evs)
	s.waits = exitWaits(fn, evs)
	return s
}

// reachOf returns fn's (cached) flow.Reach: a function of a cycle is
// summarized once per round, and asks once per signal and use.
func (a *summarizer) reachOf(fn *ssa.Function) *flow.Reach {
	r, ok := a.reach[fn]
	if !ok {
		r = flow.NewReach(fn)
		a.reach[fn] = r
	}
	return r
}

// useAfter reports whether a socket use of evs may run after instr.
func useAfter(r *flow.Reach, evs []*event, instr ssa.Instruction) bool {
	for _, e := range evs {
		switch e.kind {
		case evUse, evPoll, evReg, evGo:
			if e.deferred || r.Reachable(instr, e.instr, nil) {
				return true
			}
		}
	}
	return false
}

// launch builds the goroutine started by a go statement.
func (a *summarizer) launch(instr ssa.CallInstruction, common *ssa.CallCommon, group *key) *goroutine {
	g := &goroutine{instr: instr}
	call := a.c.res.Resolve(instr)
	if call.Entry != nil || a.c.res.Model.IsPoll(call.Callee) {
		// go s.Send(...): the call itself runs on the new goroutine.
		for _, e := range bindingUses(a.c.res.Model, call) {
			e.instr, e.pos = instr, instr.Pos()
			g.uses = append(g.uses, e)
		}
		return g
	}
	sum, ops, ok := a.calleeSummary(common)
	if !ok {
		return nil
	}
	for _, re := range sum.uses {
		if e := ops.event(re); e != nil {
			e.instr = instr
			if !e.pos.IsValid() || a.c.pass.Fset.File(e.pos) != a.c.pass.Fset.File(instr.Pos()) {
				e.pos = instr.Pos()
			}
			g.uses = append(g.uses, e)
		}
	}
	for _, rs := range sum.signals {
		if k, ok := ops.translate(rs); ok {
			g.signals = append(g.signals, k)
		}
	}
	for _, rg := range sum.gates {
		if k, ok := ops.translate(rg.k); ok {
			g.gates = append(g.gates, gate{k: k, closeOnly: rg.closeOnly})
		}
	}
	if group != nil && group.valid() {
		g.signals = append(g.signals, *group)
	}
	return g
}

// isSyncType reports whether t is a channel or a (pointer to a)
// sync.WaitGroup or errgroup.Group: something a goroutine can signal on.
func isSyncType(t types.Type) bool {
	if _, ok := t.Underlying().(*types.Chan); ok {
		return true
	}
	n := value.Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() + "." + n.Obj().Name() {
	case "sync.WaitGroup", "golang.org/x/sync/errgroup.Group":
		return true
	}
	return false
}

// isLiteral reports whether a call invokes a function literal, whose body
// the diagnostics can point into.
func isLiteral(common *ssa.CallCommon) bool {
	mc, ok := common.Value.(*ssa.MakeClosure)
	if !ok {
		return false
	}
	fn, ok := mc.Fn.(*ssa.Function)
	return ok && fn.Parent() != nil
}

// calleeName names the helper a call invokes, for messages.
func calleeName(common *ssa.CallCommon, fallback string) string {
	if fn := common.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Name()
		}
	}
	return fallback
}
