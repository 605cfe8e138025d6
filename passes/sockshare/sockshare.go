package sockshare

import (
	_ "embed"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

//go:embed doc.go
var doc string

// URL is the documentation page of this check; each diagnostic links to
// the section named by its category (passes/registry).
const URL = registry.DocsBase + "sockshare.md"

// Analyzer reports ZeroMQ sockets used from more than one goroutine
// without ordering.
var Analyzer = &analysis.Analyzer{
	Name:       "sockshare",
	Doc:        report.Doc(doc, "sockshare"),
	URL:        URL,
	Run:        run,
	ResultType: report.ResultType,
	Flags:      registry.Flags("sockshare"),
	Requires:   []*analysis.Analyzer{astx.Analyzer, zmqssa.Analyzer, owner.Analyzer},
	FactTypes:  []analysis.Fact{new(UsesFact)},
}

// Diagnostic categories; each is an anchor in docs/sockshare.md.
const (
	catShared     = "shared-socket"    // launcher and goroutine
	catGoroutines = "goroutines-share" // two goroutines (or one go statement in a loop)
	catPoller     = "shared-poller"    // polled in one goroutine, used in another
)

type checker struct {
	pass    *analysis.Pass
	res     *zmqssa.Result
	diag    []analysis.Diagnostic
	seen    map[seenKey]bool
	lockers map[*ssa.Function][]relKey // helpers that return with mutexes held
}

type seenKey struct {
	pos token.Pos
	k   key
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return &registry.Result{}, nil // this package cannot touch ZeroMQ
	}
	c := &checker{pass: pass, res: res, seen: map[seenKey]bool{}, lockers: map[*ssa.Function][]relKey{}}
	a := newSummarizer(c)
	a.exportFacts()
	for _, fn := range res.SrcFuncs {
		c.checkLauncher(a, fn)
	}
	if own, ok := pass.ResultOf[owner.Analyzer].(*owner.Result); ok {
		c.checkFields(a, own)
	}
	return report.Flush(pass, c.diag), nil
}

// report is the one funnel every diagnostic goes through.
func (c *checker) report(d analysis.Diagnostic) {
	c.diag = append(c.diag, d)
}

// launcher is one function that starts goroutines, with its events
// indexed for the path searches.
type launcher struct {
	c         *checker
	fn        *ssa.Function
	evs       []*event
	byInstr   map[ssa.Instruction][]*event
	alias     map[key]key        // a local variable or field assigned once -> its value
	regs      map[key][]key      // socket -> pollers it is registered with
	types     map[key]types.Type // socket -> its type, from any use
	canonMemo map[key]key
	deferred  []*event // the deferred events of evs
	defWaits  []*event // the deferred evSync events of evs
	a         *summarizer
	liveIx    *liveIndex    // built on checkGo's first question (live.go)
	serves    *[]serveStart // built on the first registered handler (callbacks.go)
}

func (c *checker) checkLauncher(a *summarizer, fn *ssa.Function) {
	l, gos := c.newLauncher(a, fn)
	done := map[[2]ssa.Instruction]bool{}
	for _, g := range gos {
		for _, k := range l.sockets(g.g.uses) {
			l.checkGo(g.g, k, done)
		}
	}
}

// newLauncher indexes fn's events; it returns nil when fn starts no
// goroutine.
func (c *checker) newLauncher(a *summarizer, fn *ssa.Function) (*launcher, []*event) {
	evs := a.events(fn)
	var gos []*event
	for _, e := range evs {
		if e.kind == evGo {
			gos = append(gos, e)
		}
	}
	if len(gos) == 0 {
		return nil, nil
	}
	l := &launcher{c: c, a: a, fn: fn, evs: evs, byInstr: map[ssa.Instruction][]*event{}, regs: map[key][]key{}, types: map[key]types.Type{}, canonMemo: map[key]key{}}
	for _, e := range evs {
		l.byInstr[e.instr] = append(l.byInstr[e.instr], e)
		if e.deferred {
			l.deferred = append(l.deferred, e)
			if e.kind == evSync {
				l.defWaits = append(l.defWaits, e)
			}
		}
	}
	l.alias = aliases(fn, evs)
	addReg := func(e *event) {
		if (e.kind == evUse || e.kind == evReg) && e.typ != nil {
			if k := l.canon(e.key); l.types[k] == nil {
				l.types[k] = e.typ
			}
		}
		if e.kind == evReg {
			s, p := l.canon(e.key), l.canon(e.poller)
			l.regs[s] = appendKey(l.regs[s], p)
		}
	}
	for _, e := range evs {
		addReg(e)
		if e.kind == evGo {
			for _, u := range e.g.uses {
				addReg(u)
			}
		}
	}
	return l, gos
}

func appendKey(ks []key, k key) []key {
	for _, x := range ks {
		if x == k {
			return ks
		}
	}
	return append(ks, k)
}

// aliases maps a local variable, or a field of a local struct, that is
// assigned exactly once in fn to the value assigned: `s := &srv{sock: x}`
// makes s.sock and x the same socket.
func aliases(fn *ssa.Function, evs []*event) map[key]key {
	count := map[key]int{}
	val := map[key]key{}
	for _, e := range evs {
		if e.kind != evStore {
			continue
		}
		if alloc, ok := e.key.root.(*ssa.Alloc); !ok || alloc.Parent() != fn {
			continue
		}
		count[e.key]++
		val[e.key] = keyOf(e.instr.(*ssa.Store).Val)
	}
	out := map[key]key{}
	for k, n := range count {
		if n == 1 && val[k].valid() && val[k] != k {
			out[k] = val[k]
		}
	}
	return out
}

// canon rewrites k through the launcher's aliases, longest matching
// prefix first, so that the result does not depend on map order. The
// aliases are looked up by k's own prefixes (k, then k without its last
// field, ...), a handful of map lookups, and results are memoized: a
// launcher with N aliased sockets asks O(N²) times, and scanning every
// alias per lookup made it cubic.
func (l *launcher) canon(k key) key {
	if c, ok := l.canonMemo[k]; ok {
		return c
	}
	orig := k
	for range 4 {
		to, n, found := l.longestAlias(k)
		if !found {
			break
		}
		k = key{root: to.root, deref: to.deref, fields: to.fields + k.fields[n:]}
	}
	l.canonMemo[orig] = k
	return k
}

// longestAlias returns the alias of the longest prefix of k that has one,
// and that prefix's length in k.fields.
func (l *launcher) longestAlias(k key) (key, int, bool) {
	p := k
	for {
		if to, ok := l.alias[p]; ok {
			return to, len(p.fields), true
		}
		i := strings.LastIndexByte(p.fields, '.')
		if i < 0 {
			return key{}, 0, false
		}
		p.fields = p.fields[:i]
	}
}

// sockets returns the sockets a goroutine's events touch, in position
// order: used directly, registered, or polled through a poller.
func (l *launcher) sockets(uses []*event) []key {
	var out []key
	for _, u := range uses {
		switch u.kind {
		case evUse, evReg:
			out = appendKey(out, l.canon(u.key))
		case evPoll:
			p := l.canon(u.key)
			for _, s := range l.sortedRegs() {
				for _, q := range l.regs[s] {
					if q == p {
						out = appendKey(out, s)
					}
				}
			}
		}
	}
	return out
}

func (l *launcher) sortedRegs() []key {
	var ks []key
	for k := range l.regs {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		return ks[i].root.Pos() < ks[j].root.Pos() || ks[i].root.Pos() == ks[j].root.Pos() && ks[i].fields < ks[j].fields
	})
	return ks
}

// usesOf returns the events among evs that touch socket k, with their
// type (a poll's type is the registered socket's).
func (l *launcher) usesOf(evs []*event, k key) []*event {
	var out []*event
	for _, e := range evs {
		switch e.kind {
		case evUse, evReg:
			if l.canon(e.key) == k {
				out = append(out, e)
			}
		case evPoll:
			p := l.canon(e.key)
			for _, q := range l.regs[k] {
				if q == p {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// shareable reports whether socket k may be used by several goroutines:
// a binding that serializes access, or a thread-safe draft socket type
// known from its constructor.
func (l *launcher) shareable(k key, t types.Type) bool {
	sharing, ok := l.c.res.Model.SharingOf(t)
	if !ok {
		return true // not a socket we know
	}
	switch sharing {
	case zmqapi.SharedSafe:
		return true
	case zmqapi.SharedUnsafe:
		safe, _ := l.constructedThreadSafe(k, 0)
		return safe
	}
	safe, known := l.constructedThreadSafe(k, 0)
	return safe || !known // draft socket of unknown type: when in doubt, silence
}

// constructedThreadSafe finds the constructor of socket k in the launcher
// and reports whether its constant type argument is a thread-safe type.
func (l *launcher) constructedThreadSafe(k key, depth int) (safe, known bool) {
	if depth > 3 {
		return false, false
	}
	if k.deref || k.fields != "" {
		if to, ok := l.alias[k]; ok {
			return l.constructedThreadSafe(to, depth+1)
		}
		return false, false
	}
	v := k.root
	if ex, ok := v.(*ssa.Extract); ok {
		v = ex.Tuple
	}
	ci, ok := v.(*ssa.Call)
	if !ok {
		return false, false
	}
	call := l.c.res.Resolve(ci)
	if call.Role() != zmqapi.NewSocket || call.Entry.SocketTypeArg < 0 || call.Entry.SocketTypeArg >= len(call.Args) {
		return false, false
	}
	kc, ok := call.Args[call.Entry.SocketTypeArg].(*ssa.Const)
	if !ok || kc.Value == nil {
		return false, false
	}
	return zmqapi.IsThreadSafeSocketType(call.Callee.Pkg(), kc.Value), true
}

// finding is one unordered pair of uses.
type finding struct {
	g      *goroutine
	gUse   *event
	other  *event     // the launcher's use, or the other goroutine's
	otherG *goroutine // set for two goroutines
	k      key
}

// checkGo looks for uses of socket k, after goroutine g starts, that are
// not ordered with g's uses.
func (l *launcher) checkGo(g *goroutine, k key, done map[[2]ssa.Instruction]bool) {
	gUses := l.usesOf(g.uses, k)
	if len(gUses) == 0 || l.shareable(k, l.types[k]) {
		return
	}
	def := rootDef(k)
	mine, others, returns, fast := l.scan(g, k, def)
	if !fast {
		mine, others, returns = l.walkGo(g, k, def)
	}
	if l.repeatsInIterator(g, k, def) {
		others = append(others, g)
	}
	if g.cb != nil && g.cb.Concurrent {
		others = append(others, g) // a handler runs concurrently with itself
	}
	if returns {
		// Deferred uses run at return, possibly while g still runs,
		// unless a wait for g deferred after them runs first.
		for _, e := range l.live().deferred[k] {
			if e.kind == evGo {
				continue
			}
			if us := l.usesOf([]*event{e}, k); len(us) > 0 && !l.deferredAfterWait(e, g, k) {
				mine = append(mine, us...)
			}
		}
	}
	if g.cb != nil && g.cb.Registers {
		// A handler starts when a server serves it: only uses after a
		// server of its mux is started count (callbacks.go).
		mine = l.servedUses(g, k, def, mine)
	}
	l.reportGo(g, k, gUses, mine, others, done)
}

// walkGo is checkGo's walk from g's start to the function's end for
// socket k, stopping where the launcher waits for g, makes k another
// socket or comes round to k's creation: the launcher's uses of k on the
// way, the goroutines using k started on the way, and whether a return
// is reached. scan answers the same without the walk when nothing on the
// way can stop it.
func (l *launcher) walkGo(g *goroutine, k key, def ssa.Instruction) (mine []*event, others []*goroutine, returns bool) {
	flow.Walk(g.instr, func(instr ssa.Instruction) flow.Verdict {
		if _, ok := instr.(*ssa.Return); ok {
			returns = true
		}
		if instr == def {
			// Round a loop to the socket's own creation: from here on
			// k is a new socket (one per iteration and goroutine).
			return flow.Stop
		}
		evs := l.byInstr[instr]
		for _, e := range evs {
			if l.orders(e, g, k) {
				return flow.Stop
			}
		}
		for _, e := range evs {
			switch e.kind {
			case evGo:
				if len(l.usesOf(e.g.uses, k)) > 0 {
					others = append(others, e.g)
				}
			default:
				if !e.deferred {
					mine = append(mine, l.usesOf([]*event{e}, k)...)
				}
			}
		}
		return flow.Continue
	}, nil)
	return mine, others, returns
}

// reportGo reports the launcher's uses (mine) and the other goroutines'
// uses of k that are not ordered with g's uses (gUses).
func (l *launcher) reportGo(g *goroutine, k key, gUses, mine []*event, others []*goroutine, done map[[2]ssa.Instruction]bool) {
	// The launcher's own uses.
	var pairs []finding
	for _, m := range mine {
		if l.releasedAfter(m, g) {
			continue // g waits for a signal the launcher sends after m
		}
		if gu := unguardedPartner(gUses, m); gu != nil {
			pairs = append(pairs, finding{g: g, gUse: gu, other: m, k: k})
		}
	}
	if len(pairs) > 0 {
		l.c.reportShared(l, pairs)
	}
	// Other goroutines (or g again, in a loop).
	for _, o := range others {
		pk := [2]ssa.Instruction{g.instr, o.instr}
		if o.instr.Pos() < g.instr.Pos() {
			pk = [2]ssa.Instruction{o.instr, g.instr}
		}
		if done[pk] {
			continue
		}
		for _, ou := range l.usesOf(o.uses, k) {
			if gu := unguardedPartner(gUses, ou); gu != nil {
				done[pk] = true
				l.c.reportGoroutines(l, finding{g: g, gUse: gu, other: ou, otherG: o, k: k})
				break
			}
		}
	}
}

// repeatsInIterator reports whether go statement g is in the body of a
// range-over-func loop (Go 1.23: SSA makes the body a synthetic "yield"
// function the iterator calls once per element) and the body may ask for
// the next element after starting g, with nothing between that waits for
// g: the go statement then starts a goroutine per element, as in a plain
// loop, where the walk around the back edge finds it. A socket created in
// the body is a new one for each call.
func (l *launcher) repeatsInIterator(g *goroutine, k key, def ssa.Instruction) bool {
	body := g.instr.Parent()
	if body == nil || body.Synthetic != "range-over-func yield" || (def != nil && def.Parent() == body) {
		return false
	}
	return flow.Walk(g.instr, func(instr ssa.Instruction) flow.Verdict {
		for _, e := range l.byInstr[instr] {
			if l.orders(e, g, k) {
				return flow.Stop
			}
		}
		if ret, ok := instr.(*ssa.Return); ok {
			// "return false" is a break out of the loop; anything else
			// may continue it.
			if len(ret.Results) == 1 {
				if c, ok := ret.Results[0].(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool && !constant.BoolVal(c.Value) {
					return flow.Stop
				}
			}
			return flow.Found
		}
		return flow.Continue
	}, nil) != nil
}

// unguardedPartner returns a use among gUses that does not share a mutex
// with m (nil if all do).
func unguardedPartner(gUses []*event, m *event) *event {
	for _, gu := range gUses {
		if !shareLock(gu, m) {
			return gu
		}
	}
	return nil
}

// orders reports whether event e, reached in the launcher after g
// started, waits for g to finish with k (or makes k another socket).
func (l *launcher) orders(e *event, g *goroutine, k key) bool {
	if e.deferred {
		return false // runs at return, not here
	}
	signals := func(sk key) bool {
		if !sk.valid() {
			return true // a wait we cannot name: assume it is for g
		}
		sk = l.canon(sk)
		for _, s := range g.signals {
			if l.canon(s) == sk {
				return true
			}
		}
		return false
	}
	switch e.kind {
	case evSync:
		if len(e.keys) > 0 {
			for _, sk := range e.keys {
				if signals(sk) {
					return true
				}
			}
			return false
		}
		return signals(e.key)
	case evOpaque:
		return signals(e.key) && e.key.valid()
	case evStore:
		// The variable (or struct) holding the socket is reassigned: later
		// uses are of another socket.
		ek := e.key
		return k.hasPrefix(ek) || k.hasPrefix(l.canon(ek))
	}
	return false
}

// rootDef returns the instruction that creates the value socket k is (the
// constructor call, for "s, err := NewSocket()"), or nil when k is reached
// through a variable or a field.
func rootDef(k key) ssa.Instruction {
	if k.deref || k.fields != "" {
		return nil
	}
	v := k.root
	if ex, ok := v.(*ssa.Extract); ok {
		v = ex.Tuple
	}
	instr, _ := v.(ssa.Instruction)
	return instr
}
