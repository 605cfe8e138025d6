package value

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Kind says where a value comes from, relative to the function that uses
// it.
type Kind uint8

const (
	// Local: created or obtained in the function (a call's result, make,
	// a composite literal, a constant). Root is the value itself.
	Local Kind = iota
	// Var: loaded from a local variable that SSA keeps in memory (its
	// address was taken, or a closure captures it). Root is its Alloc;
	// Stores lists what the function stored into it.
	Var
	// Param: a parameter. Index is its position in fn.Params, receiver
	// first (the convention of every summary and fact). A local variable
	// whose only store is a parameter (a spilled receiver) is that
	// parameter, with Loaded set.
	Param
	// Free: a free variable of a closure. Index is its position in
	// fn.FreeVars; Bindings returns what the enclosing function bound to
	// it. Loaded: v is a load of a captured variable (the free variable
	// is the variable's address).
	Free
	// Global: a package-level variable; Root is the *ssa.Global, Loaded
	// tells v is its value rather than its address.
	Global
	// Field: a struct field, loaded through a pointer (x.f with x a
	// pointer) or selected from a struct value. Field is the field's
	// object (struct type and index identify it across functions); Root
	// is the struct value or pointer it was selected from.
	Field
	// Received: received from a channel; Root is the channel value.
	Received
)

// Origin is where a value comes from.
type Origin struct {
	Kind   Kind
	Root   ssa.Value
	Loaded bool
	Index  int
	Field  *types.Var
}

// OriginOf returns where v comes from, after peeling ops (Ref for object
// identity). It looks one step back: a field's Root is the struct it was
// selected from, whose own origin the client asks for when it matters
// (Holders walks the whole way).
func OriginOf(v ssa.Value, ops Ops) Origin {
	v = Peel(v, ops)
	switch x := v.(type) {
	case *ssa.Parameter:
		return Origin{Kind: Param, Root: x, Index: ParamIndex(x)}
	case *ssa.FreeVar:
		return Origin{Kind: Free, Root: x, Index: FreeIndex(x)}
	case *ssa.Global:
		return Origin{Kind: Global, Root: x}
	case *ssa.Field:
		return Origin{Kind: Field, Root: x.X, Field: FieldVar(types.NewPointer(x.X.Type()), x.Field)}
	case *ssa.Extract:
		if recv, ok := x.Tuple.(*ssa.UnOp); ok && recv.Op == token.ARROW && x.Index == 0 {
			return Origin{Kind: Received, Root: recv.X}
		}
	case *ssa.UnOp:
		switch x.Op {
		case token.ARROW:
			return Origin{Kind: Received, Root: x.X}
		case token.MUL:
			return loadOrigin(x.X)
		}
	}
	return Origin{Kind: Local, Root: v}
}

// loadOrigin classifies a load from address a.
func loadOrigin(a ssa.Value) Origin {
	switch x := a.(type) {
	case *ssa.Global:
		return Origin{Kind: Global, Root: x, Loaded: true}
	case *ssa.FreeVar:
		return Origin{Kind: Free, Root: x, Loaded: true, Index: FreeIndex(x)}
	case *ssa.FieldAddr:
		return Origin{Kind: Field, Root: x.X, Loaded: true, Field: FieldVar(x.X.Type(), x.Field)}
	case *ssa.Alloc:
		if p, ok := StoredOnly(x).(*ssa.Parameter); ok {
			return Origin{Kind: Param, Root: p, Loaded: true, Index: ParamIndex(p)}
		}
		return Origin{Kind: Var, Root: x, Loaded: true}
	}
	return Origin{Kind: Local, Root: a, Loaded: true}
}

// Holders returns the values through which v is reached: v itself (peeled
// of Ref), then the variables and structs it is loaded or selected from,
// outermost (the root) last. Code that gets hold of any of them gets v.
func Holders(v ssa.Value) []ssa.Value {
	var hs []ssa.Value
	for v != nil {
		v = Peel(v, Ref)
		hs = append(hs, v)
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return hs
			}
			v = x.X
		case *ssa.FieldAddr:
			v = x.X
		case *ssa.Field:
			v = x.X
		default:
			return hs
		}
	}
	return hs
}

// ParamIndex returns p's index in its function's Params (receiver 0), or
// -1.
func ParamIndex(p *ssa.Parameter) int {
	if fn := p.Parent(); fn != nil {
		for i, q := range fn.Params {
			if q == p {
				return i
			}
		}
	}
	return -1
}

// FreeIndex returns fv's index in its function's FreeVars, or -1.
func FreeIndex(fv *ssa.FreeVar) int {
	if fn := fv.Parent(); fn != nil {
		for i, f := range fn.FreeVars {
			if f == fv {
				return i
			}
		}
	}
	return -1
}

// Bindings returns the values the enclosing function binds to free
// variable fv, one per MakeClosure of fv's function (a literal is made
// once per execution of its expression, but a function literal appears
// in one place, so there is typically one).
func Bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	idx := FreeIndex(fv)
	if fn == nil || fn.Parent() == nil || idx < 0 {
		return nil
	}
	var out []ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				out = append(out, mc.Bindings[idx])
			}
		}
	}
	return out
}

// Stores returns the stores into the variable at addr.
func Stores(addr ssa.Value) []*ssa.Store {
	refs := addr.Referrers()
	if refs == nil {
		return nil
	}
	var out []*ssa.Store
	for _, instr := range *refs {
		if st, ok := instr.(*ssa.Store); ok && st.Addr == addr {
			out = append(out, st)
		}
	}
	return out
}

// StoredOnly returns the one value ever stored into cell, or nil: a local
// that SSA spilled (a receiver or parameter whose address is taken).
func StoredOnly(cell *ssa.Alloc) ssa.Value {
	var only ssa.Value
	for _, st := range Stores(cell) {
		if only != nil && only != st.Val {
			return nil
		}
		only = st.Val
	}
	return only
}

// FieldVar returns field i of the struct that ptr points to, or nil.
func FieldVar(ptr types.Type, i int) *types.Var {
	p, ok := ptr.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// SameRef reports whether a and b denote the same object (socket,
// context): the same SSA value through Ref conversions, loads of the same
// variable, or loads of the same field of the same holder (n.sock read
// twice).
func SameRef(a, b ssa.Value) bool {
	a, b = Peel(a, Ref), Peel(b, Ref)
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	return sameAddr(la.X, lb.X)
}

func sameAddr(a, b ssa.Value) bool {
	if a == b {
		switch a.(type) {
		case *ssa.Alloc, *ssa.Global, *ssa.FreeVar, *ssa.Parameter:
			return true
		}
		return false
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	if ok1 && ok2 && fa.Field == fb.Field {
		return SameRef(fa.X, fb.X) || sameAddr(fa.X, fb.X)
	}
	return false
}

// Extract returns the Extract of result i of the tuple-valued v, or nil
// when that result is not used.
func Extract(v ssa.Value, i int) ssa.Value {
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, instr := range *refs {
		if ex, ok := instr.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

// Use says what an instruction does with an address it refers to.
type Use uint8

const (
	// UseOther: anything else: the address itself goes somewhere (passed,
	// stored as a value, indexed, compared).
	UseOther Use = iota
	// UseLoad: *addr, a read of the variable or field.
	UseLoad
	// UseStore: a store into addr, an assignment.
	UseStore
	// UseDebug: a DebugRef (only in debug builds): no use at all.
	UseDebug
)

// AddrUse classifies instr, a referrer of the address addr (a FieldAddr,
// an Alloc, a Global).
func AddrUse(addr ssa.Value, instr ssa.Instruction) Use {
	switch x := instr.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return UseLoad
		}
	case *ssa.Store:
		if x.Addr == addr {
			return UseStore
		}
	case *ssa.DebugRef:
		return UseDebug
	}
	return UseOther
}

// Named returns the named type of t, through pointers and aliases.
func Named(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}
