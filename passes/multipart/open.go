package multipart

import (
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// openPart is a call that leaves a multipart message open on a socket: a
// send with the binding's more-flag, or a call of a helper known (by a
// LeavesOpenFact) to do so on one of its parameters.
type openPart struct {
	instr  *ssa.Call
	sock   ssa.Value
	errVal ssa.Value   // the call's error result, nil if none
	flag   string      // "SNDMORE", "FlagMore"; "" for a helper
	helper *types.Func // the helper, for a helper call
	// guard, when set: the flag has the more-flag on every iteration of
	// a loop but the last (a flag variable cleared at the last index, or
	// a send in the not-last branch of the last-index test).
	guard *guard
	entry *zmqapi.Entry // the binding send, nil for a helper
	// mixed: the flag is the more-flag on some paths only (a guarded
	// flag variable); then no point after the part is known to have the
	// message open on every path.
	mixed bool
	// viaWrapper: helper is a wrapper that sends the part with the flags
	// of this call (SendsFlagFact), not a helper leaving it open.
	viaWrapper bool
	// start, for a search of the fix (finishFix): the search starts on
	// this edge instead of just after the part.
	start *edge
}

// effect is what an instruction does to the message left open on a socket.
type effect uint8

const (
	noEffect effect = iota
	addsPart        // another non-final part on the same socket
	finishes        // the final part, a whole message, or a close: the message is done
	unknown         // the socket reaches code we cannot see: stop looking (silence)
	leaves          // the function returns
)

// partOf returns the open part that instr sends, or nil.
func (c *checker) partOf(instr *ssa.Call) *openPart {
	call := c.res.Resolve(instr)
	if e := call.Entry; e != nil {
		if call.Recv == nil || !e.Role.IsSend() {
			return nil
		}
		var g *guard
		isMore := entryMore(e, call.Callee.Pkg())
		fc := c.flagOf(call)
		switch fc {
		case flagMore:
			g = c.lastGuard(isMore, instr.Block(), call.Args[e.FlagArg], fc)
		case flagMixed:
			if g = c.lastGuard(isMore, instr.Block(), call.Args[e.FlagArg], fc); g == nil {
				return nil // more on some paths, and we cannot tell which: not judged
			}
		default:
			return nil
		}
		return &openPart{instr: instr, sock: call.Recv, errVal: errResult(instr), flag: e.MoreFlag, guard: g, entry: e, mixed: fc == flagMixed}
	}
	callee := instr.Call.StaticCallee()
	if callee == nil || isBoundMethod(instr) {
		return nil
	}
	if f := c.sendsFlag(instr); f != nil && f.Sock < len(instr.Call.Args) && f.Flag < len(instr.Call.Args) {
		// A wrapper sending one part with the flags its caller passes.
		isMore := bitMore(f.More)
		flag := instr.Call.Args[f.Flag]
		fc := classify(isMore, c.flagValues(flag, nil))
		var g *guard
		switch fc {
		case flagMore:
			g = c.lastGuard(isMore, instr.Block(), flag, fc)
		case flagMixed:
			if g = c.lastGuard(isMore, instr.Block(), flag, fc); g == nil {
				return nil
			}
		default:
			return nil
		}
		obj, _ := callee.Object().(*types.Func)
		return &openPart{instr: instr, sock: instr.Call.Args[f.Sock], errVal: errResult(instr), flag: f.Name, helper: obj, viaWrapper: true, guard: g, mixed: fc == flagMixed}
	}
	for _, j := range c.helps.leavesOpen(callee) {
		if j < len(instr.Call.Args) {
			obj, _ := callee.Object().(*types.Func)
			return &openPart{instr: instr, sock: instr.Call.Args[j], errVal: errResult(instr), helper: obj}
		}
	}
	return nil
}

// sendFlag classifies a binding send on the socket by its flags: the
// flags value is evaluated on the constant-set lattice (flags.go); a flag
// that is the more-flag on some paths only, or that we cannot evaluate,
// may be the final part: the search stops there (silence).
func (c *checker) sendFlag(call zmqssa.Call) effect {
	e := call.Entry
	if e.FlagArg < 0 {
		return finishes // SendMessage, Write: a whole message (or the end of one)
	}
	if e.FlagArg >= len(call.Args) {
		return unknown
	}
	switch c.flagOf(call) {
	case flagMore:
		return addsPart
	case flagFinal:
		return finishes
	}
	return unknown
}

func isBoundMethod(instr *ssa.Call) bool {
	mc, ok := instr.Call.Value.(*ssa.MakeClosure)
	return ok && mc.Fn == instr.Call.StaticCallee()
}

// errResult returns the error result of a call (its last result), or nil.
func errResult(call *ssa.Call) ssa.Value {
	errType := types.Universe.Lookup("error").Type()
	switch t := call.Type().(type) {
	case *types.Tuple:
		n := t.Len()
		if n == 0 || !types.Identical(t.At(n-1).Type(), errType) {
			return nil
		}
		refs := call.Referrers()
		if refs == nil {
			return nil
		}
		for _, r := range *refs {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == n-1 {
				return ex
			}
		}
	default:
		if types.Identical(t, errType) {
			return call
		}
	}
	return nil
}

// parts lists fn's open parts in source order.
func (c *checker) parts(fn *ssa.Function) []*openPart {
	var ps []*openPart
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(*ssa.Call); ok {
				if p := c.partOf(call); p != nil {
					ps = append(ps, p)
				}
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].instr.Pos() < ps[j].instr.Pos() })
	return ps
}

// effectOn classifies instr for the message open on sock.
func (c *checker) effectOn(instr ssa.Instruction, sock ssa.Value, hs []ssa.Value) effect {
	switch instr := instr.(type) {
	case *ssa.Return:
		return leaves
	case *ssa.Go:
		if involves(instr, hs) {
			return unknown // another goroutine may finish the message
		}
	case *ssa.Call:
		if c.isNoReturn(instr) {
			return unknown
		}
		call := c.res.Resolve(instr)
		if e := call.Entry; e != nil && call.Recv != nil && value.SameRef(call.Recv, sock) {
			switch {
			case e.Role == zmqapi.Close:
				return finishes // closing rolls the open message back (§0 L4)
			case e.Role.IsSend():
				return c.sendFlag(call)
			}
			return noEffect // options, receives: the message stays open
		}
		if p := c.partOf(instr); p != nil && value.SameRef(p.sock, sock) {
			if p.mixed {
				return unknown // the final part on the last iteration
			}
			return addsPart
		}
		if f := c.sendsFlag(instr); f != nil && f.Sock < len(instr.Call.Args) && f.Flag < len(instr.Call.Args) && value.SameRef(instr.Call.Args[f.Sock], sock) {
			switch classify(bitMore(f.More), c.flagValues(instr.Call.Args[f.Flag], nil)) {
			case flagMore:
				return addsPart
			case flagFinal:
				return finishes
			}
			return unknown
		}
		if involves(instr, hs) || c.mayReachGlobal(instr, hs) {
			return unknown
		}
	}
	return noEffect
}

// involves reports whether a call passes the socket, or a variable or
// struct holding it, to the callee (as receiver, argument or captured
// variable).
func involves(instr ssa.CallInstruction, hs []ssa.Value) bool {
	common := instr.Common()
	ops := append([]ssa.Value{common.Value}, common.Args...)
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		ops = append(ops, mc.Bindings...)
	}
	for _, op := range ops {
		if op == nil {
			continue
		}
		op = value.Peel(op, value.Ref)
		for _, h := range hs {
			if op == h || value.SameRef(op, h) {
				return true
			}
		}
	}
	return false
}

// mayReachGlobal: a socket held in a package variable can be sent on by
// any function of this package.
func (c *checker) mayReachGlobal(instr *ssa.Call, hs []ssa.Value) bool {
	if _, ok := hs[len(hs)-1].(*ssa.Global); !ok {
		return false
	}
	callee := instr.Call.StaticCallee()
	return callee == nil || callee.Pkg == c.res.Pkg
}

func (c *checker) isNoReturn(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil {
		return false
	}
	obj, ok := callee.Object().(*types.Func)
	return ok && c.res.NoReturn(obj)
}

// finishedSomewhere reports whether fn anywhere finishes, closes or hands
// off the message on sock: if not, fn only ever adds parts to it, on
// purpose, and its caller is responsible for the rest.
func (c *checker) finishedSomewhere(fn *ssa.Function, sock ssa.Value) bool {
	hs := value.Holders(sock)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && involves(d, hs) {
				return true // a deferred final part or Close
			}
			switch c.effectOn(instr, sock, hs) {
			case finishes, unknown:
				if _, ok := instr.(*ssa.Call); ok {
					return true
				}
				if _, ok := instr.(*ssa.Go); ok {
					return true
				}
			}
		}
	}
	return false
}

// abandonment is what the path search from an open part found.
type abandonment struct {
	part  *openPart
	exits []exitAt          // returns reached with the message open
	loop  bool              // the part's own send is reached again
	seq   []*openPart       // the later parts of the same message seen on the way
	final []ssa.Instruction // the finishing calls seen on the way
	// skipped: for a guarded part, a return is reached from a later
	// iteration that did not send the part (a continue or break that
	// skips it, a return before it): when that iteration is the last,
	// the final part is never sent.
	skipped bool
	edges   map[edge]uint8 // the edges the search followed
}

// exitAt is a return reached with the message open, and in which state.
type exitAt struct {
	instr ssa.Instruction
	state pathState
}

// checkAbandoned reports open parts from which some path leaves the
// function, or comes back to the same part, without finishing the message.
func (c *checker) checkAbandoned(fn *ssa.Function) {
	ps := c.parts(fn)
	idx := newPartIndex(fn, ps)
	covered := map[*ssa.Call]bool{}
	for _, p := range ps {
		if covered[p.instr] {
			continue
		}
		a := c.searchAbandon(fn, p, idx, nil)
		if a == nil {
			continue
		}
		for _, q := range a.seq {
			covered[q.instr] = true
		}
		if len(a.exits) > 0 || a.loop {
			c.reportAbandoned(fn, a, idx)
		}
	}
}

// searchAbandon walks from part p; nil when p's message is not this
// function's to finish. stops, if not nil, are the points where a fix
// sends the final part (the search of the fixed code).
func (c *checker) searchAbandon(fn *ssa.Function, p *openPart, idx *partIndex, stops *fixPoints) *abandonment {
	kind, _ := socketRoot(fn, p.sock)
	if (kind == rootParam || kind == rootOuter) && !c.finishedSomewhere(fn, p.sock) {
		return nil // a helper that sends leading parts; its callers finish
	}
	hs, errVals, deferred := idx.of(p.sock)
	a := &abandonment{part: p, edges: map[edge]uint8{}}
	seen := map[ssa.Instruction]bool{}
	exitSeen := map[ssa.Instruction]bool{}
	w := &partWalk{
		part:  p,
		skip:  func(ifi *ssa.If) int { return flow.ErrorBranch(ifi, errVals) },
		edges: a.edges,
	}
	if stops != nil {
		w.stopInstr, w.stopEdge = stops.instrs, stops.edges
	}
	if p.guard == nil {
		w.inner = c.prefixLoop(fn, p, hs)
	}
	w.visit = func(instr ssa.Instruction, st pathState) flow.Verdict {
		if instr == ssa.Instruction(p.instr) {
			if p.guard == nil {
				a.loop = true
			}
			// A guarded part sent again is the message going on.
			return flow.Stop
		}
		switch c.effectOn(instr, p.sock, hs) {
		case leaves:
			if deferred {
				return flow.Stop
			}
			if st != sameIter {
				a.skipped = true
			}
			if !exitSeen[instr] {
				exitSeen[instr] = true
				a.exits = append(a.exits, exitAt{instr, st})
			}
			return flow.Stop
		case finishes:
			if !seen[instr] {
				seen[instr] = true
				a.final = append(a.final, instr)
			}
			return flow.Stop
		case unknown:
			return flow.Stop
		case addsPart:
			if q := idx.at[instr]; q != nil && !seen[instr] {
				seen[instr] = true
				a.seq = append(a.seq, q)
			}
		}
		return flow.Continue
	}
	w.run()
	if a.loop && p.start == nil && w.inner == nil && !completesInIteration(p, a.final) {
		// A part-by-part relay (zguide's rrbroker: the flag follows
		// GetRcvmore, and the part and the final send are alternative
		// branches of one iteration): coming back to the part is how the
		// message continues, and a return there is the input failing
		// mid-message (usually ETERM at shutdown). Not reported: precision
		// first (documented limit).
		return nil
	}
	sort.Slice(a.exits, func(i, j int) bool { return a.exits[i].instr.Pos() < a.exits[j].instr.Pos() })
	sort.Slice(a.seq, func(i, j int) bool { return a.seq[i].instr.Pos() < a.seq[j].instr.Pos() })
	return a
}

// prefixLoop returns the blocks of the innermost loop around part p when
// that loop sends a run of leading parts and the message is finished
// after it: no path of an iteration (from the header into the loop's
// body, up to the header again or out of the header's region) finishes
// the message on p's socket, and a call after the loop, which the loop's
// header dominates, does. Otherwise
// nil: the part is not in a loop, or the loop is a part-by-part relay
// whose iteration may send the final part (and break) instead.
func (c *checker) prefixLoop(fn *ssa.Function, p *openPart, hs []ssa.Value) map[*ssa.BasicBlock]bool {
	h, body := innermostLoop(p.instr.Block())
	if body == nil {
		return nil
	}
	// The blocks an iteration reaches without the header again.
	iter := map[*ssa.BasicBlock]bool{}
	var stack []*ssa.BasicBlock
	for _, s := range h.Succs {
		if body[s] {
			stack = append(stack, s)
		}
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == h || iter[b] || !h.Dominates(b) {
			continue
		}
		iter[b] = true
		stack = append(stack, b.Succs...)
	}
	after := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c.effectOn(instr, p.sock, hs) != finishes {
				continue
			}
			if iter[b] || b == h {
				return nil
			}
			if h.Dominates(b) && !body[b] {
				after = true
			}
		}
	}
	if !after {
		return nil
	}
	return body
}

// innermostLoop returns the header and the blocks of the innermost
// natural loop that contains b, or nil.
func innermostLoop(b *ssa.BasicBlock) (*ssa.BasicBlock, map[*ssa.BasicBlock]bool) {
	for h := b; h != nil; h = h.Idom() {
		var body map[*ssa.BasicBlock]bool
		for _, latch := range h.Preds {
			if !h.Dominates(latch) {
				continue // not a back edge
			}
			if body == nil {
				body = map[*ssa.BasicBlock]bool{h: true}
			}
			stack := []*ssa.BasicBlock{latch}
			for len(stack) > 0 {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if body[x] {
					continue
				}
				body[x] = true
				stack = append(stack, x.Preds...)
			}
		}
		if body[b] {
			return h, body
		}
	}
	return nil, nil
}

// completesInIteration reports whether some finishing call found from part
// p runs after p on every path to it, i.e. the message p starts is
// normally finished later in the same iteration.
func completesInIteration(p *openPart, final []ssa.Instruction) bool {
	for _, f := range final {
		if flow.Before(p.instr, f) {
			return true
		}
	}
	return false
}

// partIndex holds what the abandon searches of one function share, so
// that a function with many parts (a switch with a case per message)
// costs parts × (walk) instead of parts × (parts + instructions).
type partIndex struct {
	fn     *ssa.Function
	all    []*openPart
	at     map[ssa.Instruction]*openPart
	defers []*ssa.Defer
	bySock map[ssa.Value]*sockInfo
}

// sockInfo is what the searches from the parts of one socket value share.
type sockInfo struct {
	holders  []ssa.Value
	errVals  map[ssa.Value]bool // error results of the parts on the same socket
	deferred bool               // fn defers a call that involves the socket (a deferred Close, a deferred final part): returns are then not exits we can judge
}

func newPartIndex(fn *ssa.Function, all []*openPart) *partIndex {
	idx := &partIndex{fn: fn, all: all, at: map[ssa.Instruction]*openPart{}, bySock: map[ssa.Value]*sockInfo{}}
	for _, q := range all {
		if _, dup := idx.at[q.instr]; !dup {
			idx.at[q.instr] = q
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok {
				idx.defers = append(idx.defers, d)
			}
		}
	}
	return idx
}

// of returns, memoized per socket value, its holders, the error results
// that guard its parts, and whether a deferred call involves it.
func (idx *partIndex) of(sock ssa.Value) ([]ssa.Value, map[ssa.Value]bool, bool) {
	if si, ok := idx.bySock[sock]; ok {
		return si.holders, si.errVals, si.deferred
	}
	si := &sockInfo{holders: value.Holders(sock), errVals: map[ssa.Value]bool{}}
	for _, q := range idx.all {
		if q.errVal != nil && value.SameRef(q.sock, sock) {
			si.errVals[q.errVal] = true
		}
	}
	for _, d := range idx.defers {
		if involves(d, si.holders) {
			si.deferred = true
			break
		}
	}
	idx.bySock[sock] = si
	return si.holders, si.errVals, si.deferred
}
