package sockshare

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A goroutine that starts with "<-ctx.Done()" is gated by the context's
// cancel function: for ctx, cancel := context.WithCancel(parent), the
// Done channel is closed by cancel() (and by the parent's cancellation,
// so the parent must be one that is never cancelled). The Done channel
// is keyed as a pseudo-field of ctx, and a call of cancel is a close of
// it. WithTimeout and WithDeadline are left out on purpose: their timer
// may close Done before the launcher's uses.

// doneField marks the key of ctx.Done(): field paths are otherwise made
// of indexes, so it cannot clash with a real field.
const doneField = ".done"

// cancelFuncs are the constructors whose second result alone closes the
// first's Done channel (given a parent that is never cancelled).
var cancelFuncs = map[string]bool{
	"context.WithCancel":      true,
	"context.WithCancelCause": true,
}

// neverDone are the contexts whose Done channel is nil.
var neverDone = map[string]bool{
	"context.Background": true,
	"context.TODO":       true,
}

// ctxDoneKey returns the key of the channel v when v is ctx.Done() of a
// context.Context.
func ctxDoneKey(v ssa.Value) (key, bool) {
	call, ok := v.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.FullName() != "(context.Context).Done" {
		return key{}, false
	}
	k := keyOf(call.Call.Value)
	if !k.valid() {
		return key{}, false
	}
	k.fields += doneField
	return k, true
}

// cancelPair returns, for a call of context.WithCancel on a context that
// is never cancelled, the key of the new context's Done channel and the
// cancel function's value.
func cancelPair(call *ssa.Call) (key, *ssa.Extract, bool) {
	fn := call.Call.StaticCallee()
	if fn == nil || !cancelFuncs[funcName(fn)] || len(call.Call.Args) != 1 {
		return key{}, nil, false
	}
	parent, ok := call.Call.Args[0].(*ssa.Call)
	if !ok || parent.Call.StaticCallee() == nil || !neverDone[funcName(parent.Call.StaticCallee())] {
		return key{}, nil, false
	}
	var ctx, cancel *ssa.Extract
	for _, r := range *call.Referrers() {
		if ext, ok := r.(*ssa.Extract); ok {
			switch ext.Index {
			case 0:
				ctx = ext
			case 1:
				cancel = ext
			}
		}
	}
	if ctx == nil || cancel == nil {
		return key{}, nil, false
	}
	return key{root: ctx, fields: doneField}, cancel, true
}

// cancelCalled returns the Done key that a call of a cancel function
// closes.
func cancelCalled(common *ssa.CallCommon) (key, bool) {
	ext, ok := common.Value.(*ssa.Extract)
	if !ok || ext.Index != 1 {
		return key{}, false
	}
	call, ok := ext.Tuple.(*ssa.Call)
	if !ok {
		return key{}, false
	}
	k, _, ok := cancelPair(call)
	return k, ok
}

// cancelEscapes reports whether the cancel function is used other than
// by calling it here: unknown code could then cancel at any time.
func cancelEscapes(cancel *ssa.Extract) bool {
	for _, r := range *cancel.Referrers() {
		c, ok := r.(ssa.CallInstruction)
		if !ok || c.Common().Value != cancel {
			return true
		}
		for _, a := range c.Common().Args {
			if a == ssa.Value(cancel) {
				return true
			}
		}
	}
	return false
}

func funcName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		return obj.FullName()
	}
	return ""
}
