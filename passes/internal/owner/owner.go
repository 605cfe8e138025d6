// Package owner is zmqlint's model of ZeroMQ resources owned by a struct
// type: which named struct types of a package hold a socket or context in
// a field (directly, through an embedded struct, or in a slice, array or
// map), and every place the package's code touches such a field (loads,
// stores, other uses of its address), with the struct value the access
// starts from.
//
// The Analyzer (zmqowner) computes this once per package; checks Require
// it and read its Result. It exports a TypeFact for every owner type, so
// a package that embeds or holds a type of another package knows which
// fields of it are resources (those fields are the other package's to
// judge: unexported fields can only be touched by their own package).
//
// Byte-buffer fields ([]byte, [N]byte, bytes.Buffer, *bytes.Buffer declared
// directly in a named struct type of the package) are modelled apart, in
// BufferTypes and BufferAccesses, for zerocopy's type-level rule: they
// are not resources, are not in the TypeFact, and do not appear in Types
// or Accesses.
//
// Not modelled: types declared inside functions, generic types, and
// struct types held in a named (not embedded) field, which are owners of
// their own (x.client.sock is Client's field sock).
//
// The model is structural: it says where a field is read and written,
// not whether a read is closed on every path. That judgement rests on
// what calls do with a socket (lifecycle's zmqParams facts and flow
// helpers) and is made by the check that asks (lifecycle's owned.go).
package owner

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// Analyzer is the helper pass that builds the ownership model of a
// package. It reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "zmqowner",
	Doc:        "find struct types that own ZeroMQ sockets or contexts in fields, and every access of those fields (zmqlint helper; reports nothing)",
	URL:        "https://github.com/zmqlint/zmqlint/blob/main/docs/design.md",
	Run:        run,
	Requires:   []*analysis.Analyzer{zmqssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(TypeFact)},
}

// Kind is what a field holds.
type Kind uint8

const (
	// Socket: a binding's socket (pebbe *Socket, go-zeromq Socket,
	// goczmq *Sock, ...).
	Socket Kind = iota + 1
	// Context: a pebbe *Context, which must be terminated.
	Context
	// Buffer: a byte buffer ([]byte, [N]byte, bytes.Buffer or
	// *bytes.Buffer). Buffer fields are kept apart from resource fields
	// (Result.BufferTypes, Result.BufferAccesses): they are not resources
	// to close, and are not in the TypeFact.
	Buffer
)

func (k Kind) String() string {
	switch k {
	case Context:
		return "context"
	case Buffer:
		return "buffer"
	}
	return "socket"
}

// BufShape is the type of a Buffer field.
type BufShape uint8

const (
	// ByteSlice: a []byte field; its bytes are the loaded slice's.
	ByteSlice BufShape = iota + 1
	// ByteArray: a [N]byte field; its bytes are the field's own memory.
	ByteArray
	// BytesBuffer: a bytes.Buffer field, used through its address.
	BytesBuffer
	// BytesBufferPtr: a *bytes.Buffer field.
	BytesBufferPtr
)

// Field is one resource field of an owner type.
type Field struct {
	// Path is the field indexes from the owner type down to the field:
	// one index for a direct field, more through embedded structs.
	Path []int
	// Name is the selector from a value of the type: "sock", "base.sock".
	Name string
	Kind Kind
	// Container: a slice, array or map of sockets or contexts.
	Container bool
	// Exported: the field's own name is exported, so code of other
	// packages can reach it.
	Exported bool
	// Local: every field on the path is declared in the analysed
	// package (a field of an embedded type of another package is that
	// package's to judge).
	Local bool
	// Binding of the socket or context type.
	Binding zmqapi.Binding
	// Var is the field's object.
	Var *types.Var
	// Buf is the type of a Buffer field (Kind == Buffer).
	Buf BufShape
}

// Type is a named struct type with resource fields.
type Type struct {
	Obj    *types.TypeName
	Fields []*Field
}

// AccessKind is what an access does with the field.
type AccessKind uint8

const (
	// Load reads the field (or, for a container, an element of it):
	// Value is the value read.
	Load AccessKind = iota + 1
	// Store writes the field (or an element): Value is the value
	// written.
	Store
	// Addr is any other use of the field's address (&c.sock passed on):
	// the code that gets it may do anything with the field.
	Addr
)

// RootKind is where the struct an access starts from comes from.
type RootKind uint8

const (
	RootOther RootKind = iota
	// RootParam: a parameter of the function (a method's receiver is
	// parameter 0).
	RootParam
	// RootFree: a variable captured by a function literal.
	RootFree
	// RootAlloc: a struct the function allocated itself (a
	// constructor's &T{...}).
	RootAlloc
	// RootGlobal: a package-level variable.
	RootGlobal
)

// Access is one instruction that touches a resource field.
type Access struct {
	Type  *Type
	Field *Field
	Fn    *ssa.Function
	Kind  AccessKind
	// Instr is the load, the store, or the instruction that uses the
	// field's address.
	Instr ssa.Instruction
	// Value: for a Load the value read, for a Store the value written.
	Value ssa.Value
	// Elem: the access reads or writes an element of a container field
	// (an array's element through its address); Elems of a container's
	// Load are the elements read back out of the loaded slice or map.
	Elem  bool
	Elems []ssa.Value
	// Root is the struct value or pointer the access starts from.
	Root     ssa.Value
	RootKind RootKind
	// Sel is the selection itself: the *ssa.FieldAddr (c.f's address) or
	// *ssa.Field (a struct value's field) the access goes through.
	Sel ssa.Value
}

// Result is the ownership model of one package.
type Result struct {
	// Types are the package's owner types, in source order.
	Types []*Type
	// Accesses are every access of a resource field of an owner type
	// (this package's or another's), in function and instruction order.
	Accesses []*Access

	// BufferTypes are the package's named struct types with byte-buffer
	// fields (Kind Buffer: []byte, [N]byte, bytes.Buffer, *bytes.Buffer
	// fields declared directly in the type, not through embedding), in
	// source order; BufferAccesses every access of those fields. They are
	// local to the package (no fact): another package cannot touch an
	// unexported buffer field, and exported ones are not followed.
	BufferTypes    []*Type
	BufferAccesses []*Access

	byObj   map[*types.TypeName]*Type
	byStore map[ssa.Instruction]*Access
	bufObj  map[*types.TypeName]*Type
}

// BufferOf returns the buffer-field type of obj (of this package), or nil.
func (r *Result) BufferOf(obj *types.TypeName) *Type {
	if r == nil {
		return nil
	}
	return r.bufObj[obj]
}

// BufferAccessesOf returns the accesses of buffer field f, in order.
func (r *Result) BufferAccessesOf(f *Field) []*Access {
	var as []*Access
	for _, a := range r.BufferAccesses {
		if a.Field == f {
			as = append(as, a)
		}
	}
	return as
}

// Of returns the owner type of obj (of this package, or imported through
// its TypeFact), or nil.
func (r *Result) Of(obj *types.TypeName) *Type {
	if r == nil {
		return nil
	}
	return r.byObj[obj]
}

// StoreAt returns the store access of instr, or nil.
func (r *Result) StoreAt(instr ssa.Instruction) *Access {
	if r == nil {
		return nil
	}
	return r.byStore[instr]
}

// AccessesOf returns the accesses of field f, in order.
func (r *Result) AccessesOf(f *Field) []*Access {
	var as []*Access
	for _, a := range r.Accesses {
		if a.Field == f {
			as = append(as, a)
		}
	}
	return as
}

// TypeFact is an object fact on a named struct type that owns sockets or
// contexts in fields.
type TypeFact struct {
	Fields []FactField
}

// FactField is a Field as other packages see it.
type FactField struct {
	Path      []int
	Name      string
	Kind      Kind
	Container bool
	Exported  bool
	Binding   zmqapi.Binding
}

func (*TypeFact) AFact() {}

func (f *TypeFact) String() string {
	var parts []string
	for _, fl := range f.Fields {
		k := fl.Kind.String()
		if fl.Container {
			k = "[]" + k
		}
		parts = append(parts, fl.Name+" "+k)
	}
	return "zmqOwns(" + strings.Join(parts, ", ") + ")"
}

type builder struct {
	pass  *analysis.Pass
	model *zmqapi.Model
	res   *Result
	// inProgress guards the recursion through embedded structs.
	inProgress map[*types.TypeName]bool
	done       map[*types.TypeName]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssaRes := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	res := &Result{byObj: map[*types.TypeName]*Type{}, byStore: map[ssa.Instruction]*Access{}, bufObj: map[*types.TypeName]*Type{}}
	if ssaRes.Pkg == nil {
		return res, nil
	}
	b := &builder{pass: pass, model: ssaRes.Model, res: res,
		inProgress: map[*types.TypeName]bool{}, done: map[*types.TypeName]bool{}}
	scope := pass.Pkg.Scope()
	var objs []*types.TypeName
	for _, name := range scope.Names() {
		if tn, ok := scope.Lookup(name).(*types.TypeName); ok && !tn.IsAlias() {
			objs = append(objs, tn)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	for _, tn := range objs {
		if t := b.typeOf(tn); t != nil {
			res.Types = append(res.Types, t)
		}
		if t := bufferType(tn); t != nil {
			res.BufferTypes = append(res.BufferTypes, t)
			res.bufObj[tn] = t
		}
	}
	for _, t := range res.Types {
		pass.ExportObjectFact(t.Obj, factOf(t))
	}
	for _, fn := range ssaRes.SrcFuncs {
		b.accesses(fn)
	}
	return res, nil
}

func factOf(t *Type) *TypeFact {
	f := &TypeFact{}
	for _, fl := range t.Fields {
		f.Fields = append(f.Fields, FactField{Path: fl.Path, Name: fl.Name, Kind: fl.Kind, Container: fl.Container, Exported: fl.Exported, Binding: fl.Binding})
	}
	return f
}

// typeOf returns the owner type of tn (computed once; imported from the
// TypeFact for another package's type), or nil.
func (b *builder) typeOf(tn *types.TypeName) *Type {
	if t, ok := b.res.byObj[tn]; ok || b.done[tn] {
		return t
	}
	if tn.Pkg() != b.pass.Pkg {
		b.done[tn] = true
		var f TypeFact
		if tn.Pkg() == nil || !b.pass.ImportObjectFact(tn, &f) {
			return nil
		}
		t := &Type{Obj: tn}
		st, _ := tn.Type().Underlying().(*types.Struct)
		for _, ff := range f.Fields {
			t.Fields = append(t.Fields, &Field{Path: ff.Path, Name: ff.Name, Kind: ff.Kind, Container: ff.Container,
				Exported: ff.Exported, Binding: ff.Binding, Var: fieldVar(st, ff.Path)})
		}
		b.res.byObj[tn] = t
		return t
	}
	if b.inProgress[tn] {
		return nil // a struct that embeds itself through a pointer
	}
	n, ok := tn.Type().(*types.Named)
	if !ok || n.TypeParams().Len() > 0 {
		return nil // generic types are not modelled
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	b.inProgress[tn] = true
	fields := b.fieldsOf(st)
	delete(b.inProgress, tn)
	b.done[tn] = true
	if len(fields) == 0 {
		return nil
	}
	t := &Type{Obj: tn, Fields: fields}
	b.res.byObj[tn] = t
	return t
}

// fieldVar is the field at path in st, or nil.
func fieldVar(st *types.Struct, path []int) *types.Var {
	var v *types.Var
	for _, i := range path {
		if st == nil || i >= st.NumFields() {
			return nil
		}
		v = st.Field(i)
		st = structOf(v.Type())
	}
	return v
}

// fieldsOf lists the resource fields of st: direct ones, containers of
// them, and those of embedded structs (with the embedded field first on
// the path).
func (b *builder) fieldsOf(st *types.Struct) []*Field {
	var fields []*Field
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if k, bind, ok := b.kindOf(v.Type()); ok {
			fields = append(fields, &Field{Path: []int{i}, Name: v.Name(), Kind: k, Exported: v.Exported(), Local: v.Pkg() == b.pass.Pkg, Binding: bind, Var: v})
			continue
		}
		if elem := containerElem(v.Type()); elem != nil {
			if k, bind, ok := b.kindOf(elem); ok {
				fields = append(fields, &Field{Path: []int{i}, Name: v.Name(), Kind: k, Container: true, Exported: v.Exported(), Local: v.Pkg() == b.pass.Pkg, Binding: bind, Var: v})
			}
			continue
		}
		if !v.Embedded() {
			continue // a struct held in a named field is an owner of its own
		}
		n := value.Named(v.Type())
		if n == nil {
			continue
		}
		inner := b.typeOf(n.Obj())
		if inner == nil {
			continue
		}
		for _, f := range inner.Fields {
			fields = append(fields, &Field{Path: append([]int{i}, f.Path...), Name: v.Name() + "." + f.Name, Kind: f.Kind,
				Container: f.Container, Exported: f.Exported, Local: f.Local && n.Obj().Pkg() == b.pass.Pkg, Binding: f.Binding, Var: f.Var})
		}
	}
	return fields
}

// kindOf tells whether t is a socket or context type of a binding.
func (b *builder) kindOf(t types.Type) (Kind, zmqapi.Binding, bool) {
	n := value.Named(t)
	if n == nil || n.Obj().Pkg() == nil {
		return 0, 0, false
	}
	bind := b.model.BindingOf(n.Obj().Pkg().Path())
	switch {
	case b.model.IsContextType(t):
		return Context, bind, true
	case b.model.IsSocketType(t):
		return Socket, bind, true
	}
	return 0, 0, false
}

// containerElem is the element type of a slice, array or map (its value
// type), or nil.
func containerElem(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	case *types.Map:
		return u.Elem()
	}
	return nil
}

func structOf(t types.Type) *types.Struct {
	if n := value.Named(t); n != nil {
		t = n
	} else if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// ownerOf returns the owner type of the struct behind v's type.
func (b *builder) ownerOf(v ssa.Value) *Type {
	n := value.Named(v.Type())
	if n == nil {
		return nil
	}
	return b.typeOf(n.Origin().Obj())
}

// step is one field selection: x.f (through a pointer or of a value).
func step(v ssa.Value) (x ssa.Value, field int, ok bool) {
	switch v := v.(type) {
	case *ssa.FieldAddr:
		return v.X, v.Field, true
	case *ssa.Field:
		return v.X, v.Field, true
	case *ssa.UnOp:
		if v.Op == token.MUL {
			// *(&c.base): the embedded struct (or pointer) loaded.
			if fa, ok := v.X.(*ssa.FieldAddr); ok {
				return fa.X, fa.Field, true
			}
		}
	}
	return nil, 0, false
}

// accesses records fn's accesses of resource fields.
func (b *builder) accesses(fn *ssa.Function) {
	for _, blk := range fn.Blocks {
		for _, instr := range blk.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok {
				continue
			}
			x, fi, ok := step(v)
			if !ok {
				continue
			}
			if _, isLoad := v.(*ssa.UnOp); isLoad {
				continue // handled from its FieldAddr
			}
			t, f, root := b.attribute(x, fi)
			if f == nil {
				if t, f := b.bufferField(x, fi); f != nil {
					b.classify(fn, t, f, v, valueReceiver(x, f))
				}
				continue
			}
			b.classify(fn, t, f, v, sharedCopy(root))
		}
	}
}

// sharedCopy returns, for a struct that a function keeps in a local
// holding a copy of its parameter (SSA spills a value receiver or
// parameter when a field's address is taken: v.stats.inc()), that
// parameter: a copy of the struct holds the same sockets and contexts (the
// fields are pointers or interfaces, and a container's elements are too),
// so closing v.sock in a value-receiver method closes the caller's
// socket. Any other value is returned as is.
func sharedCopy(x ssa.Value) ssa.Value {
	cell, ok := x.(*ssa.Alloc)
	if !ok {
		return x
	}
	if p, ok := value.StoredOnly(cell).(*ssa.Parameter); ok && types.Identical(p.Type(), cell.Type().Underlying().(*types.Pointer).Elem()) {
		return p
	}
	return x
}

// attribute finds the owner type and field that selecting field fi of x
// ends at: the outermost owner reached through embedded fields only
// (c.base.sock is Client's field "base.sock"; x.client.sock is Client's
// field "sock" with root x.client).
func (b *builder) attribute(x ssa.Value, fi int) (*Type, *Field, ssa.Value) {
	path := []int{fi}
	var bestT *Type
	var bestF *Field
	var root ssa.Value
	for {
		if t := b.ownerOf(x); t != nil {
			if f := t.field(path); f != nil {
				bestT, bestF, root = t, f, x
			}
		}
		px, pf, ok := step(x)
		if !ok {
			break
		}
		st := structOf(px.Type())
		if st == nil || pf >= st.NumFields() || !st.Field(pf).Embedded() {
			break
		}
		path = append([]int{pf}, path...)
		x = px
	}
	return bestT, bestF, root
}

func (t *Type) field(path []int) *Field {
	for _, f := range t.Fields {
		if equalPath(f.Path, path) {
			return f
		}
	}
	return nil
}

func equalPath(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// rootOf resolves where the struct an access starts from comes from,
// through the local variable a captured receiver or struct lives in (a
// method whose receiver a literal captures loads it from a cell).
func rootOf(v ssa.Value) (ssa.Value, RootKind) {
	// No conversions peeled: the access's own base value is classified.
	o := value.OriginOf(v, 0)
	switch o.Kind {
	case value.Param:
		return o.Root, RootParam // a spilled one: the parameter stored
	case value.Free:
		if o.Loaded {
			return v, RootFree
		}
		return o.Root, RootFree
	case value.Global:
		if o.Loaded {
			return v, RootGlobal
		}
		return o.Root, RootGlobal
	case value.Local:
		if a, ok := o.Root.(*ssa.Alloc); ok && !o.Loaded {
			return a, RootAlloc
		}
	case value.Var:
		// A local holding a struct the function allocated (&T{} kept
		// in a captured variable).
		if only, ok := value.StoredOnly(o.Root.(*ssa.Alloc)).(*ssa.Alloc); ok {
			return only, RootAlloc
		}
	}
	return v, RootOther
}

// classify records what the selection v (c.sock's address, or its value)
// is used for.
func (b *builder) classify(fn *ssa.Function, t *Type, f *Field, v ssa.Value, root ssa.Value) {
	add := func(k AccessKind, instr ssa.Instruction, val ssa.Value, elem bool) {
		r, rk := rootOf(root)
		a := &Access{Type: t, Field: f, Fn: fn, Kind: k, Instr: instr, Value: val, Elem: elem, Root: r, RootKind: rk, Sel: v}
		if f.Kind == Buffer {
			b.res.BufferAccesses = append(b.res.BufferAccesses, a)
			return
		}
		if k == Load && f.Container && !elem {
			a.Elems = elements(val)
		}
		b.res.Accesses = append(b.res.Accesses, a)
		if k == Store {
			b.res.byStore[instr] = a
		}
	}
	if _, isField := v.(*ssa.Field); isField {
		add(Load, v.(ssa.Instruction), v, false)
		return
	}
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch value.AddrUse(v, instr) {
		case value.UseLoad:
			add(Load, instr, instr.(ssa.Value), false)
			continue
		case value.UseStore:
			add(Store, instr, instr.(*ssa.Store).Val, false)
			continue
		case value.UseDebug:
			continue
		}
		switch instr := instr.(type) {
		case *ssa.IndexAddr:
			if !f.Container {
				add(Addr, instr, nil, false)
				continue
			}
			// An element of an array field, through its address.
			erefs := instr.Referrers()
			if erefs == nil {
				continue
			}
			for _, e := range *erefs {
				switch value.AddrUse(instr, e) {
				case value.UseLoad:
					add(Load, e, e.(ssa.Value), true)
				case value.UseStore:
					add(Store, e, e.(*ssa.Store).Val, true)
				case value.UseDebug:
				default:
					add(Addr, e, nil, true)
				}
			}
		default:
			add(Addr, instr, nil, false)
		}
	}
}

// elements returns the elements read out of a loaded container value:
// s[i], m[k], and the values of a range over a map.
func elements(v ssa.Value) []ssa.Value {
	var out []ssa.Value
	refs := v.Referrers()
	if refs == nil {
		return nil
	}
	for _, instr := range *refs {
		switch instr := instr.(type) {
		case *ssa.IndexAddr:
			if erefs := instr.Referrers(); erefs != nil {
				for _, e := range *erefs {
					if u, ok := e.(*ssa.UnOp); ok && u.Op == token.MUL {
						out = append(out, u)
					}
				}
			}
		case *ssa.Index:
			out = append(out, instr)
		case *ssa.Lookup:
			if !instr.CommaOk {
				out = append(out, instr)
			} else if ex := value.Extract(instr, 0); ex != nil {
				out = append(out, ex)
			}
		case *ssa.Range:
			if rrefs := instr.Referrers(); rrefs != nil {
				for _, r := range *rrefs {
					if next, ok := r.(*ssa.Next); ok {
						if ex := value.Extract(next, 2); ex != nil {
							out = append(out, ex)
						}
					}
				}
			}
		}
	}
	return out
}

// String describes an access for tests and debugging.
func (a *Access) String() string {
	k := map[AccessKind]string{Load: "load", Store: "store", Addr: "addr"}[a.Kind]
	return fmt.Sprintf("%s %s.%s in %s", k, a.Type.Obj.Name(), a.Field.Name, a.Fn.Name())
}

// Method returns the method of the access's type whose receiver the
// access starts from, in the method itself or in a function literal of it
// that captured the receiver, or nil (a constructor, a function of
// another type, a literal that captured some other value of the type).
func (a *Access) Method() *ssa.Function {
	fn, root := a.Fn, a.Root
	for fn.Parent() != nil {
		if a.RootKind != RootFree && fn == a.Fn {
			return nil // a literal's own parameter or local
		}
		b := binding(fn, root)
		if b == nil {
			return nil
		}
		fn = fn.Parent()
		root, _ = rootOf(b)
		if p, ok := root.(*ssa.Parameter); ok && p.Parent() == fn {
			break
		}
	}
	recv := fn.Signature.Recv()
	if recv == nil || len(fn.Params) == 0 || root != fn.Params[0] {
		return nil
	}
	if n := value.Named(recv.Type()); n == nil || n.Origin().Obj() != a.Type.Obj {
		return nil
	}
	return fn
}

// binding returns what the parent of literal fn bound to the free
// variable that root is, or (for a captured variable, which lives in a
// cell) the one value the parent stored in that variable; nil if neither.
func binding(fn *ssa.Function, root ssa.Value) ssa.Value {
	o := value.OriginOf(root, 0)
	fv, ok := o.Root.(*ssa.FreeVar)
	if o.Kind != value.Free || !ok || fv.Parent() != fn {
		return nil
	}
	bs := value.Bindings(fv)
	if len(bs) == 0 {
		return nil
	}
	// The first MakeClosure of the literal, as its syntax makes one.
	v := bs[0]
	if !o.Loaded {
		return v
	}
	switch cell := v.(type) {
	case *ssa.Alloc:
		return value.StoredOnly(cell)
	case *ssa.FreeVar:
		return v // captured again from further out: resolved by the caller's next step
	}
	return nil
}

// MethodsTouching returns the methods of f's owner type that access field
// f, in themselves or in a function literal that captured the receiver
// (Access.Method), each once, in access order. A method that reaches the
// field only through a call of another method is not listed: its callee
// is.
func (r *Result) MethodsTouching(f *Field) []*ssa.Function {
	var out []*ssa.Function
	seen := map[*ssa.Function]bool{}
	for _, a := range r.AccessesOf(f) {
		if m := a.Method(); m != nil && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// bufferType returns the buffer-field type of tn: its direct fields of
// a byte-buffer type, or nil when it has none (or is generic).
func bufferType(tn *types.TypeName) *Type {
	n, ok := tn.Type().(*types.Named)
	if !ok || n.TypeParams().Len() > 0 {
		return nil
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	var fields []*Field
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		if v.Embedded() {
			continue
		}
		if shape := bufShape(v.Type()); shape != 0 {
			fields = append(fields, &Field{Path: []int{i}, Name: v.Name(), Kind: Buffer, Exported: v.Exported(),
				Local: true, Var: v, Buf: shape})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &Type{Obj: tn, Fields: fields}
}

// bufShape classifies a byte-buffer field type, or returns 0.
func bufShape(t types.Type) BufShape {
	isByte := func(t types.Type) bool {
		b, ok := t.Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	switch u := types.Unalias(t).(type) {
	case *types.Slice:
		if isByte(u.Elem()) {
			return ByteSlice
		}
	case *types.Array:
		if isByte(u.Elem()) {
			return ByteArray
		}
	case *types.Pointer:
		if isBytesBuffer(u.Elem()) {
			return BytesBufferPtr
		}
	case *types.Named:
		if isBytesBuffer(u) {
			return BytesBuffer
		}
	}
	return 0
}

func isBytesBuffer(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "bytes" && n.Obj().Name() == "Buffer"
}

// bufferField returns the buffer field fi of the struct behind x, when x
// is (a pointer to) a buffer-field type of this package.
func (b *builder) bufferField(x ssa.Value, fi int) (*Type, *Field) {
	n := value.Named(x.Type())
	if n == nil {
		return nil, nil
	}
	t := b.res.bufObj[n.Origin().Obj()]
	if t == nil {
		return nil, nil
	}
	return t, t.field([]int{fi})
}

// valueReceiver returns, for a method with a value receiver that the
// method keeps in a local (SSA spills it when a field's address is taken),
// the receiver parameter instead of that local, so that Access.Method
// finds the method: the copy shares the bytes of a []byte or
// *bytes.Buffer field with the caller's value. Not for array and
// bytes.Buffer fields, which the copy holds by value.
func valueReceiver(x ssa.Value, f *Field) ssa.Value {
	if f.Buf != ByteSlice && f.Buf != BytesBufferPtr {
		return x
	}
	cell, ok := x.(*ssa.Alloc)
	if !ok {
		return x
	}
	if p, ok := value.StoredOnly(cell).(*ssa.Parameter); ok {
		return p
	}
	return x
}

// Release drops what r holds (its types and accesses point into the
// package's SSA) once no analysis of its package will read it again (see
// zmqssa.Result.Release). r must not be used afterwards.
func (r *Result) Release() {
	if r == nil {
		return
	}
	r.Types, r.Accesses, r.BufferTypes, r.BufferAccesses = nil, nil, nil, nil
	r.byObj, r.byStore, r.bufObj = nil, nil, nil
}
