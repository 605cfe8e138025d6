package flow

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// Event is what one instruction does to a tracked resource.
type Event uint8

const (
	// NoEvent: the instruction does not matter.
	NoEvent Event = iota
	// Use: the resource is used (a method call, a comparison); it stays
	// the function's responsibility.
	Use
	// Close: the resource is released here.
	Close
	// DeferClose: a deferred release is registered here.
	DeferClose
	// Escape: the resource leaves the function's sole control: it is
	// returned, stored outside the function's own locals, sent, captured by
	// a closure that outlives the call, or passed to unknown code.
	Escape
)

// Classifier decides the events of calls. v is the alias of the tracked
// resource that appears in the call, as receiver or argument.
type Classifier interface {
	// Call classifies a call, defer or go instruction involving v.
	Call(instr ssa.CallInstruction, v ssa.Value) Event
	// Closure classifies a call or defer of a function literal that
	// captured the resource as its free variable i (for a go statement, or
	// a closure used any other way, the tracker decides Escape itself).
	Closure(instr ssa.CallInstruction, fn *ssa.Function, i int) Event
}

// ArgClosureClassifier is an optional Classifier method for a function
// literal that captured the resource (as free variable i) and is passed as
// an argument to a call: Escape unless the classifier knows the callee
// keeps the literal within the resource's owner (a reactor's handler).
type ArgClosureClassifier interface {
	ClosureArg(instr ssa.CallInstruction, fn *ssa.Function, i int) Event
}

// Resource is a tracked socket, context or buffer within one function.
type Resource struct {
	// Values may refer to the resource (including Phi merges and loads of
	// the local variables it was stored in).
	Values map[ssa.Value]bool
	// Direct are the values that certainly refer to it and nothing else
	// (no Phi merges, no loads of variables that may be reassigned).
	Direct map[ssa.Value]bool
	// Events maps each instruction that matters to what it does.
	Events map[ssa.Instruction]Event
}

// Escapes reports whether any instruction lets the resource escape.
func (r *Resource) Escapes() bool {
	for _, e := range r.Events {
		if e == Escape {
			return true
		}
	}
	return false
}

// Track follows root through fn and classifies every instruction that
// involves it. cell, if true, means root is a pointer to a variable that
// holds the resource (a captured free variable), whose loads are the
// resource.
func Track(root ssa.Value, cell bool, c Classifier) *Resource {
	t := &tracker{
		r:     &Resource{Values: map[ssa.Value]bool{}, Direct: map[ssa.Value]bool{}, Events: map[ssa.Instruction]Event{}},
		c:     c,
		cells: map[ssa.Value]bool{},
		boxes: map[ssa.Value]bool{},
	}
	if cell {
		t.addCell(root)
	} else {
		t.addValue(root, true)
	}
	for len(t.work) > 0 {
		w := t.work[len(t.work)-1]
		t.work = t.work[:len(t.work)-1]
		switch w.kind {
		case kValue:
			t.visitValue(w.v)
		case kCell:
			t.visitCell(w.v)
		case kBox:
			t.visitBox(w.v, w.path)
		}
	}
	return t.r
}

const (
	kValue = iota
	kCell
	kBox
)

type workItem struct {
	kind int
	v    ssa.Value
	path []int // kBox: the field indexes down to the resource
}

type tracker struct {
	r     *Resource
	c     Classifier
	cells map[ssa.Value]bool // local variables holding the resource
	boxes map[ssa.Value]bool // local structs holding it in a field
	work  []workItem
}

func (t *tracker) addValue(v ssa.Value, direct bool) {
	if direct {
		t.r.Direct[v] = true
	}
	if t.r.Values[v] {
		return
	}
	t.r.Values[v] = true
	t.work = append(t.work, workItem{kind: kValue, v: v})
}

func (t *tracker) addCell(v ssa.Value) {
	if !t.cells[v] {
		t.cells[v] = true
		t.work = append(t.work, workItem{kind: kCell, v: v})
	}
}

func (t *tracker) event(instr ssa.Instruction, e Event) {
	// Keep the strongest event when one instruction involves the
	// resource twice: Escape > Close > DeferClose > Use.
	if old, ok := t.r.Events[instr]; ok && rank(old) >= rank(e) {
		return
	}
	t.r.Events[instr] = e
}

func rank(e Event) int {
	switch e {
	case Escape:
		return 4
	case Close:
		return 3
	case DeferClose:
		return 2
	case Use:
		return 1
	}
	return 0
}

func (t *tracker) visitValue(v ssa.Value) {
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		// A conversion of v is the same resource: value.Ref, and a
		// type assertion's result (followed forward, an assertion
		// that did not panic yields the resource).
		if cv, ok := instr.(ssa.Value); ok {
			if x, ok := value.Step(cv, value.Ref|value.TypeAssert); ok && x == v {
				t.addValue(cv, t.r.Direct[v])
				continue
			}
		}
		switch instr := instr.(type) {
		case *ssa.Phi:
			t.addValue(instr, false)
		case *ssa.TypeAssert:
			// The comma-ok form's value is its Extract #0 (the plain
			// form is peeled above).
			t.extracts(instr, 0)
		case *ssa.Store:
			t.store(instr, v)
		case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
			// Comparisons (s != nil) and debug info do not matter.
		case *ssa.Call, *ssa.Defer, *ssa.Go:
			t.call(instr.(ssa.CallInstruction), v)
		case *ssa.MakeClosure:
			t.closure(instr, v)
		case *ssa.FieldAddr, *ssa.Field, *ssa.IndexAddr, *ssa.Index:
			// Reading through the resource (a buffer's element, a
			// struct's field) uses it.
			t.event(instr, Use)
		case *ssa.UnOp:
			t.event(instr, Use) // *p, <-ch
		default:
			// Return, Send, MapUpdate, Panic, Slice, MakeSlice args, ...:
			// the resource leaves our sight.
			t.event(instr, Escape)
		}
	}
}

// extracts follows element i of a tuple-valued instruction.
func (t *tracker) extracts(tuple ssa.Value, i int) {
	refs := tuple.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		if ex, ok := instr.(*ssa.Extract); ok && ex.Index == i {
			t.addValue(ex, t.r.Direct[tuple])
		}
	}
}

// store handles *addr = v.
func (t *tracker) store(s *ssa.Store, v ssa.Value) {
	if s.Val != v {
		// v is the address being stored to: a use of a buffer.
		t.event(s, Use)
		return
	}
	switch addr := s.Addr.(type) {
	case *ssa.Alloc:
		// A local variable (heap-allocated because it is captured or
		// its address is taken): its loads refer to the resource.
		t.addCell(addr)
		return
	case *ssa.FieldAddr:
		// A field of a local struct (possibly of a struct embedded in
		// it by value: n.base.sock): the resource lives as long as the
		// struct does not escape.
		path := []int{addr.Field}
		x := addr.X
		for {
			inner, ok := x.(*ssa.FieldAddr)
			if !ok {
				break
			}
			path = append([]int{inner.Field}, path...)
			x = inner.X
		}
		if box, ok := x.(*ssa.Alloc); ok {
			t.addBox(box, path)
			return
		}
	}
	t.event(s, Escape)
}

func (t *tracker) addBox(box *ssa.Alloc, path []int) {
	if !t.boxes[box] {
		t.boxes[box] = true
		t.work = append(t.work, workItem{kind: kBox, v: box, path: path})
	}
}

// visitCell follows a local variable holding the resource.
func (t *tracker) visitCell(cell ssa.Value) {
	refs := cell.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch instr := instr.(type) {
		case *ssa.UnOp:
			if instr.Op == token.MUL {
				t.addValue(instr, false)
			}
		case *ssa.Store:
			if instr.Addr == cell {
				continue // a (re)assignment of the variable
			}
			t.event(instr, Escape) // &s stored elsewhere
		case *ssa.MakeClosure:
			t.closure(instr, cell)
		case *ssa.DebugRef:
		default:
			t.event(instr, Escape) // &s passed somewhere
		}
	}
}

// visitBox follows a local struct with the resource at field path p
// (one field, or a field of a struct embedded by value): loads of that
// field refer to it; any other use of the whole struct, or of an embedded
// struct on the path, lets it escape.
func (t *tracker) visitBox(box ssa.Value, p []int) {
	refs := box.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch instr := instr.(type) {
		case *ssa.FieldAddr:
			if instr.Field != p[0] {
				continue // another field
			}
			if len(p) > 1 {
				t.visitBox(instr, p[1:])
				continue
			}
			frefs := instr.Referrers()
			if frefs == nil {
				continue
			}
			for _, fi := range *frefs {
				switch value.AddrUse(instr, fi) {
				case value.UseLoad:
					t.addValue(fi.(ssa.Value), false)
				case value.UseStore:
					// assignment of the field
				default:
					if _, ok := fi.(*ssa.Store); ok {
						// The field's address stored somewhere:
						// not followed, as before the value model
						// (a false escape would silence a leak
						// the field's later loads show).
						continue
					}
					t.event(fi, Escape)
				}
			}
		case *ssa.DebugRef:
		default:
			t.event(instr, Escape)
		}
	}
}

// call classifies a call, defer or go instruction with v among its operands.
func (t *tracker) call(instr ssa.CallInstruction, v ssa.Value) {
	if _, ok := instr.(*ssa.Go); ok {
		t.event(instr, Escape) // handed to another goroutine
		return
	}
	common := instr.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "append", "copy":
			t.event(instr, Escape)
		default:
			t.event(instr, Use) // len, cap, print...
		}
		return
	}
	t.event(instr, t.c.Call(instr, v))
}

// closure handles a function literal capturing v (a value or a cell).
func (t *tracker) closure(mc *ssa.MakeClosure, v ssa.Value) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		t.event(mc, Escape)
		return
	}
	idx := -1
	for i, b := range mc.Bindings {
		if b == v {
			idx = i
		}
	}
	refs := mc.Referrers()
	if idx < 0 || refs == nil {
		t.event(mc, Escape)
		return
	}
	used := false
	for _, instr := range *refs {
		ci, ok := instr.(ssa.CallInstruction)
		if ok && ci.Common().Value != ssa.Value(mc) {
			// The closure is an argument (a handler given to a
			// reactor, say): the classifier may know that callee.
			if ac, ok := t.c.(ArgClosureClassifier); ok {
				if _, isGo := ci.(*ssa.Go); !isGo {
					t.event(ci, ac.ClosureArg(ci, fn, idx))
					used = true
					continue
				}
			}
		}
		if !ok || ci.Common().Value != ssa.Value(mc) {
			t.event(mc, Escape) // stored, passed or returned: outlives us
			return
		}
		if _, isGo := ci.(*ssa.Go); isGo {
			t.event(ci, Escape)
			used = true
			continue
		}
		t.event(ci, t.c.Closure(ci, fn, idx))
		used = true
	}
	if !used {
		t.event(mc, Use)
	}
}

// IsDeferred reports whether instr is a defer statement.
func IsDeferred(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}
