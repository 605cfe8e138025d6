package sockshare

import (
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// stdKind classifies the synchronisation calls this check understands.
// These are not ZeroMQ APIs, so they are named here rather than in the
// binding model; they are still matched by object, via FullName. The
// calls that start a goroutine (WaitGroup.Go, errgroup's Go) are rows of
// passes/internal/spawn, with the other callbacks.
type stdKind uint8

const (
	stdNone   stdKind = iota
	stdWait           // (*sync.WaitGroup).Wait, (*errgroup.Group).Wait
	stdDone           // (*sync.WaitGroup).Done
	stdLock           // (*sync.Mutex).Lock, (*sync.RWMutex).Lock
	stdUnlock         // (*sync.Mutex).Unlock, (*sync.RWMutex).Unlock
	stdNoop           // (*sync.WaitGroup).Add, (*errgroup.Group).SetLimit: neither waits nor signals
)

var stdCalls = map[string]stdKind{
	"(*sync.WaitGroup).Wait":                       stdWait,
	"(*golang.org/x/sync/errgroup.Group).Wait":     stdWait,
	"(*sync.WaitGroup).Done":                       stdDone,
	"(*sync.Mutex).Lock":                           stdLock,
	"(*sync.RWMutex).Lock":                         stdLock,
	"(*sync.Mutex).Unlock":                         stdUnlock,
	"(*sync.RWMutex).Unlock":                       stdUnlock,
	"(*sync.WaitGroup).Add":                        stdNoop,
	"(*golang.org/x/sync/errgroup.Group).SetLimit": stdNoop,
}

func stdCall(fn *types.Func) stdKind {
	return stdCalls[fn.Origin().FullName()]
}

// lockHeld computes, for fn, which mutexes are held on every path to an
// instruction: a forward must-analysis where Lock adds its mutex and a
// direct Unlock removes it (a deferred Unlock runs at exit, so the mutex
// stays held for the rest of the body). RLock does not exclude other
// readers and is not counted.
func lockHeld(c *checker, fn *ssa.Function) func(ssa.Instruction) []key {
	type op struct {
		k    key
		lock bool
	}
	ops := map[ssa.Instruction]op{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			// A helper of this package that returns with a mutex held
			// ("unlock := c.lock()") locks it here.
			if callee := call.Call.StaticCallee(); callee != nil && callee != fn {
				for _, rk := range c.lockerOf(callee) {
					if k, ok := (operands{args: call.Call.Args}).translate(rk); ok {
						ops[instr] = op{k, true}
					}
				}
			}
			r := c.res.Resolve(call)
			if r.Callee == nil || r.Recv == nil {
				continue
			}
			switch stdCall(r.Callee) {
			case stdLock:
				if k := keyOf(r.Recv); k.valid() {
					ops[instr] = op{k, true}
				}
			case stdUnlock:
				if k := keyOf(r.Recv); k.valid() {
					ops[instr] = op{k, false}
				}
			}
		}
	}
	if len(ops) == 0 {
		return func(ssa.Instruction) []key { return nil }
	}
	// in[b] == nil means "not reached yet" (top of the lattice).
	in := make([]map[key]bool, len(fn.Blocks))
	in[0] = map[key]bool{}
	transfer := func(b *ssa.BasicBlock, s map[key]bool, at ssa.Instruction) map[key]bool {
		out := make(map[key]bool, len(s))
		for k := range s {
			out[k] = true
		}
		for _, instr := range b.Instrs {
			if instr == at {
				break
			}
			if o, ok := ops[instr]; ok {
				if o.lock {
					out[o.k] = true
				} else {
					delete(out, o.k)
				}
			}
		}
		return out
	}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if in[b.Index] == nil {
				continue
			}
			out := transfer(b, in[b.Index], nil)
			for _, s := range b.Succs {
				if in[s.Index] == nil {
					in[s.Index] = copyKeys(out) // each successor gets its own set
					changed = true
					continue
				}
				for k := range in[s.Index] {
					if !out[k] {
						delete(in[s.Index], k)
						changed = true
					}
				}
			}
		}
	}
	return func(instr ssa.Instruction) []key {
		b := instr.Block()
		if b == nil || in[b.Index] == nil {
			return nil
		}
		var held []key
		for k := range transfer(b, in[b.Index], instr) {
			held = append(held, k)
		}
		return held
	}
}

// shareLock reports whether the two uses hold a common mutex.
func shareLock(a, b *event) bool {
	for _, x := range a.held {
		for _, y := range b.held {
			if x == y {
				return true
			}
		}
	}
	return false
}

func copyKeys(s map[key]bool) map[key]bool {
	out := make(map[key]bool, len(s))
	for k := range s {
		out[k] = true
	}
	return out
}

// lockerOf returns the mutexes, relative to its parameters, that a
// function of this package holds on every return: a helper such as
//
//	func (c *Conn) lock() func() { c.mu.Lock(); return c.mu.Unlock }
//
// locks c.mu for its caller. (The returned unlock function is a dynamic
// call the caller makes later; treating the mutex as held until the end
// of the caller can only hide a race, never invent one.)
func (c *checker) lockerOf(fn *ssa.Function) []relKey {
	if fn.Pkg != c.res.Pkg || fn.Blocks == nil || len(fn.FreeVars) > 0 {
		return nil
	}
	if rks, ok := c.lockers[fn]; ok {
		return rks
	}
	c.lockers[fn] = nil // recursion: no locks
	held := lockHeld(c, fn)
	var common map[key]bool
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		now := map[key]bool{}
		for _, k := range held(ret) {
			now[k] = true
		}
		if common == nil {
			common = now
			continue
		}
		for k := range common {
			if !now[k] {
				delete(common, k)
			}
		}
	}
	var rks []relKey
	for k := range common {
		if rk, ok := relative(fn, k); ok {
			rks = append(rks, rk)
		}
	}
	sort.Slice(rks, func(i, j int) bool {
		if rks[i].index != rks[j].index {
			return rks[i].index < rks[j].index
		}
		return rks[i].fields < rks[j].fields
	})
	c.lockers[fn] = rks
	return rks
}
