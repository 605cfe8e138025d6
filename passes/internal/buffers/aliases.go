// Package buffers is zmqlint's one model of "bytes and frames written
// after hand-over", shared by zerocopy (the []byte bytes of frames) and
// multipart (frames-reused: the [][]byte frames slice itself):
//
//   - which sends keep the caller's memory after they return, and which
//     frames and frames slices each keeps (HandOvers, the HandsOver fact);
//   - which values of a function may share one backing array (Aliases),
//     and which frames are read back out of a frames slice (Elements);
//   - which instructions write into that memory (Writer.Write), using the
//     one table of standard-library functions that write into a slice
//     argument (StdWriters) and the WritesParams object fact computed for
//     user code; FirstWriteAfter is the path search for a frames slice;
//   - which []byte frames a [][]byte frame list or a go-zeromq Msg carries
//     (Frames);
//   - which handed-over bytes are a view into a buffer a standard-library
//     owner reuses, and which calls reuse it (Views, ReuseAt, the tables
//     StdViews and StdReleasers).
//
// Everything here is intraprocedural over SSA, except the facts, which the
// calling analyzer exports and imports (it must list WritesParams in its
// FactTypes).
package buffers

import (
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// fieldKey stands for "field f of the struct that pointer x points to":
// every load and store of x.f is the same variable, so the slices stored
// and loaded there share memory.
type fieldKey struct {
	x ssa.Value
	f int
}

// Aliases partitions the slice-like values of one function into classes
// of values that may share a backing array. It is flow-insensitive (a
// variable's successive values are one class) and conservative in the
// direction of "may alias": re-slices, conversions, phis, append results,
// local variables, captured variables and fields of one struct pointer join
// their class. Values built by a copy (string conversions, bytes.Clone,
// make + copy) start a class of their own.
type Aliases struct {
	fn     *ssa.Function
	parent map[any]any
	// members lists each class's values in a deterministic order.
	members map[any][]ssa.Value
	// userAppend: see analyze.
	userAppend func(ssa.CallCommon) int
}

// Analyze computes the alias classes of fn's values.
func Analyze(fn *ssa.Function) *Aliases { return analyze(fn, nil) }

// analyze is Analyze with userAppend (Writer.UserAppendArg, nil: none):
// the result of a user's AppendsParam helper shares its argument's array.
func analyze(fn *ssa.Function, userAppend func(ssa.CallCommon) int) *Aliases {
	a := &Aliases{fn: fn, parent: map[any]any{}, userAppend: userAppend}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			a.visit(instr)
		}
	}
	a.members = map[any][]ssa.Value{}
	add := func(v ssa.Value) {
		if isBufferLike(v.Type()) {
			r := a.find(v)
			a.members[r] = append(a.members[r], v)
		}
	}
	for _, p := range fn.Params {
		add(p)
	}
	for _, fv := range fn.FreeVars {
		add(fv)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if v, ok := instr.(ssa.Value); ok {
				add(v)
			}
		}
	}
	return a
}

// isBufferLike reports whether t can hold or point to a backing array:
// a slice, a pointer to an array, or a pointer to a variable of those types.
func isBufferLike(t types.Type) bool {
	switch u := value.Core(t).(type) {
	case *types.Slice:
		return true
	case *types.Pointer:
		switch e := u.Elem().Underlying().(type) {
		case *types.Array, *types.Slice:
			return true
		case *types.Pointer:
			_, ok := e.Elem().Underlying().(*types.Array)
			return ok
		}
	}
	return false
}

func (a *Aliases) find(x any) any {
	p, ok := a.parent[x]
	if !ok || p == x {
		return x
	}
	r := a.find(p)
	a.parent[x] = r
	return r
}

func (a *Aliases) union(x, y any) {
	rx, ry := a.find(x), a.find(y)
	if rx != ry {
		a.parent[rx] = ry
	}
}

func (a *Aliases) visit(instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.Slice, *ssa.ChangeType, *ssa.Convert, *ssa.SliceToArrayPointer:
		// One array before and after: value.Memory says which of these
		// share memory ([]byte <-> string copies). Only buffers are
		// classed: a named struct's ChangeType is not a buffer.
		if x, ok := value.Step(in.(ssa.Value), value.Memory); ok && isBufferLike(in.(ssa.Value).Type()) && isBufferLike(x.Type()) {
			a.union(in, x)
		}
	case *ssa.Phi:
		if isBufferLike(in.Type()) {
			for _, e := range in.Edges {
				a.union(in, e)
			}
		}
	case *ssa.Call:
		if appends(in.Call) && !noSpareCapacity(in.Call.Args[0]) {
			// The result may reuse the first argument's array (unless
			// it has no spare capacity: append(b[:0:0], b...) copies).
			a.union(in, in.Call.Args[0])
		} else if a.userAppend != nil {
			if k := a.userAppend(in.Call); k >= 0 && !noSpareCapacity(in.Call.Args[k]) {
				a.union(in, in.Call.Args[k])
			}
		}
	case *ssa.UnOp:
		if in.Op == token.MUL && isBufferLike(in.Type()) {
			a.union(in, a.varKey(in.X))
		}
	case *ssa.Store:
		if isBufferLike(in.Val.Type()) && isVariable(in.Addr) {
			a.union(in.Val, a.varKey(in.Addr))
		}
	}
}

// isVariable reports whether addr is the address of a variable whose
// loads and stores this package follows: a local or captured variable, a
// global, or a field.
func isVariable(addr ssa.Value) bool {
	switch addr.(type) {
	case *ssa.Alloc, *ssa.FreeVar, *ssa.Global, *ssa.FieldAddr:
		return true
	}
	return false
}

// varKey names the variable at addr: the address itself, or for a field
// the pair (struct pointer, field index).
func (a *Aliases) varKey(addr ssa.Value) any {
	if fa, ok := addr.(*ssa.FieldAddr); ok {
		return fieldKey{fa.X, fa.Field}
	}
	return addr
}

// Same reports whether x and y may share a backing array.
func (a *Aliases) Same(x, y ssa.Value) bool {
	if x == y {
		return true
	}
	return a.find(x) == a.find(y)
}

// Class returns the values of the function that may share v's backing
// array (v included), in a deterministic order.
func (a *Aliases) Class(v ssa.Value) []ssa.Value {
	ms := a.members[a.find(v)]
	out := append([]ssa.Value(nil), ms...)
	found := false
	for _, m := range out {
		if m == v {
			found = true
		}
	}
	if !found {
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// IsFresh reports whether v allocates a new backing array each time it is
// executed: make, new, a local array, []byte(string), or the result of a
// call other than append (which may reuse its argument). A path that
// re-executes such a value no longer reaches the memory of its earlier
// executions through that value.
func IsFresh(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.MakeSlice:
		return true
	case *ssa.Alloc:
		_, arr := v.Type().(*types.Pointer).Elem().Underlying().(*types.Array)
		return arr
	case *ssa.Convert:
		_, str := v.X.Type().Underlying().(*types.Basic)
		return str
	case *ssa.Call:
		return !appends(v.Call) || noSpareCapacity(v.Call.Args[0])
	case *ssa.Extract:
		_, ok := v.Tuple.(*ssa.Call)
		return ok
	}
	return false
}

// noSpareCapacity reports whether v is a full slice expression whose
// capacity equals its length (b[:0:0], b[:n:n]): append to it always
// allocates a new array.
func noSpareCapacity(v ssa.Value) bool {
	s, ok := v.(*ssa.Slice)
	return ok && s.Max != nil && s.High != nil && sameBound(s.High, s.Max) ||
		ok && s.Max != nil && s.High == nil && isZeroConst(s.Max)
}

func isZeroConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && constant.Sign(k.Value) == 0
}

// appends reports whether a call appends to its first argument, whose
// array the result may reuse: the builtin append, or a standard-library
// Append* function (strconv.AppendInt, binary.BigEndian.AppendUint32...).
func appends(call ssa.CallCommon) bool {
	if len(call.Args) == 0 {
		return false
	}
	if b, ok := call.Value.(*ssa.Builtin); ok {
		return b.Name() == "append"
	}
	if fn := call.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return stdAppenders[obj.Origin().FullName()]
		}
	}
	return false
}
