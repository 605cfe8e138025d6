package misuse

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

//go:embed doc.go
var doc string

// URL is the documentation page of this check; each diagnostic links to
// the section named by its category (passes/registry).
const URL = registry.DocsBase + "misuse.md"

// Analyzer reports binding traps that crash a process, hang its exit or
// corrupt messages.
var Analyzer = &analysis.Analyzer{
	Name:       "misuse",
	Doc:        report.Doc(doc, "misuse"),
	URL:        URL,
	Run:        run,
	ResultType: report.ResultType,
	Flags:      registry.Flags("misuse"),
	Requires:   []*analysis.Analyzer{zmqssa.Analyzer, buffers.Analyzer},
}

// Diagnostic categories; each is an anchor in docs/misuse.md.
const (
	catEmpty     = "empty-message"
	catAuth      = "auth-not-stopped"
	catReuse     = "frame-reuse-leak"
	catIDFrame   = "shared-id-frame"
	catClosePoll = "closed-while-polled"
)

type checker struct {
	pass *analysis.Pass
	res  *zmqssa.Result
	buf  *buffers.Result
	diag []analysis.Diagnostic
	// fields maps an unexported struct field of this package that holds
	// a socket to the one socket type every assignment in the package
	// gives it (computed on first use).
	fields map[*types.Var]fieldSocket
}

// fieldSocket is what the package stores in a socket field: one
// constructor's binding and type, or nothing certain (typ "").
type fieldSocket struct {
	binding zmqapi.Binding
	typ     string
	pos     token.Pos
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return &registry.Result{}, nil // this package cannot touch ZeroMQ
	}
	c := &checker{pass: pass, res: res, buf: pass.ResultOf[buffers.Analyzer].(*buffers.Result)}
	c.buf.Use(func() {
		for _, fn := range res.SrcFuncs {
			c.checkFunc(fn)
		}
	})
	return report.Flush(pass, c.diag), nil
}

// report is the single funnel of every diagnostic.
func (c *checker) report(d analysis.Diagnostic) {
	c.diag = append(c.diag, d)
}

func (c *checker) checkFunc(fn *ssa.Function) {
	if fn.Blocks == nil {
		return
	}
	var calls []zmqssa.Call
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				calls = append(calls, c.res.Resolve(ci))
			}
		}
	}
	c.checkEmpty(fn, calls)
	c.checkAuth(fn, calls)
	c.checkReuse(calls)
	c.checkIDFrame(fn, calls)
	c.checkPoll(fn, calls)
}

// socketType returns the binding and the fixed socket type of the socket
// v refers to, when every value it may hold comes from a constructor with
// that type in this function (or, for a closure, in the function that
// created it): through conversions, phis, local variables and captured
// variables. It returns "" when any origin is unknown (a parameter, a
// field, a call of a helper).
func (c *checker) socketType(v ssa.Value) (zmqapi.Binding, string, token.Pos) {
	t := typeWalk{c: c, seen: map[ssa.Value]bool{}}
	typ, pos := t.of(v)
	return t.binding, typ, pos
}

type typeWalk struct {
	c       *checker
	seen    map[ssa.Value]bool
	binding zmqapi.Binding
	// noFields: do not follow struct fields (while computing c.fields).
	noFields bool
}

func (t *typeWalk) of(v ssa.Value) (string, token.Pos) {
	v = value.Peel(v, value.Ref)
	if t.seen[v] {
		return "", token.NoPos
	}
	t.seen[v] = true
	switch x := v.(type) {
	case *ssa.Call:
		r := t.c.res.Resolve(x)
		if r.Entry == nil || r.Entry.Role != zmqapi.NewSocket || r.Entry.SocketType == "" {
			return "", token.NoPos
		}
		if t.binding != 0 && t.binding != r.Entry.Binding {
			return "", token.NoPos
		}
		t.binding = r.Entry.Binding
		return r.Entry.SocketType, x.Pos()
	case *ssa.Phi:
		typ, pos := "", token.NoPos
		for _, e := range x.Edges {
			if flow.IsNilConst(e) {
				continue // a nil socket: Send panics on it anyway
			}
			et, ep := t.of(e)
			if et == "" || (typ != "" && et != typ) {
				return "", token.NoPos
			}
			if typ == "" {
				typ, pos = et, ep
			}
		}
		return typ, pos
	case *ssa.UnOp:
		if x.Op != token.MUL {
			break
		}
		if fa, ok := x.X.(*ssa.FieldAddr); ok {
			return t.field(fieldVar(fa.X.Type(), fa.Field, true))
		}
		return t.variable(x.X)
	case *ssa.Field:
		return t.field(fieldVar(x.X.Type(), x.Field, false))
	case *ssa.FreeVar:
		// A captured value that is never re-assigned is bound as is.
		if b := boundCell(x); b != nil {
			return t.of(b)
		}
	}
	return "", token.NoPos
}

// field returns the socket type the package gives struct field v in
// every assignment (zero for an exported field, which other packages may
// set).
func (t *typeWalk) field(v *types.Var) (string, token.Pos) {
	if t.noFields || v == nil || v.Exported() || v.Pkg() != t.c.pass.Pkg {
		return "", token.NoPos
	}
	fs := t.c.fieldSockets()[v]
	if fs.typ == "" || (t.binding != 0 && t.binding != fs.binding) {
		return "", token.NoPos
	}
	t.binding = fs.binding
	return fs.typ, fs.pos
}

// fieldSockets computes c.fields: for each store into a socket-typed,
// unexported field of this package's structs, the constructor's type; a
// field also assigned anything else (a parameter, a helper's result, two
// types) gets typ "".
func (c *checker) fieldSockets() map[*types.Var]fieldSocket {
	if c.fields != nil {
		return c.fields
	}
	c.fields = map[*types.Var]fieldSocket{}
	bad := map[*types.Var]bool{}
	for _, fn := range c.res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				v := fieldVar(fa.X.Type(), fa.Field, true)
				if v == nil || v.Exported() || v.Pkg() != c.pass.Pkg || !c.res.Model.IsSocketType(v.Type()) || bad[v] {
					continue
				}
				if flow.IsNilConst(st.Val) {
					continue
				}
				w := typeWalk{c: c, seen: map[ssa.Value]bool{}, noFields: true}
				typ, pos := w.of(st.Val)
				old, seen := c.fields[v]
				if typ == "" || (seen && (old.typ != typ || old.binding != w.binding)) {
					bad[v] = true
					c.fields[v] = fieldSocket{}
					continue
				}
				if !seen {
					c.fields[v] = fieldSocket{binding: w.binding, typ: typ, pos: pos}
				}
			}
		}
	}
	return c.fields
}

// fieldVar returns field i of the struct that t is (or, with ptr, points
// to).
func fieldVar(t types.Type, i int, ptr bool) *types.Var {
	if ptr {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return nil
		}
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// variable returns the socket type of every value stored in the local or
// captured variable at addr.
func (t *typeWalk) variable(addr ssa.Value) (string, token.Pos) {
	if fv, ok := addr.(*ssa.FreeVar); ok {
		cell := boundCell(fv)
		if cell == nil {
			return "", token.NoPos
		}
		addr = cell
	}
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		return "", token.NoPos
	}
	typ, pos := "", token.NoPos
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc {
				return "", token.NoPos // the variable's address is stored
			}
			if flow.IsNilConst(r.Val) {
				continue
			}
			st, sp := t.of(r.Val)
			if st == "" || (typ != "" && st != typ) {
				return "", token.NoPos
			}
			if typ == "" {
				typ, pos = st, sp
			}
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			// Captured by a closure: only its loads are followed; a
			// closure that stores into it has a Store in its own body,
			// which we do not see here.
			if storesInto(r, alloc) {
				return "", token.NoPos
			}
		default:
			return "", token.NoPos
		}
	}
	return typ, pos
}

// boundCell returns the variable of the enclosing function that closure
// free variable fv is bound to, when the closure is created once.
func boundCell(fv *ssa.FreeVar) ssa.Value {
	if bs := value.Bindings(fv); len(bs) == 1 {
		return bs[0]
	}
	return nil // created more than once: no one variable
}

// storesInto reports whether closure mc's function stores into the free
// variable bound to alloc.
func storesInto(mc *ssa.MakeClosure, alloc ssa.Value) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return true
	}
	for i, b := range mc.Bindings {
		if b != alloc || i >= len(fn.FreeVars) {
			continue
		}
		for _, r := range *fn.FreeVars[i].Referrers() {
			if s, ok := r.(*ssa.Store); ok && s.Addr == fn.FreeVars[i] {
				return true
			}
			if _, ok := r.(*ssa.MakeClosure); ok {
				return true // passed on to a nested closure: not followed
			}
		}
	}
	return false
}

// callExpr returns the call expression of instr (a call, go or defer).
func (c *checker) callExpr(instr ssa.CallInstruction) *ast.CallExpr {
	pos := instr.Pos()
	if d, ok := instr.(*ssa.Defer); ok {
		pos = d.Call.Pos()
	}
	for _, n := range astx.Path(c.pass, pos) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == instr.Common().Pos() {
			return call
		}
	}
	return nil
}

// importName returns the name file af refers to package pkg by, and
// false when af does not import it (or imports it as _ or .).
func importName(af *ast.File, pkg *types.Package) (string, bool) {
	for _, imp := range af.Imports {
		p := imp.Path.Value
		if len(p) < 2 || p[1:len(p)-1] != pkg.Path() {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name, imp.Name.Name != "_" && imp.Name.Name != "."
		}
		return pkg.Name(), true
	}
	return "", false
}

// line is the line of pos, for messages.
func (c *checker) line(pos token.Pos) int { return astx.Line(c.pass, pos) }
