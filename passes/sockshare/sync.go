package sockshare

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// stdKind classifies the synchronisation calls this check understands.
// These are not ZeroMQ APIs, so they are named here rather than in the
// binding model; they are still matched by object, via FullName.
type stdKind uint8

const (
	stdNone   stdKind = iota
	stdGo             // (*sync.WaitGroup).Go, (*errgroup.Group).Go/TryGo: start a goroutine
	stdWait           // (*sync.WaitGroup).Wait, (*errgroup.Group).Wait
	stdDone           // (*sync.WaitGroup).Done
	stdLock           // (*sync.Mutex).Lock, (*sync.RWMutex).Lock
	stdUnlock         // (*sync.Mutex).Unlock, (*sync.RWMutex).Unlock
	stdNoop           // (*sync.WaitGroup).Add, (*errgroup.Group).SetLimit: neither waits nor signals
)

var stdCalls = map[string]stdKind{
	"(*sync.WaitGroup).Go":                         stdGo,
	"(*golang.org/x/sync/errgroup.Group).Go":       stdGo,
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
