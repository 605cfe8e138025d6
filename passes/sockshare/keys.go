package sockshare

import (
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// A key names a storage location or value by how the function reaches
// it, so that two loads of the same variable or field compare equal:
//
//	root              the SSA value itself (a socket returned by a call, a parameter)
//	*root             the variable root points to (a captured variable's cell, a global)
//	root.f1.f2        field f2 of field f1 of the struct root points to
//	*root.f1          the same through a variable
//
// Keys are only compared within one function; a callee's keys are
// translated into its caller's through the call's arguments and the
// closure's bindings (translate).
type key struct {
	root   ssa.Value
	deref  bool
	fields string // ".3.1": field indexes, outermost first
}

func (k key) valid() bool { return k.root != nil }

// withField returns k extended by field index i.
func (k key) withField(i int) key {
	k.fields += "." + strconv.Itoa(i)
	return k
}

// hasPrefix reports whether k is p or a field path below p.
func (k key) hasPrefix(p key) bool {
	if k.root != p.root || k.deref != p.deref {
		return false
	}
	return k.fields == p.fields || strings.HasPrefix(k.fields, p.fields+".")
}

// keyOf returns the key of the value v: a socket, a channel, or a pointer
// (to a mutex, a WaitGroup, a poller, a struct), known by its pointee.
func keyOf(v ssa.Value) key {
	// One object through conversions: value.Ref.
	v = value.Peel(v, value.Ref)
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return addrKey(x.X)
		}
	case *ssa.Alloc, *ssa.Global, *ssa.FieldAddr:
		// The address of a variable or field: a pointer is known by what
		// it points to, so &mu and a parameter bound to &mu agree.
		return addrKey(v)
	}
	return key{root: v}
}

// addrKey returns the key of the location that the pointer a points to.
func addrKey(a ssa.Value) key {
	switch x := a.(type) {
	case *ssa.FieldAddr:
		base := keyOf(x.X)
		if !base.valid() {
			return key{}
		}
		return base.withField(x.Field)
	case *ssa.IndexAddr, *ssa.Const:
		return key{} // elements of slices and arrays are not tracked
	}
	return key{root: a, deref: true}
}

// fieldIndexes decodes k.fields.
func (k key) fieldIndexes() []int {
	if k.fields == "" {
		return nil
	}
	var out []int
	for _, s := range strings.Split(k.fields[1:], ".") {
		i, err := strconv.Atoi(s)
		if err != nil {
			return nil
		}
		out = append(out, i)
	}
	return out
}

// name renders k as source-like text ("s", "srv.sock"), or "" when the
// root has no name.
func (k key) name() string {
	var base string
	var t types.Type
	switch r := k.root.(type) {
	case *ssa.Alloc:
		if r.Comment == "complit" || r.Comment == "" {
			return "" // a composite literal, not a variable
		}
		base, t = r.Comment, r.Type()
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		base, t = r.Name(), r.Type()
	default:
		return ""
	}
	if base == "" {
		return ""
	}
	if p, ok := t.Underlying().(*types.Pointer); ok && k.deref {
		t = p.Elem()
	}
	for _, i := range k.fieldIndexes() {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok || i >= st.NumFields() {
			return ""
		}
		f := st.Field(i)
		if !f.Embedded() {
			base += "." + f.Name()
		}
		t = f.Type()
	}
	return base
}

// relKey is a key relative to a function's entry: rooted at one of its
// parameters, one of its free variables or a global. It is what a caller
// can translate.
type relKey struct {
	kind   relKind
	index  int         // parameter or free variable index
	global *ssa.Global // for relGlobal
	deref  bool
	fields string
}

type relKind uint8

const (
	relParam relKind = iota + 1
	relFree
	relGlobal
)

// relative turns a key of fn into a relKey, if its root is visible to
// fn's callers.
func relative(fn *ssa.Function, k key) (relKey, bool) {
	r := relKey{deref: k.deref, fields: k.fields}
	switch root := k.root.(type) {
	case *ssa.Parameter:
		if i := value.ParamIndex(root); i >= 0 && root.Parent() == fn {
			r.kind, r.index = relParam, i
			return r, true
		}
	case *ssa.FreeVar:
		if i := value.FreeIndex(root); i >= 0 && root.Parent() == fn {
			r.kind, r.index = relFree, i
			return r, true
		}
	case *ssa.Global:
		r.kind, r.global = relGlobal, root
		return r, true
	}
	return relKey{}, false
}

// operands are what a call binds to the callee's parameters and free
// variables.
type operands struct {
	args     []ssa.Value
	bindings []ssa.Value
}

// translate maps a callee-relative key into the caller's keys.
func (o operands) translate(r relKey) (key, bool) {
	var v ssa.Value
	switch r.kind {
	case relParam:
		if r.index >= len(o.args) {
			return key{}, false
		}
		v = o.args[r.index]
	case relFree:
		if r.index >= len(o.bindings) {
			return key{}, false
		}
		v = o.bindings[r.index]
	case relGlobal:
		return key{root: r.global, deref: r.deref, fields: r.fields}, true
	default:
		return key{}, false
	}
	var k key
	if r.deref {
		k = addrKey(v)
	} else {
		k = keyOf(v)
	}
	if !k.valid() {
		return key{}, false
	}
	k.fields += r.fields
	return k, true
}

// id renders r for set membership (see relEvent.id).
func (r relKey) id(b *strings.Builder) {
	b.WriteByte(byte('0' + r.kind))
	b.WriteString(strconv.Itoa(r.index))
	if r.global != nil {
		b.WriteString(r.global.RelString(nil))
	}
	if r.deref {
		b.WriteByte('*')
	}
	b.WriteString(r.fields)
	b.WriteByte(';')
}

// appendRel appends r to rs unless it is there already.
func appendRel(rs []relKey, r relKey) []relKey {
	for _, x := range rs {
		if x == r {
			return rs
		}
	}
	return append(rs, r)
}
