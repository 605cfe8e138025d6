package buffers

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/summary"
)

// AppendsParam is the fact of a function that returns the memory of its
// []byte parameter Param (ssa.Function.Params index: a method's receiver
// is 0), possibly appended to: the strconv.AppendX idiom, func
// appendQuote(dst []byte, q Quote) []byte { ...; return append(dst, ...) }.
// Like the builtin append, a call of it writes into the spare capacity of
// a shortened slice (p.buf = appendQuote(p.buf[:0], q)), and its result
// may be that slice's array. Every return must give back that parameter
// (through appends, re-slices and phis): a helper that may return a fresh
// slice (make, copy, bytes.Clone) on some path has no fact.
type AppendsParam struct{ Param int }

func (*AppendsParam) AFact() {}

func (f *AppendsParam) String() string { return fmt.Sprintf("appendsParam(%d)", f.Param) }

// newAppendTable is the summary table of AppendsParam: the parameter index,
// -1 for none (also Bottom and Unknown: a cycle starts from "returns no
// parameter", which only grows to a fact when every return proves it).
func newAppendTable(w *Writer) *summary.Table[int] {
	none := func(*ssa.Function) int { return -1 }
	return summary.New(summary.Config[int]{
		Pkg:     w.pkg,
		Compute: w.computeAppends,
		Equal:   func(a, b int) bool { return a == b },
		Bottom:  none,
		Unknown: none,
		Import: func(obj *types.Func) (int, bool) {
			var f AppendsParam
			if obj.Pkg() != nil && obj.Pkg() != w.pass.Pkg && w.pass.ImportObjectFact(obj, &f) {
				return f.Param, true
			}
			return -1, false
		},
	})
}

// computeAppends returns the index of the parameter fn returns (appended
// to) on every return, or -1.
func (w *Writer) computeAppends(fn *ssa.Function, get func(*ssa.Function) (int, bool)) int {
	res := fn.Signature.Results()
	if res.Len() != 1 || !isByteSlice(res.At(0).Type()) {
		return -1
	}
	idx := -1
	for _, b := range fn.Blocks {
		r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(r.Results) != 1 {
			continue
		}
		k := returnedParam(fn, r.Results[0], get, map[ssa.Value]bool{})
		if k < 0 || idx >= 0 && k != idx {
			return -1
		}
		idx = k
	}
	return idx
}

// returnedParam follows v back to the parameter whose memory it is.
func returnedParam(fn *ssa.Function, v ssa.Value, get func(*ssa.Function) (int, bool), seen map[ssa.Value]bool) int {
	if seen[v] {
		return -2 // a phi cycle: no other origin on this edge
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Parameter:
		for i, p := range fn.Params {
			if p == v && isByteSlice(p.Type()) {
				return i
			}
		}
	case *ssa.Phi:
		idx := -2
		for _, e := range v.Edges {
			k := returnedParam(fn, e, get, seen)
			switch {
			case k == -2:
			case k < 0 || idx >= 0 && k != idx:
				return -1
			default:
				idx = k
			}
		}
		return idx
	case *ssa.Slice:
		if isByteSlice(v.X.Type()) && !noSpareCapacity(v) {
			return returnedParam(fn, v.X, get, seen)
		}
	case *ssa.Call:
		if k := appendedArg(v.Call, get); k >= 0 && !noSpareCapacity(v.Call.Args[k]) {
			return returnedParam(fn, v.Call.Args[k], get, seen)
		}
	}
	return -1
}

// appendedArg returns the index in call.Args of the argument whose array
// the call's result may reuse: the builtin append's first argument, a
// standard-library Append* function's destination (after the receiver of
// a method such as binary.BigEndian.AppendUint64), or the parameter of an
// AppendsParam helper; -1 for none.
func appendedArg(call ssa.CallCommon, get func(*ssa.Function) (int, bool)) int {
	if len(call.Args) == 0 {
		return -1
	}
	if b, ok := call.Value.(*ssa.Builtin); ok {
		if b.Name() == "append" {
			return 0
		}
		return -1
	}
	fn := call.StaticCallee()
	if fn == nil {
		return -1
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok && mc.Fn == fn && len(fn.FreeVars) > 0 {
		return -1 // a bound method value: its receiver is not in Args
	}
	if obj, ok := fn.Object().(*types.Func); ok && stdAppenders[obj.Origin().FullName()] {
		if fn.Signature.Recv() != nil {
			return 1
		}
		return 0
	}
	// A plain call binds Args to Params one to one (the receiver first);
	// a function of another package has no Params, only its signature.
	n := fn.Signature.Params().Len()
	if fn.Signature.Recv() != nil {
		n++
	}
	if get == nil || len(call.Args) != n {
		return -1
	}
	if k, ok := get(fn); ok && k >= 0 && k < len(call.Args) {
		return k
	}
	return -1
}

// UserAppendArg returns the index in call.Args of the argument a helper of
// the user's code (an AppendsParam function, of this package or another)
// appends to and returns, or -1. The builtin append and the standard
// library's Append* functions are Appends' answer.
func (w *Writer) UserAppendArg(call ssa.CallCommon) int {
	if w == nil || w.apps == nil {
		return -1
	}
	if _, ok := call.Value.(*ssa.Builtin); ok || appends(call) {
		return -1
	}
	return appendedArg(call, w.apps.Of)
}

// AppendArg is Appends with the user's helpers: the index in call.Args of
// the argument whose array the result may reuse (0 for the builtin
// append and the standard-library Append* functions, as Appends), or -1.
func (w *Writer) AppendArg(call ssa.CallCommon) int {
	if appends(call) {
		return 0
	}
	return w.UserAppendArg(call)
}

// IsFresh is the package's IsFresh with the user's helpers: the result of
// an AppendsParam helper may reuse its argument's array.
func (w *Writer) IsFresh(v ssa.Value) bool {
	if call, ok := v.(*ssa.Call); ok {
		if k := w.UserAppendArg(call.Call); k >= 0 && !noSpareCapacity(call.Call.Args[k]) {
			return false
		}
	}
	return IsFresh(v)
}

// AppendsFact computes the AppendsParam fact of fn, a function of this
// package.
func (w *Writer) AppendsFact(fn *ssa.Function) (AppendsParam, bool) {
	k, ok := w.apps.Of(fn)
	if !ok || k < 0 {
		return AppendsParam{}, false
	}
	return AppendsParam{Param: k}, true
}
