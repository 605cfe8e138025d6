package sockshare

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
)

// liveIndex lets checkGo answer "which uses of socket k may run while
// goroutine g runs?" without walking from g to the function's end: one
// function with N sockets and N goroutines made N walks of N
// instructions each. It lists, once per launcher, the events by the
// socket they touch and the events that can end a walk (waits, opaque
// hand-overs, stores), so that for a goroutine and a socket it only
// looks at the socket's own events and the possible stops, each asked
// of flow.Reach (block reachability, memoised per source block as a
// bitset). When a possible stop is reachable from the go statement, the
// walk decides, as before: a stop hides what lies behind it on that path
// only, which reachability alone cannot tell.
type liveIndex struct {
	reach    *flow.Reach
	touch    map[key][]*event // socket -> the launcher's non-deferred, non-go events that use it
	goTouch  map[key][]*event // socket -> the go events whose goroutine uses it
	deferred map[key][]*event // socket -> the deferred non-go events that use it
	stops    []*event         // non-deferred evSync and evOpaque events
	stores   map[ssa.Value][]*event
	canRet   []bool // block -> a Return is reached from its start
}

func (l *launcher) live() *liveIndex {
	if l.liveIx != nil {
		return l.liveIx
	}
	x := &liveIndex{
		reach:    l.reachOf(l.fn),
		touch:    map[key][]*event{},
		goTouch:  map[key][]*event{},
		deferred: map[key][]*event{},
		stores:   map[ssa.Value][]*event{},
	}
	l.liveIx = x
	// Every socket an event can touch: what usesOf can match.
	touched := func(e *event) []key {
		switch e.kind {
		case evUse, evReg:
			return []key{l.canon(e.key)}
		case evPoll:
			p := l.canon(e.key)
			var out []key
			for _, s := range l.sortedRegs() {
				for _, q := range l.regs[s] {
					if q == p {
						out = appendKey(out, s)
					}
				}
			}
			return out
		}
		return nil
	}
	for _, e := range l.evs {
		switch {
		case e.kind == evGo:
			for _, k := range l.sockets(e.g.uses) {
				x.goTouch[k] = append(x.goTouch[k], e)
			}
		case e.deferred:
			for _, k := range touched(e) {
				x.deferred[k] = append(x.deferred[k], e)
			}
		default:
			for _, k := range touched(e) {
				x.touch[k] = append(x.touch[k], e)
			}
			switch e.kind {
			case evSync, evOpaque:
				x.stops = append(x.stops, e)
			case evStore:
				x.stores[e.key.root] = append(x.stores[e.key.root], e)
				if c := l.canon(e.key); c.root != e.key.root {
					x.stores[c.root] = append(x.stores[c.root], e)
				}
			}
		}
	}
	// canRet: blocks from whose start a Return is reached, by a
	// backward search from the returning blocks.
	x.canRet = make([]bool, len(l.fn.Blocks))
	var work []*ssa.BasicBlock
	for _, b := range l.fn.Blocks {
		if n := len(b.Instrs); n > 0 {
			if _, ok := b.Instrs[n-1].(*ssa.Return); ok {
				x.canRet[b.Index] = true
				work = append(work, b)
			}
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range b.Preds {
			if !x.canRet[p.Index] {
				x.canRet[p.Index] = true
				work = append(work, p)
			}
		}
	}
	return x
}

// reachOf is the summarizer's flow.Reach of fn, or a new one when the
// launcher was built without a summarizer.
func (l *launcher) reachOf(fn *ssa.Function) *flow.Reach {
	if l.a != nil {
		return l.a.reachOf(fn)
	}
	return flow.NewReach(fn)
}

// after reports whether a walk from just after from visits to: to is
// later in from's block, or a path of edges leads to to's block.
func (x *liveIndex) after(l *launcher, from, to ssa.Instruction) bool {
	if to.Block() == nil || to.Parent() != l.fn {
		return false // the walk stays in the launcher
	}
	return x.reach.Reachable(from, to, nil)
}

// scan is checkGo's walk from g for socket k when nothing can stop it:
// the launcher's uses of k after g (mine), the goroutines using k started
// after g (others, g itself when it runs again), and whether a return is
// reached. ok is false when the walk must decide: a wait, a hand-over, a
// store to k or k's creation is reachable from g (any of them may end
// some paths), or the walk's visiting order could change a report (two
// of the launcher's uses at one position in different instructions, two
// goroutines at one instruction or sharing a use's position).
func (l *launcher) scan(g *goroutine, k key, def ssa.Instruction) (mine []*event, others []*goroutine, returns, ok bool) {
	if g.instr.Block() == nil || g.instr.Parent() != l.fn {
		return nil, nil, false, false
	}
	x := l.live()
	if def != nil && x.after(l, g.instr, def) {
		return nil, nil, false, false
	}
	for _, e := range x.stops {
		if l.orders(e, g, k) && x.after(l, g.instr, e.instr) {
			return nil, nil, false, false
		}
	}
	for _, e := range x.stores[k.root] {
		if l.orders(e, g, k) && x.after(l, g.instr, e.instr) {
			return nil, nil, false, false
		}
	}
	posInstr := map[int]ssa.Instruction{}
	for _, e := range x.touch[k] {
		if !x.after(l, g.instr, e.instr) {
			continue
		}
		if in, seen := posInstr[int(e.pos)]; seen && in != e.instr {
			return nil, nil, false, false
		}
		posInstr[int(e.pos)] = e.instr
		mine = append(mine, l.usesOf([]*event{e}, k)...)
	}
	goAt := map[ssa.Instruction]bool{}
	usePos := map[int]bool{}
	for _, e := range x.goTouch[k] {
		if !x.after(l, g.instr, e.instr) {
			continue
		}
		if goAt[e.instr] {
			return nil, nil, false, false
		}
		goAt[e.instr] = true
		mineAt := map[int]bool{}
		for _, u := range l.usesOf(e.g.uses, k) {
			if usePos[int(u.pos)] {
				return nil, nil, false, false
			}
			mineAt[int(u.pos)] = true
		}
		for p := range mineAt {
			usePos[p] = true
		}
		others = append(others, e.g)
	}
	b := g.instr.Block()
	if n := len(b.Instrs); n > 0 {
		_, returns = b.Instrs[n-1].(*ssa.Return)
	}
	for _, s := range b.Succs {
		returns = returns || x.canRet[s.Index]
	}
	return mine, others, returns, true
}
