package sockshare

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// This file holds the two orderings that are not "the launcher waits for
// the goroutine's end": LIFO defers (a wait deferred after a deferred use
// runs before it) and start signals (the goroutine waits for the launcher
// to close or send on a channel before its first socket use).

// isSocketEvent reports whether e touches a socket, directly or by
// starting a goroutine that does.
func isSocketEvent(e *event) bool {
	switch e.kind {
	case evUse, evPoll, evReg, evGo:
		return true
	}
	return false
}

// syncKeys returns the channels or WaitGroups a wait event waits on. A
// select counts only when it can do nothing but receive from its single
// channel: with several cases, any of them may be the one taken.
func syncKeys(e *event) []key {
	if e.kind != evSync || e.deferred {
		return nil
	}
	if sel, ok := e.instr.(*ssa.Select); ok {
		if !sel.Blocking || len(sel.States) != 1 || len(e.keys) != 1 {
			return nil
		}
		return e.keys
	}
	if len(e.keys) > 0 {
		return nil
	}
	if !e.key.valid() {
		return nil
	}
	return []key{e.key}
}

// gates returns the channels (and WaitGroups) fn waits on before every
// socket event of its body: until someone closes, sends on, or marks Done
// on one of them, a goroutine running fn does not touch a socket.
func gates(fn *ssa.Function, evs []*event) []relGate {
	var out []relGate
	for _, w := range evs {
		for _, k := range syncKeys(w) {
			if !precedesAll(w.instr, evs) {
				continue
			}
			if rk, ok := relative(fn, k); ok {
				out = append(out, relGate{k: rk, closeOnly: endsOnClose(w.instr, evs)})
			}
		}
	}
	return out
}

// endsOnClose reports whether every socket event of evs runs only once
// the receive instr has seen its channel closed: instr is "v, ok := <-ch"
// (as in "for range ch") and the events lie under the branch where ok is
// false, which nothing else enters (a break out of a range loop jumps to
// the same block, hence the single predecessor).
func endsOnClose(instr ssa.Instruction, evs []*event) bool {
	recv, ok := instr.(*ssa.UnOp)
	if !ok || !recv.CommaOk {
		return false
	}
	for _, ref := range *recv.Referrers() {
		ext, ok := ref.(*ssa.Extract)
		if !ok || ext.Index != 1 {
			continue
		}
		for _, r := range *ext.Referrers() {
			br, ok := r.(*ssa.If)
			if !ok || br.Cond != ext {
				continue
			}
			closed := br.Block().Succs[1]
			if len(closed.Preds) != 1 {
				continue
			}
			all := true
			for _, e := range evs {
				if isSocketEvent(e) && !closed.Dominates(e.instr.Block()) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
	}
	return false
}

// precedesAll reports whether instr runs before every socket event of
// evs, on every path (a deferred event's registration included), and
// there is at least one such event.
func precedesAll(instr ssa.Instruction, evs []*event) bool {
	n := 0
	for _, e := range evs {
		if !isSocketEvent(e) {
			continue
		}
		n++
		if e.instr == instr || !flow.Before(instr, e.instr) {
			return false
		}
	}
	return n > 0
}

// exitWaits returns the channels and WaitGroups fn waits on, on every path
// to a return: a call of fn (typically a deferred closure "func() {
// <-done }()") ends only after they are signalled.
func exitWaits(fn *ssa.Function, evs []*event) []relKey {
	var rets []ssa.Instruction
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			rets = append(rets, r)
		}
	}
	if len(rets) == 0 {
		return nil
	}
	var out []relKey
	for _, w := range evs {
		for _, k := range syncKeys(w) {
			all := true
			for _, r := range rets {
				if !flow.Before(w.instr, r) {
					all = false
					break
				}
			}
			if !all {
				continue
			}
			if rk, ok := relative(fn, k); ok {
				out = append(out, rk)
			}
		}
	}
	return out
}

// waitIndex answers waitsBefore for every use of one function: the
// waits are collected once and the answer is memoized per instruction, so
// a function with many uses costs (uses + waits) rather than uses × events.
type waitIndex struct {
	waits []*event
	memo  map[ssa.Instruction][]key
}

func newWaitIndex(evs []*event) *waitIndex {
	w := &waitIndex{memo: map[ssa.Instruction][]key{}}
	for _, e := range evs {
		if len(syncKeys(e)) > 0 {
			w.waits = append(w.waits, e)
		}
	}
	return w
}

// before returns what fn (whose events were indexed) waits on before use
// e on every path: e's own "after" keys, and the waits that precede it.
// A caller that defers a call of fn knows the use runs after them.
func (x *waitIndex) before(e *event) []key {
	if e.kind == evGo {
		return nil // the goroutine's uses run whenever it is scheduled
	}
	pre, ok := x.memo[e.instr]
	if !ok {
		for _, w := range x.waits {
			if w.instr != e.instr && flow.Before(w.instr, e.instr) {
				pre = append(pre, syncKeys(w)...)
			}
		}
		x.memo[e.instr] = pre
	}
	if len(e.after) == 0 {
		return pre
	}
	return append(append([]key(nil), e.after...), pre...)
}

// waitsFor reports whether wait event w waits on something goroutine g
// signals when it is done.
func (l *launcher) waitsFor(w *event, g *goroutine) bool {
	keys := w.keys
	if len(keys) == 0 {
		keys = []key{w.key}
	}
	return l.signalledBy(keys, g)
}

// signalledBy reports whether one of keys is signalled by g when it is
// done.
func (l *launcher) signalledBy(keys []key, g *goroutine) bool {
	for _, wk := range keys {
		if !wk.valid() {
			continue // unlike a direct wait, a deferred one must be named
		}
		wk = l.canon(wk)
		for _, s := range g.signals {
			if l.canon(s) == wk {
				return true
			}
		}
	}
	return false
}

// deferredAfterWait reports whether deferred use d runs after goroutine g
// ended on every return reached from g: a deferred wait for g registered
// after d's defer (so run before it, defers being LIFO) on every such
// path.
func (l *launcher) deferredAfterWait(d *event, g *goroutine, k key) bool {
	if l.signalledBy(d.after, g) {
		return true // "defer func() { wg.Wait(); s.Close() }()"
	}
	for _, w := range l.defWaits {
		if !l.waitsFor(w, g) {
			continue
		}
		if d.instr == w.instr || !flow.Before(d.instr, w.instr) {
			continue // w may be registered without d before it
		}
		if flow.Before(w.instr, g.instr) || !l.returnWithout(g, k, w.instr) {
			return true
		}
	}
	return false
}

// returnWithout reports whether a return is reachable from g's start
// without passing instruction w or a wait that orders g.
func (l *launcher) returnWithout(g *goroutine, k key, w ssa.Instruction) bool {
	return flow.Walk(g.instr, func(instr ssa.Instruction) flow.Verdict {
		if instr == w {
			return flow.Stop
		}
		for _, e := range l.byInstr[instr] {
			if l.orders(e, g, k) {
				return flow.Stop
			}
		}
		if _, ok := instr.(*ssa.Return); ok {
			return flow.Found
		}
		return flow.Continue
	}, nil) != nil
}

// releasedAfter reports whether launcher use m happens before every
// socket use of g because g first waits on a gate channel that the
// launcher signals only after m: no signal on the gate can run before m,
// and every path from m signals it before returning. A deferred signal
// runs at return, after every non-deferred use, so it is never early and
// signals every return it is registered before. For a close-only gate
// only a close releases g, and sends on it are ignored.
func (l *launcher) releasedAfter(m *event, g *goroutine) bool {
	if m.deferred || m.instr.Parent() != l.fn {
		return false
	}
	for _, gt := range g.gates {
		gk := l.canon(gt.k)
		var sigs []*event
		for _, e := range l.evs {
			if e.kind != evSignal || !e.key.valid() || l.canon(e.key) != gk {
				continue
			}
			if gt.closeOnly && e.sig == sigSend {
				continue // g keeps waiting: the send is received in its loop
			}
			sigs = append(sigs, e)
		}
		if len(sigs) == 0 || l.gateEscapes(gk) {
			continue
		}
		if l.signalledBefore(m, sigs) {
			continue
		}
		// releases: a signal known to end g's wait (for a close-only
		// gate, a helper's signal may be a mere send).
		releases := func(s *event) bool { return !gt.closeOnly || s.sig == sigClose }
		unsignalled := flow.Walk(m.instr, func(instr ssa.Instruction) flow.Verdict {
			for _, s := range sigs {
				if s.instr == instr && !s.deferred && releases(s) {
					return flow.Stop
				}
			}
			if _, ok := instr.(*ssa.Return); ok {
				for _, s := range sigs {
					if s.deferred && releases(s) && flow.Before(s.instr, instr) {
						return flow.Stop // the deferred signal runs here
					}
				}
				return flow.Found
			}
			return flow.Continue
		}, nil)
		if unsignalled == nil {
			return true
		}
	}
	return false
}

// signalledBefore reports whether one of the (non-deferred) signals sigs
// may run before m and so release the goroutine early.
func (l *launcher) signalledBefore(m *event, sigs []*event) bool {
	for _, s := range sigs {
		if s.deferred {
			continue // runs at return, after m
		}
		if s.instr == m.instr || flow.Reachable(s.instr, m.instr, nil) {
			return true
		}
	}
	return false
}

// gateEscapes reports whether the gate is handed to unknown code, or to
// another goroutine, that might signal it at any time.
func (l *launcher) gateEscapes(gk key) bool {
	for _, e := range l.evs {
		if e.kind == evOpaque && (!e.key.valid() || l.canon(e.key) == gk) {
			return true
		}
		if e.kind == evGo {
			for _, s := range e.g.signals {
				if l.canon(s) == gk {
					return true
				}
			}
		}
	}
	return false
}
