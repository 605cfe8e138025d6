package lifecycle

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
)

// Sockets accumulated in a local slice or map (issue 12 item 3):
//
//	for _, ep := range eps {
//		s, err := zmq.NewSocket(zmq.PUSH)
//		...
//		socks = append(socks, s)
//	}
//
// A socket whose only escapes are "socks = append(socks, s)" or "m[k] = s"
// into a container the function made itself (nil, make, a literal) is
// followed through the container: a return that some path from the
// accumulation reaches without returning the container and without
// reading its elements (a loop that closes them) drops the sockets
// accumulated so far. The container must not escape anywhere: any use of
// it but append, len/cap, an element read, a map store or lookup, a
// range, a comparison, or a return makes the socket silent (a closure
// capturing it, as a deferred cleanup does, a call given it, a store).

// container is a local slice or map that a socket is accumulated in.
type container struct {
	family map[ssa.Value]bool       // the container's values: phis, appends
	reads  map[ssa.Instruction]bool // element reads (a closing loop)
	accs   []ssa.Instruction        // the stores of the socket into it
	name   string
	obj    types.Object
}

// accumulated returns the container every escape of socket r goes into,
// or nil.
func (c *checker) accumulated(r *resource) *container {
	if r.context {
		return nil
	}
	var k *container
	for instr, e := range r.track.Events {
		if e == flow.DeferClose {
			return nil // "defer s.Close()" in the loop closes each one
		}
		if e != flow.Escape {
			continue
		}
		root, acc := accumulation(instr, r)
		if root == nil {
			return nil
		}
		if k == nil {
			k = &container{family: map[ssa.Value]bool{}, reads: map[ssa.Instruction]bool{}}
			if !k.grow(root) {
				return nil
			}
		} else if !k.family[root] {
			return nil // two containers
		}
		k.accs = append(k.accs, acc)
	}
	if k == nil {
		return nil
	}
	sort.Slice(k.accs, func(i, j int) bool { return k.accs[i].Pos() < k.accs[j].Pos() })
	return k
}

// accumulation returns the container value an escape of r puts it in, and
// the instruction that does: the append whose varargs array the store
// fills, or the map update.
func accumulation(instr ssa.Instruction, r *resource) (ssa.Value, ssa.Instruction) {
	switch instr := instr.(type) {
	case *ssa.MapUpdate:
		if r.track.Values[instr.Value] && !r.track.Values[instr.Key] {
			return instr.Map, instr
		}
	case *ssa.Store:
		ia, ok := instr.Addr.(*ssa.IndexAddr)
		if !ok {
			return nil, nil
		}
		arr, ok := ia.X.(*ssa.Alloc)
		if !ok {
			return nil, nil
		}
		var app *ssa.Call
		for _, ref := range *arr.Referrers() {
			switch ref := ref.(type) {
			case *ssa.IndexAddr:
			case *ssa.Slice:
				for _, u := range *ref.Referrers() {
					ci, ok := u.(*ssa.Call)
					if !ok || !isBuiltin(ci, "append") || len(ci.Call.Args) != 2 || ci.Call.Args[1] != ref || app != nil {
						return nil, nil
					}
					app = ci
				}
			default:
				return nil, nil
			}
		}
		if app != nil {
			return app, app
		}
	}
	return nil, nil
}

func isBuiltin(ci *ssa.Call, name string) bool {
	b, ok := ci.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == name
}

// grow adds v and the values it flows from and to, and reports whether
// the container is local and does not escape.
func (k *container) grow(v ssa.Value) bool {
	work := []ssa.Value{v}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if k.family[v] {
			continue
		}
		k.family[v] = true
		// Where it comes from.
		switch v := v.(type) {
		case *ssa.Phi:
			for _, e := range v.Edges {
				if !isNilConst(e) {
					work = append(work, e)
				}
			}
		case *ssa.Call:
			if !isBuiltin(v, "append") {
				return false
			}
			if a := v.Call.Args[0]; !isNilConst(a) {
				work = append(work, a)
			}
		case *ssa.MakeSlice, *ssa.MakeMap:
		case *ssa.Slice:
			if _, ok := v.X.(*ssa.Alloc); !ok {
				return false // a slice of something else
			}
			if !localArray(v) {
				return false
			}
		default:
			return false // a parameter, a field, a call's result
		}
		// Where it goes.
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Phi:
				work = append(work, ref)
			case *ssa.Call:
				switch {
				case isBuiltin(ref, "append") && ref.Call.Args[0] == v:
					work = append(work, ref)
				case isBuiltin(ref, "len") || isBuiltin(ref, "cap"):
					// A range over a slice starts with its len: the
					// closing loop, or a check, counts as handling it.
					k.reads[ref] = true
				default:
					return false
				}
			case *ssa.IndexAddr:
				for _, u := range *ref.Referrers() {
					if op, ok := u.(*ssa.UnOp); !ok || op.X != ref {
						if _, dbg := u.(*ssa.DebugRef); !dbg {
							return false // a store into an element
						}
					}
				}
				k.reads[ref] = true
			case *ssa.Lookup, *ssa.Range:
				k.reads[ref] = true
			case *ssa.MapUpdate:
				if ref.Map != v {
					return false
				}
			case *ssa.Return, *ssa.DebugRef, *ssa.BinOp, *ssa.If:
			default:
				return false
			}
		}
	}
	return true
}

// localArray reports whether slice v is of an array the function
// allocated for a composite literal only ([]*Socket{} and the like).
func localArray(v *ssa.Slice) bool {
	arr := v.X.(*ssa.Alloc)
	for _, ref := range *arr.Referrers() {
		switch ref.(type) {
		case *ssa.Slice, *ssa.IndexAddr, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// drops returns the returns that some path from an accumulation reaches
// without returning the container or reading its elements.
func (c *checker) drops(k *container) []ssa.Instruction {
	seen := map[ssa.Instruction]bool{}
	var out []ssa.Instruction
	for _, acc := range k.accs {
		flow.Walk(acc, func(instr ssa.Instruction) flow.Verdict {
			if k.reads[instr] || isNoReturnCall(c.res, instr) {
				return flow.Stop
			}
			ret, ok := instr.(*ssa.Return)
			if !ok {
				return flow.Continue
			}
			for _, v := range ret.Results {
				if k.family[v] {
					return flow.Stop
				}
			}
			if !seen[ret] {
				seen[ret] = true
				out = append(out, ret)
			}
			return flow.Stop
		}, nil)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// containerName finds the source name of the container at accumulation
// acc: "socks = append(socks, s)" or "m[k] = s".
func (c *checker) containerName(acc ssa.Instruction) (string, types.Object) {
	st, ok := astx.EnclosingStmt(c.pass, acc.Pos())
	if !ok {
		return "", nil
	}
	as, ok := st.Stmt.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return "", nil
	}
	var id *ast.Ident
	switch lhs := as.Lhs[0].(type) {
	case *ast.Ident:
		call, ok := as.Rhs[0].(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return "", nil
		}
		if a, ok := call.Args[0].(*ast.Ident); ok && a.Name == lhs.Name {
			id = lhs
		}
	case *ast.IndexExpr:
		id, _ = lhs.X.(*ast.Ident)
	}
	if id == nil {
		return "", nil
	}
	return id.Name, c.pass.TypesInfo.ObjectOf(id)
}

// checkAccumulated reports sockets of fn accumulated in a local container
// that a later return drops.
func (c *checker) checkAccumulated(rs []*resource) {
	for _, r := range rs {
		if isMain(r.fn) || r.loop || len(r.leaks) > 0 {
			continue
		}
		k := c.accumulated(r)
		if k == nil {
			continue
		}
		drops := c.drops(k)
		if len(drops) == 0 {
			continue
		}
		k.name, k.obj = c.containerName(k.accs[0])
		if k.name == "" || k.obj == nil {
			continue
		}
		c.reportAccumulated(r, k, drops)
	}
}

func (c *checker) reportAccumulated(r *resource, k *container, drops []ssa.Instruction) {
	name, _ := c.name(r)
	if name == "" {
		name = "the socket"
	}
	d := analysis.Diagnostic{
		Pos:      r.create.Pos(),
		Category: catLeakedSocket,
		Message: fmt.Sprintf("socket %s is kept in %s, which the return on line %d drops: the sockets accumulated so far leak (call %s on each)",
			name, k.name, c.line(c.returnPos(r, drops[0])), closeMethod(r)),
	}
	for _, ret := range drops {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: c.returnPos(r, ret), Message: k.name + " is dropped here"})
	}
	if fix, ok := c.accumulatedFix(r, k, drops); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(report.NoFix(d, "accumulated-dropped"))
}

// accumulatedFix closes the container's sockets before each dropping
// return: "for _, s := range socks { s.Close() }".
func (c *checker) accumulatedFix(r *resource, k *container, drops []ssa.Instruction) (analysis.SuggestedFix, bool) {
	var edits []analysis.TextEdit
	for _, ret := range drops {
		if !ret.Pos().IsValid() {
			return analysis.SuggestedFix{}, false
		}
		st, ok := astx.EnclosingStmt(c.pass, ret.Pos())
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		rst, ok := st.Stmt.(*ast.ReturnStmt)
		if !ok || c.mentions(rst, k.name, k.obj) || !astx.InScope(c.pass.Pkg, rst.Pos(), k.name, k.obj) {
			return analysis.SuggestedFix{}, false
		}
		elem := "s"
		if elem == k.name {
			elem = "sock"
		}
		text := fmt.Sprintf("for _, %s := range %s {\n\t%s.%s()\n}", elem, k.name, elem, closeMethod(r))
		edits = append(edits, edit.InsertBefore(c.pass, rst, text))
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Close the sockets in %s before each return that drops it", k.name),
		TextEdits: edits,
	}, true
}
