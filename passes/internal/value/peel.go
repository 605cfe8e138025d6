// Package value is the one model of value identity and origin that every
// check uses: which SSA values denote the same object (a socket, a
// channel, a buffer's memory), and where a value comes from (created in
// the function, a parameter, a field, a global, received from a channel,
// a closure's free variable).
//
// Peeling (Step, Peel) removes the SSA operations that do not change what
// a value denotes. Which operations those are depends on what the client
// asks about, so a client passes an Ops set; the presets below name the
// sets in use and say why each leaves out what it leaves out. Origin
// (origin.go) walks a value back through peelable operations, loads and
// field selections to its root and classifies the root.
package value

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Ops is a set of SSA operations to peel.
type Ops uint16

const (
	// ChangeType: a conversion between types of the same underlying
	// type (zmq4.Socket to a named pointer, []byte to a named []byte).
	// Always the same object and the same memory.
	ChangeType Ops = 1 << iota
	// ChangeInterface: an interface converted to another interface.
	ChangeInterface
	// MakeInterface: a concrete value boxed in an interface. The box
	// holds the same pointer; for a non-pointer value (a []byte in an
	// any) it holds a copy of the slice header, which still shares the
	// array.
	MakeInterface
	// TypeAssert: x.(T) without comma-ok, whose result is x's dynamic
	// value. The comma-ok form yields a tuple and is never peeled here
	// (its Extract #0 is; see ExtractAssert).
	TypeAssert
	// ConvertShared: a Convert whose result shares memory with its
	// operand: unsafe.Pointer to and from a pointer, and conversions
	// between slice or pointer types of a type parameter's core type.
	// Not string <-> []byte (a copy), not numeric conversions.
	ConvertShared
	// ConvertValue: any Convert. Only for clients that compare values
	// bit for bit (send flags: zmq4.Flag(1) is 1), never for identity.
	ConvertValue
	// Slice: a re-slice x[i:j], the same backing array. Not peeled for
	// socket identity (a socket is not a slice); for buffers it loses
	// the byte range, which clients that care about ranges keep
	// (buffers.Chain records each step).
	Slice
	// SliceToArrayPointer: (*[N]byte)(b), the same array.
	SliceToArrayPointer
	// ExtractAssert: Extract #0 of a comma-ok type assertion, the
	// asserted value.
	ExtractAssert
)

// Presets. Each client names the set it uses; a client that needs fewer
// operations says why next to its call.
const (
	// Ref is the set for object identity (sockets, contexts, channels,
	// mutexes): the conversions that keep the same pointer. Type
	// assertions are left out: SameRef's callers compare the
	// receivers of two calls, and peeling x.(T) there would make an
	// assertion's panic path look like the same socket; trackers that
	// follow a resource forward add TypeAssert themselves (Track).
	Ref = ChangeType | ChangeInterface | MakeInterface
	// Memory is the set for "the same backing array": what a write
	// through the result writes (zerocopy's field origin).
	Memory = ChangeType | ConvertShared | Slice | SliceToArrayPointer
	// Bits is the set for values compared by their bits (flags).
	Bits = ChangeType | ConvertValue
)

// Step peels one operation of ops off v: it returns the operand and true,
// or v and false when v is not such an operation.
func Step(v ssa.Value, ops Ops) (ssa.Value, bool) {
	switch x := v.(type) {
	case *ssa.ChangeType:
		if ops&ChangeType != 0 {
			return x.X, true
		}
	case *ssa.ChangeInterface:
		if ops&ChangeInterface != 0 {
			return x.X, true
		}
	case *ssa.MakeInterface:
		if ops&MakeInterface != 0 {
			return x.X, true
		}
	case *ssa.TypeAssert:
		if ops&TypeAssert != 0 && !x.CommaOk {
			return x.X, true
		}
	case *ssa.Convert:
		if ops&ConvertValue != 0 || ops&ConvertShared != 0 && sharesMemory(x) {
			return x.X, true
		}
	case *ssa.Slice:
		if ops&Slice != 0 {
			return x.X, true
		}
	case *ssa.SliceToArrayPointer:
		if ops&SliceToArrayPointer != 0 {
			return x.X, true
		}
	case *ssa.Extract:
		if ops&ExtractAssert != 0 && x.Index == 0 {
			if ta, ok := x.Tuple.(*ssa.TypeAssert); ok {
				return ta.X, true
			}
		}
	}
	return v, false
}

// Peel removes every operation of ops from v, outermost first.
func Peel(v ssa.Value, ops Ops) ssa.Value {
	for {
		x, ok := Step(v, ops)
		if !ok {
			return v
		}
		v = x
	}
}

// sharesMemory reports whether the conversion c reinterprets its operand
// rather than copying it: both sides are pointers, unsafe.Pointer or
// slices (a type parameter's Convert between ~[]byte types). A string on
// either side is a copy; numbers are values.
func sharesMemory(c *ssa.Convert) bool {
	return reference(c.Type()) && reference(c.X.Type())
}

func reference(t types.Type) bool {
	switch u := Core(t).(type) {
	case *types.Pointer, *types.Slice:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	}
	return false
}

// Core returns the underlying type of t, or for a type parameter whose
// constraint has a single type term (~[]byte), that term's underlying type.
func Core(t types.Type) types.Type {
	tp, ok := types.Unalias(t).(*types.TypeParam)
	if !ok {
		return t.Underlying()
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok || iface.NumEmbeddeds() != 1 {
		return t.Underlying()
	}
	switch e := iface.EmbeddedType(0).(type) {
	case *types.Union:
		if e.Len() == 1 {
			return e.Term(0).Type().Underlying()
		}
	default:
		return e.Underlying()
	}
	return t.Underlying()
}
