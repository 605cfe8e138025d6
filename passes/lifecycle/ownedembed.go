package lifecycle

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// CloserFact is an object fact on an owner type (a struct type with
// socket or context fields, see passes/internal/owner): the methods that
// release its resource fields through their receiver. A type that embeds
// it by value owns those resources too, and its own close method must call
// one of them.
type CloserFact struct {
	Methods []string
}

func (*CloserFact) AFact() {}

func (f *CloserFact) String() string { return "zmqCloser(" + strings.Join(f.Methods, ", ") + ")" }

// closerNames returns the names of the methods that release all that the
// type's methods release (the union of the fields any of them closes):
// Close, not a Reconnect that closes one field.
func closerNames(closers map[*ssa.Function][]fieldClose) []string {
	all := map[*types.Var]bool{}
	for _, cls := range closers {
		for _, cl := range cls {
			all[cl.access.Field.Var] = true
		}
	}
	var names []string
	for m, cls := range closers {
		mine := map[*types.Var]bool{}
		for _, cl := range cls {
			mine[cl.access.Field.Var] = true
		}
		if len(mine) == len(all) {
			names = append(names, m.Name())
		}
	}
	sort.Strings(names)
	return names
}

// releasers returns the names of t's methods that release everything:
// closerNames, and the methods that call one of those on their receiver
// (a Close that delegates to closeAll), to a fixed point.
func (c *checker) releasers(t *owner.Type, closers map[*ssa.Function][]fieldClose) []string {
	names := closerNames(closers)
	if len(names) == 0 {
		return nil
	}
	is := map[string]bool{}
	for _, n := range names {
		is[n] = true
	}
	for changed := true; changed; {
		changed = false
		for _, fn := range c.res.SrcFuncs {
			recv := fn.Signature.Recv()
			if recv == nil || fn.Parent() != nil || len(fn.Params) == 0 || is[fn.Name()] {
				continue
			}
			if n := value.Named(recv.Type()); n == nil || n.Obj() != t.Obj {
				continue
			}
			if callsOnReceiver(fn, is) {
				is[fn.Name()] = true
				names = append(names, fn.Name())
				changed = true
			}
		}
	}
	sort.Strings(names)
	return names
}

// callsOnReceiver reports whether fn calls a method named in is on its
// receiver.
func callsOnReceiver(fn *ssa.Function, is map[string]bool) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			g := ci.Common().StaticCallee()
			args := ci.Common().Args
			if g != nil && g.Signature.Recv() != nil && len(args) > 0 && args[0] == fn.Params[0] && is[g.Name()] {
				return true
			}
		}
	}
	return false
}

// exportCloserFact records t's close methods for other packages.
func (c *checker) exportCloserFact(t *owner.Type, closers map[*ssa.Function][]fieldClose) {
	if t.Obj.Pkg() != c.pass.Pkg || !t.Obj.Exported() {
		return // only an exported type can be embedded in another package
	}
	if names := c.releasers(t, closers); len(names) > 0 {
		c.pass.ExportObjectFact(t.Obj, &CloserFact{Methods: names})
	}
}

// checkEmbeddedOwners reports a close method of t that never releases a
// struct t embeds by value and that owns sockets of its own (an owner type
// of this package, or of another one known through its zmqCloser fact):
// no function of the package calls the embedded type's close methods, so
// its sockets stay open when t is closed.
func (c *checker) checkEmbeddedOwners(st *ownedState, t *owner.Type, closers map[*owner.Type]map[*ssa.Function][]fieldClose) {
	mine := closers[t]
	if len(mine) == 0 {
		return
	}
	str, ok := t.Obj.Type().Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := 0; i < str.NumFields(); i++ {
		v := str.Field(i)
		if !v.Embedded() {
			continue
		}
		n, ok := types.Unalias(v.Type()).(*types.Named)
		if !ok {
			continue // a pointer may be shared: not ours to close
		}
		names := c.embeddedClosers(st, n.Obj(), closers)
		if len(names) == 0 || c.callsAny(n, names, t.Obj) || promotesAny(t.Obj, names) {
			continue
		}
		m, _ := pickAny(mine)
		ref := "x"
		if r := fieldRef(m, &owner.Field{Name: v.Name()}); r != "" {
			ref = r
		}
		// No fix: the embedded type's close method may not be safe to
		// call on a value whose resources were never opened (its guards
		// are in another package's code), so where to call it is the
		// user's choice.
		c.report(report.NoFix(analysis.Diagnostic{
			Pos:      m.Pos(),
			Category: catLeakedSocket,
			Message: fmt.Sprintf("%s embeds %s, which owns sockets released by its %s, but no method of %s calls it: %s (line %d) closes %s's own fields and leaves the embedded ones open (call %s.%s())",
				t.Obj.Name(), qualified(c.pass.Pkg, n.Obj()), strings.Join(names, " or "), t.Obj.Name(), m.Name(), c.line(m.Pos()), t.Obj.Name(), ref, names[0]),
		}, "embedded-close-not-called"))
	}
}

// promotesAny reports whether one of the embedded type's releasing
// methods is promoted into the outer type's method set (the outer type
// does not declare a method of that name): its users may call it
// (svc.Close() releasing the embedded part, svc.Stop() the rest).
func promotesAny(outer *types.TypeName, names []string) bool {
	for _, name := range names {
		obj, index, _ := types.LookupFieldOrMethod(types.NewPointer(outer.Type()), false, outer.Pkg(), name)
		if _, ok := obj.(*types.Func); ok && len(index) > 1 {
			return true
		}
	}
	return false
}

// embeddedClosers returns the close methods of owner type tn.
func (c *checker) embeddedClosers(st *ownedState, tn *types.TypeName, closers map[*owner.Type]map[*ssa.Function][]fieldClose) []string {
	if tn.Pkg() == c.pass.Pkg {
		if t := st.om.Of(tn); t != nil {
			return c.releasers(t, closers[t])
		}
		return nil
	}
	var f CloserFact
	if tn.Pkg() == nil || !c.pass.ImportObjectFact(tn, &f) {
		return nil
	}
	return f.Methods
}

// callsAny reports whether the package calls (or takes as a value) one of
// n's methods named in names, on a value that may be outer's embedded n:
// a call on the embedded field of another type (g.Conn.Close() with g a
// *Gateway) releases that type's part, not outer's, and does not count.
func (c *checker) callsAny(n *types.Named, names []string, outer *types.TypeName) bool {
	want := map[*types.Func]bool{}
	for _, name := range names {
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), false, n.Obj().Pkg(), name)
		if fn, ok := obj.(*types.Func); ok {
			want[fn.Origin()] = true
		}
	}
	for _, fn := range c.res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, op := range instr.Operands(nil) {
					g, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if obj, ok := g.Object().(*types.Func); ok && want[obj.Origin()] {
						if ci, isCall := instr.(ssa.CallInstruction); isCall && ci.Common().Value == g && embeddedOfOther(ci.Common().Args, outer) {
							continue
						}
						return true
					}
				}
				if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().IsInvoke() && want[ci.Common().Method] {
					return true
				}
			}
		}
	}
	return false
}

// pickAny returns the first of the close methods in source order.
func pickAny(closers map[*ssa.Function][]fieldClose) (*ssa.Function, []fieldClose) {
	var best *ssa.Function
	for m := range closers {
		if best == nil || m.Pos() < best.Pos() {
			best = m
		}
	}
	return best, closers[best]
}

func qualified(from *types.Package, tn *types.TypeName) string {
	if tn.Pkg() == nil || tn.Pkg() == from {
		return tn.Name()
	}
	return tn.Pkg().Name() + "." + tn.Name()
}

// embeddedOfOther reports whether a method call's receiver (args[0]) is
// the address of an embedded field of a struct whose type is not outer.
func embeddedOfOther(args []ssa.Value, outer *types.TypeName) bool {
	if len(args) == 0 {
		return false
	}
	fa, ok := args[0].(*ssa.FieldAddr)
	if !ok {
		return false
	}
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	if !ok {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() || !st.Field(fa.Field).Embedded() {
		return false
	}
	return n.Origin().Obj() != outer
}
