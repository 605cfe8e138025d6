package value_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/ssatest"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

const src = `package p

import "unsafe"

type named []byte
type box struct{ ch chan int; b []byte }

var g chan int

func sink(...any) {}

func conv(b []byte, s string, p *int) {
	sink(named(b))                  // ChangeType
	sink(any(b))                    // MakeInterface
	sink(b[1:2])                    // Slice
	sink((*[1]byte)(b))             // SliceToArrayPointer
	sink([]byte(s))                 // Convert: a copy
	sink(unsafe.Pointer(p))         // Convert: shares memory
}

func (x *box) origins(c chan int, v box) {
	a := <-c
	sink(a, x.ch, v.b, g, c)
	f := func() { sink(c, x) }
	f()
}
`

func build(t *testing.T, src string) *ssa.Package { return ssatest.Build(t, src) }

// sinkArgs returns the values passed to sink in fn, in order, unpacking
// the variadic slice (each element is stored as a MakeInterface).
func sinkArgs(fn *ssa.Function) []ssa.Value {
	var out []ssa.Value
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			if _, ok := st.Addr.(*ssa.IndexAddr); ok {
				out = append(out, st.Val)
			}
		}
	}
	return out
}

func TestPeelSets(t *testing.T) {
	pkg := build(t, src)
	args := sinkArgs(pkg.Func("conv"))
	if len(args) != 6 {
		t.Fatalf("got %d sink args, want 6", len(args))
	}
	b := pkg.Func("conv").Params[0]
	// Ref peels the interface box and the named conversion: the same
	// object.
	if got := value.Peel(args[0], value.Ref); got != b {
		t.Errorf("Peel(named(b), Ref) = %v, want b", got)
	}
	if got := value.Peel(args[1], value.Ref); got != b {
		t.Errorf("Peel(any(b), Ref) = %v, want b", got)
	}
	// Ref keeps re-slices; Memory peels them.
	inner := value.Peel(args[2], value.MakeInterface)
	if got := value.Peel(inner, value.Ref); got == b {
		t.Errorf("Peel(b[1:2], Ref) = b, want the re-slice kept")
	}
	if got := value.Peel(inner, value.Memory); got != b {
		t.Errorf("Peel(b[1:2], Memory) = %v, want b", got)
	}
	if got := value.Peel(value.Peel(args[3], value.MakeInterface), value.Memory); got != b {
		t.Errorf("Peel((*[1]byte)(b), Memory) = %v, want b", got)
	}
	// []byte(s) is a copy: Memory keeps it, Bits (values) peels it.
	cp := value.Peel(args[4], value.MakeInterface)
	if _, ok := value.Step(cp, value.Memory); ok {
		t.Errorf("Step([]byte(s), Memory) peeled a copy")
	}
	if _, ok := value.Step(cp, value.Bits); !ok {
		t.Errorf("Step([]byte(s), Bits) kept the conversion")
	}
	up := value.Peel(args[5], value.MakeInterface)
	if _, ok := value.Step(up, value.Memory); !ok {
		t.Errorf("Step(unsafe.Pointer(p), Memory) kept a conversion that shares memory")
	}
}

func TestOrigins(t *testing.T) {
	pkg := build(t, src)
	ms := pkg.Prog.MethodSets.MethodSet(types.NewPointer(pkg.Type("box").Type()))
	fn := pkg.Prog.MethodValue(ms.Lookup(pkg.Pkg, "origins"))
	args := sinkArgs(fn)
	if len(args) != 5 {
		t.Fatalf("got %d sink args, want 5", len(args))
	}
	want := []struct {
		kind  value.Kind
		index int
		field string
	}{
		{value.Received, 0, ""},
		{value.Field, 0, "ch"},
		{value.Field, 0, "b"},
		{value.Global, 0, ""},
		{value.Param, 1, ""}, // receiver is parameter 0
	}
	for i, w := range want {
		o := value.OriginOf(args[i], value.Ref)
		if o.Kind != w.kind {
			t.Errorf("arg %d: kind %d, want %d", i, o.Kind, w.kind)
			continue
		}
		if w.kind == value.Param && o.Index != w.index {
			t.Errorf("arg %d: index %d, want %d", i, o.Index, w.index)
		}
		if w.kind == value.Field && (o.Field == nil || o.Field.Name() != w.field) {
			t.Errorf("arg %d: field %v, want %s", i, o.Field, w.field)
		}
	}
	// The closure's free variables map back to what origins bound.
	lit := fn.AnonFuncs[0]
	cargs := sinkArgs(lit)
	o := value.OriginOf(cargs[0], value.Ref)
	if o.Kind != value.Free || o.Index != 0 {
		t.Fatalf("closure arg: %+v, want free variable 0", o)
	}
	bs := value.Bindings(o.Root.(*ssa.FreeVar))
	// c is captured as a variable: the binding is its cell, whose only
	// store is the parameter.
	if len(bs) != 1 || value.StoredOnly(bs[0].(*ssa.Alloc)) != fn.Params[1] {
		t.Errorf("Bindings = %v, want the cell of parameter c", bs)
	}
	// x.ch read twice is one object; Holders ends at the receiver's cell
	// (the closure captures x, so x lives in memory).
	if !value.SameRef(args[1], args[1]) {
		t.Errorf("SameRef(x.ch, x.ch) = false")
	}
	hs := value.Holders(args[1])
	if a, ok := hs[len(hs)-1].(*ssa.Alloc); !ok || value.StoredOnly(a) != fn.Params[0] {
		t.Errorf("Holders(x.ch) ends at %v, want the receiver", hs[len(hs)-1])
	}
}
