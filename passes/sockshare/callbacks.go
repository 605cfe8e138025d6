package sockshare

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/spawn"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// Callbacks: calls that run a function on another goroutine without a go
// statement (passes/internal/spawn holds the table). The registration is
// a launch point like a go statement; everything after it (the walk, the
// orderings) is the go statement's.

// launchCallback builds the goroutine that a call of a spawn row starts,
// or nil when the callback cannot be seen (a Handler of unknown dynamic
// type, a function value from a parameter, unknown code).
func (a *summarizer) launchCallback(instr ssa.CallInstruction, call zmqssa.Call, row *spawn.Row) *goroutine {
	var common *ssa.CallCommon
	var remap map[ssa.Value]ssa.Value
	switch {
	case row.Kind == spawn.ServerHandler:
		if h := storedHandler(call.Recv); h != nil {
			common, remap = callbackCall(a.c.res.Pkg.Prog, h, spawn.Handler, 0)
		}
	case row.Arg < len(call.Args):
		common, remap = callbackCall(a.c.res.Pkg.Prog, call.Args[row.Arg], row.Kind, 0)
	}
	if common == nil {
		return nil
	}
	var group *key
	if row.SignalsRecv {
		k := keyOf(call.Recv)
		group = &k
	}
	g := a.launch(instr, common, group)
	if g == nil {
		return nil
	}
	g.cb = row
	if row.Registers && !row.Serves {
		if call.Recv != nil {
			g.mux = keyOf(call.Recv)
		} else {
			g.defaultMux = true
		}
	}
	remapCells(g, remap)
	if c, ok := instr.(*ssa.Call); ok && row.Cancel != spawn.NoCancel {
		// A Stop of the returned timer (or a call of the returned stop
		// function) whose result is tested waits for it: see cancelWait.
		g.signals = append(g.signals, keyOf(c))
	}
	return g
}

// callbackCall returns a call of the function that argument v of a
// registration runs: v itself for a function value, the ServeHTTP method
// of a Handler's dynamic type with the handler as receiver, or the
// function converted to http.HandlerFunc.
func callbackCall(prog *ssa.Program, v ssa.Value, kind spawn.Arg, depth int) (*ssa.CallCommon, map[ssa.Value]ssa.Value) {
	if depth > 4 {
		return nil, nil
	}
	switch kind {
	case spawn.Func:
		// http.HandlerFunc(f): a named function type. Only ChangeType:
		// a function in an interface is a Handler, the other kind.
		v = value.Peel(v, value.ChangeType)
		switch f := v.(type) {
		case *ssa.Function:
			return &ssa.CallCommon{Value: f}, nil
		case *ssa.MakeClosure:
			return &ssa.CallCommon{Value: f}, nil
		case *ssa.Call:
			return factoryClosure(f)
		}
		return nil, nil // a function value we cannot see
	case spawn.Handler:
		if c, ok := v.(*ssa.Call); ok {
			// http.StripPrefix(p, h): registering the wrapper registers h.
			if fn := c.Call.StaticCallee(); fn != nil {
				if obj, ok := fn.Object().(*types.Func); ok {
					if i, ok := spawn.WrapperArg(obj); ok && i < len(c.Call.Args) {
						return callbackCall(prog, c.Call.Args[i], spawn.Handler, depth+1)
					}
				}
			}
			return nil, nil
		}
		mi, ok := v.(*ssa.MakeInterface)
		if !ok {
			return nil, nil // a Handler of unknown dynamic type
		}
		x := mi.X
		if spawn.IsHandlerFunc(x.Type()) {
			return callbackCall(prog, x, spawn.Func, depth+1)
		}
		sel := prog.MethodSets.MethodSet(x.Type()).Lookup(nil, spawn.HandlerMethod)
		if sel == nil {
			return nil, nil
		}
		obj, ok := sel.Obj().(*types.Func)
		if !ok || obj.Pkg() == nil || obj.Pkg().Path() == "net/http" {
			return nil, nil // *http.ServeMux and the like: their handlers are registered separately
		}
		fn := prog.FuncValue(obj)
		if fn == nil {
			return nil, nil
		}
		recv := x
		if _, isPtr := obj.Type().(*types.Signature).Recv().Type().Underlying().(*types.Pointer); !isPtr {
			if _, xPtr := x.Type().Underlying().(*types.Pointer); xPtr {
				return nil, nil // *T with a T method: the receiver is a copy we do not follow
			}
		}
		return &ssa.CallCommon{Value: fn, Args: []ssa.Value{recv}}, nil
	}
	return nil, nil
}

// cancelWait recognizes a Stop of a timer that time.AfterFunc returned,
// or a call of the stop function context.AfterFunc returned, whose result
// the code tests: true means the callback will not run, and the false
// branch is where code that needs the callback finished waits for it (a
// receive from a channel the callback closes). The call is taken as a wait
// for the callback (key: the registration's result). A Stop whose result
// is dropped is not: the callback may be running.
func cancelWait(instr ssa.CallInstruction, call zmqssa.Call) (key, bool) {
	c, ok := instr.(*ssa.Call)
	if !ok {
		return key{}, false
	}
	var reg *ssa.Call
	if spawn.IsTimerStop(call.Callee) && call.Recv != nil {
		if r, ok := call.Recv.(*ssa.Call); ok && cancelOf(r) == spawn.TimerStop {
			reg = r
		}
	} else if r, ok := c.Call.Value.(*ssa.Call); ok && cancelOf(r) == spawn.CallResult {
		reg = r
	}
	if reg == nil || !testedByIf(c) {
		return key{}, false
	}
	return keyOf(reg), true
}

// cancelOf returns how the result of call c cancels a callback.
func cancelOf(c *ssa.Call) spawn.Cancel {
	fn := c.Call.StaticCallee()
	if fn == nil {
		return spawn.NoCancel
	}
	obj, _ := fn.Object().(*types.Func)
	if row, ok := spawn.Lookup(obj); ok {
		return row.Cancel
	}
	return spawn.NoCancel
}

// testedByIf reports whether v's value decides an if.
func testedByIf(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.If:
			return true
		case *ssa.UnOp:
			if testedByIf(r) {
				return true
			}
		}
	}
	return false
}

// dynamicSocketArgs returns, for a call through a function value
// ("fn(s)" with fn a parameter or variable), a use of each socket it is
// given: the function runs on this goroutine, with the socket, while a
// callback or goroutine may use it too.
func dynamicSocketArgs(c *checker, common *ssa.CallCommon) []*event {
	if common.IsInvoke() || common.StaticCallee() != nil {
		return nil
	}
	var out []*event
	for _, arg := range common.Args {
		if c.res.Model.IsSocketType(arg.Type()) {
			out = append(out, &event{kind: evUse, key: keyOf(arg), typ: arg.Type(), what: "passed to " + funcValueName(common.Value)})
		}
	}
	return out
}

func funcValueName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return v.Name()
	case *ssa.UnOp:
		if a, ok := v.X.(*ssa.Alloc); ok && a.Comment != "" {
			return a.Comment
		}
	}
	return "a function value"
}

// launchedWhat names what started g, for messages: "the goroutine started
// on line 12" or "the time.AfterFunc callback registered on line 12".
func (c *checker) launchedWhat(g *goroutine) string {
	if g.cb == nil || g.cb.Via == "WaitGroup.Go" || g.cb.Via == "errgroup Go" || g.cb.Via == "errgroup TryGo" {
		return fmt.Sprintf("the goroutine started on line %d", c.line(g.instr.Pos()))
	}
	what := "callback"
	if g.cb.Concurrent {
		what = "handler"
	}
	return fmt.Sprintf("the %s %s registered on line %d", g.cb.Via, what, c.line(g.instr.Pos()))
}

// startedHere is the related message at g's start.
func startedHere(g *goroutine) string {
	if g.cb == nil || g.cb.SignalsRecv {
		return "the goroutine is started here"
	}
	return "the callback is registered here; it runs on another goroutine"
}

// remedyFor tells what to do about socket k: guard it with the mutex the
// struct holding it already has ("lock s.mu around every use of s.sock",
// when the socket is named through that struct), or give it to one owner
// goroutine, as owner says (ownerRemedy).
func (c *checker) remedyFor(k key, name, owner string, evs ...*event) string {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return ownerRemedy(name, owner)
	}
	// The keys as used first (the name is their source text), then the
	// launcher's canonical key.
	mu := ""
	for _, e := range evs {
		if mu == "" {
			mu = mutexBeside(e.key)
		}
	}
	if mu == "" {
		mu = mutexBeside(k)
	}
	if mu == "" {
		return ownerRemedy(name, owner)
	}
	return fmt.Sprintf("ZeroMQ sockets are not thread-safe: lock %s.%s around every use of %s, or give %s to %s", name[:i], mu, name, name, owner)
}

// mutexBeside returns the name of a sync.Mutex or RWMutex field of the
// struct whose field socket k is ("" if k is not a field, or the struct
// has none).
func mutexBeside(k key) string {
	idx := k.fieldIndexes()
	if len(idx) == 0 || k.root == nil {
		return ""
	}
	t := k.root.Type()
	if k.deref {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return ""
		}
		t = p.Elem()
	}
	for _, i := range idx[:len(idx)-1] {
		st := structOf(t)
		if st == nil || i >= st.NumFields() {
			return ""
		}
		t = st.Field(i).Type()
	}
	st := structOf(t)
	if st == nil {
		return ""
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		if n := value.Named(f.Type()); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" &&
			(n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex") {
			return f.Name()
		}
	}
	return ""
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// startWord names g's start statement in fix messages.
func startWord(g *goroutine) string {
	if g.cb == nil {
		return "go statement"
	}
	return g.cb.Via + " call"
}

// inWhat names g's body in related messages.
func inWhat(g *goroutine) string {
	if g.cb == nil || g.cb.SignalsRecv {
		return "the goroutine"
	}
	return "the callback"
}

// storedHandler returns the value stored, in the function that allocates
// it, into the Handler field of the *http.Server srv, or nil when there is
// not exactly one such store.
func storedHandler(srv ssa.Value) ssa.Value {
	alloc, ok := srv.(*ssa.Alloc)
	if !ok {
		return nil
	}
	var val ssa.Value
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok || !isServerHandlerField(fa) {
			continue
		}
		for _, fr := range *fa.Referrers() {
			if st, ok := fr.(*ssa.Store); ok && st.Addr == fa {
				if val != nil {
					return nil // stored twice: which one serves is not known
				}
				val = st.Val
			}
		}
	}
	return val
}

func isServerHandlerField(fa *ssa.FieldAddr) bool {
	n := value.Named(fa.X.Type())
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path()+"."+n.Obj().Name() != spawn.ServerType {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	return ok && fa.Field < st.NumFields() && st.Field(fa.Field).Name() == spawn.ServerHandlerField
}

// launchGoCallback builds the callback started by a go statement that
// calls a spawn row ("go http.ListenAndServe(addr, h)"), when the go'd
// function itself has no summary.
func (a *summarizer) launchGoCallback(instr *ssa.Go) *goroutine {
	call := a.c.res.Resolve(instr)
	row, ok := spawn.Lookup(call.Callee)
	if !ok {
		return nil
	}
	g := a.launchCallback(instr, call, row)
	if g != nil && g.cb.Registers {
		// The server serves from now on, alongside the launcher's own
		// later code: its uses are paired with the handler.
		r := *row
		r.Registers = false
		g.cb = &r
	}
	return g
}

// factoryClosure returns a call of the closure that a same-package
// factory returns ("mux.HandleFunc(p, s.handleX())", where handleX
// returns a function literal on every path), with the closure's captured
// parameters of the factory bound to the factory call's arguments. A
// captured variable that is not a parameter stays unbound: its uses are
// not followed.
func factoryClosure(c *ssa.Call) (*ssa.CallCommon, map[ssa.Value]ssa.Value) {
	fn := c.Call.StaticCallee()
	if fn == nil || fn.Blocks == nil || c.Call.IsInvoke() || len(fn.FreeVars) > 0 {
		return nil, nil
	}
	var mc *ssa.MakeClosure
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if len(ret.Results) != 1 {
			return nil, nil
		}
		v := value.Peel(ret.Results[0], value.ChangeType)
		m, ok := v.(*ssa.MakeClosure)
		if !ok || (mc != nil && m != mc) {
			return nil, nil // not one literal on every path
		}
		mc = m
	}
	if mc == nil {
		return nil, nil
	}
	args := c.Call.Args
	argOf := func(v ssa.Value) ssa.Value {
		if p, ok := v.(*ssa.Parameter); ok && p.Parent() == fn {
			if j := value.ParamIndex(p); j < len(args) {
				return args[j]
			}
		}
		return nil
	}
	bindings := make([]ssa.Value, len(mc.Bindings))
	remap := map[ssa.Value]ssa.Value{}
	for i, b := range mc.Bindings {
		if a := argOf(b); a != nil {
			bindings[i] = a
			continue
		}
		// A captured parameter lives in a cell: "t0 = new *T (f); *t0 =
		// f". Keys through the cell become keys of the argument.
		if val := cellValue(b, false); val != nil {
			if a := argOf(val); a != nil {
				bindings[i] = b
				remap[b] = a
			}
		}
	}
	return &ssa.CallCommon{Value: &ssa.MakeClosure{Fn: mc.Fn, Bindings: bindings}}, remap
}

// remapCells rewrites g's keys that go through a factory's cell of a
// captured parameter into keys of the factory call's argument.
func remapCells(g *goroutine, remap map[ssa.Value]ssa.Value) {
	if len(remap) == 0 {
		return
	}
	fix := func(k key) key {
		a, ok := remap[k.root]
		if !ok || !k.deref {
			return k
		}
		n := keyOf(a)
		if !n.valid() {
			return key{}
		}
		n.fields += k.fields
		return n
	}
	for _, e := range g.uses {
		e.key, e.poller = fix(e.key), fix(e.poller)
		for i := range e.held {
			e.held[i] = fix(e.held[i])
		}
		for i := range e.after {
			e.after[i] = fix(e.after[i])
		}
	}
	for i := range g.signals {
		g.signals[i] = fix(g.signals[i])
	}
	for i := range g.gates {
		g.gates[i].k = fix(g.gates[i].k)
	}
}

// racesAlone reports whether use u of g races with itself: g runs
// concurrently with itself and u holds no mutex. That use is reported as
// the handler's own race; pairing it with another goroutine's use too
// would report one missing lock twice, once at a use that may well be
// guarded.
func racesAlone(g *goroutine, u *event) bool {
	return g.cb != nil && g.cb.Concurrent && len(u.held) == 0
}

// serveStart is a go statement of the launcher that starts a server
// serving a ServeMux: "go http.ListenAndServe(addr, mux)", "go
// srv.Serve(l)" with srv's Handler the mux, or a go'd function literal
// that makes such a call ("go func() { errc <- srv.ListenAndServe() }()").
type serveStart struct {
	instr      *ssa.Go
	mux        key // in the launcher's keys
	defaultMux bool
}

// serveStarts returns the launcher's serve starts, in instruction order.
func (l *launcher) serveStarts() []serveStart {
	if l.serves != nil {
		return *l.serves
	}
	var out []serveStart
	for _, b := range l.fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			if s, ok := l.serveStartOf(g); ok {
				out = append(out, s)
			}
		}
	}
	l.serves = &out
	return out
}

// serveStartOf recognizes go statement g as a serve start.
func (l *launcher) serveStartOf(g *ssa.Go) (serveStart, bool) {
	if h, ok := l.servedHandler(l.c.res.Resolve(g), nil); ok {
		return muxStart(g, h)
	}
	mc, ok := g.Call.Value.(*ssa.MakeClosure)
	if !ok || len(g.Call.Args) > 0 {
		return serveStart{}, false
	}
	fn, _ := mc.Fn.(*ssa.Function)
	if fn == nil {
		return serveStart{}, false
	}
	// The literal's captured variables are the launcher's bindings.
	var bind func(v ssa.Value) ssa.Value
	bind = func(v ssa.Value) ssa.Value {
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
			// A captured variable lives in a cell stored once: its value.
			if _, ok := u.X.(*ssa.FreeVar); ok {
				if cell := bind(u.X); cell != nil {
					return cellValue(cell, true)
				}
			}
			return nil
		}
		if fv, ok := v.(*ssa.FreeVar); ok {
			for i, f := range fn.FreeVars {
				if f == fv && i < len(mc.Bindings) {
					return mc.Bindings[i]
				}
			}
			return nil
		}
		if v.Parent() == fn {
			if _, ok := v.(*ssa.Const); !ok {
				return nil // the literal's own value: not the launcher's
			}
		}
		return v
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if h, ok := l.servedHandler(l.c.res.Resolve(c), bind); ok {
				return muxStart(g, h)
			}
		}
	}
	return serveStart{}, false
}

// servedHandler returns the Handler that a call of a Serves row serves,
// in the launcher's values (bind maps a go'd literal's values to them;
// nil: the call is the launcher's).
func (l *launcher) servedHandler(call zmqssa.Call, bind func(ssa.Value) ssa.Value) (ssa.Value, bool) {
	row, ok := spawn.Lookup(call.Callee)
	if !ok || !row.Serves {
		return nil, false
	}
	if bind == nil {
		bind = func(v ssa.Value) ssa.Value { return v }
	}
	var h ssa.Value
	switch {
	case row.Kind == spawn.ServerHandler:
		if call.Recv == nil {
			return nil, false
		}
		srv := bind(call.Recv)
		if srv == nil {
			return nil, false
		}
		h = storedHandler(srv)
	case row.Arg < len(call.Args):
		h = call.Args[row.Arg]
		if mi, ok := h.(*ssa.MakeInterface); ok {
			if x := bind(mi.X); x != nil {
				return &ssa.MakeInterface{X: x}, true
			}
			return nil, false
		}
		h = bind(h)
	}
	return h, h != nil
}

// muxStart makes a serve start of g serving handler h, when h is a
// ServeMux (or nil: the DefaultServeMux).
func muxStart(g *ssa.Go, h ssa.Value) (serveStart, bool) {
	if c, ok := h.(*ssa.Const); ok && c.IsNil() {
		return serveStart{instr: g, defaultMux: true}, true
	}
	mi, ok := h.(*ssa.MakeInterface)
	if !ok || !spawn.IsServeMux(mi.X.Type()) {
		return serveStart{}, false
	}
	k := keyOf(mi.X)
	if !k.valid() {
		return serveStart{}, false
	}
	return serveStart{instr: g, mux: k}, true
}

// servedUses keeps, of the launcher's uses of k after handler g was
// registered (mine), those that also follow a start of a server serving
// g's mux, unordered with it: the handler runs on a request from then on.
// A handler of a mux that no go statement of the launcher serves starts
// at a time we do not know, and is paired with nothing (docs/sockshare.md,
// "Callbacks").
func (l *launcher) servedUses(g *goroutine, k key, def ssa.Instruction, mine []*event) []*event {
	if len(mine) == 0 || (!g.mux.valid() && !g.defaultMux) {
		return nil
	}
	after := map[*event]bool{}
	for _, s := range l.serveStarts() {
		if s.defaultMux != g.defaultMux || (!g.defaultMux && l.canon(s.mux) != l.canon(g.mux)) {
			continue
		}
		gs := *g
		gs.instr = s.instr
		m, _, returns, fast := l.scan(&gs, k, def)
		if !fast {
			m, _, returns = l.walkGo(&gs, k, def)
		}
		for _, e := range m {
			after[e] = true
		}
		if returns {
			for _, e := range l.live().deferred[k] {
				if e.kind != evGo {
					after[e] = true
				}
			}
		}
	}
	var out []*event
	for _, e := range mine {
		if after[e] {
			out = append(out, e)
		}
	}
	return out
}

// cellValue returns the value stored into the cell v (an Alloc) when it
// is stored exactly once and otherwise only captured by closures or, if
// loads is set, loaded: the value a factory's captured variable stands for.
// Any other use (its address passed on, a second store) may change it, so
// the answer is nil.
func cellValue(v ssa.Value, loads bool) ssa.Value {
	alloc, ok := v.(*ssa.Alloc)
	if !ok || alloc.Referrers() == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || val != nil {
				return nil
			}
			val = r.Val
		case *ssa.UnOp:
			if !loads || r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
		default:
			return nil
		}
	}
	return val
}
