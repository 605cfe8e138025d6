package lifecycle

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// Term of a context field while the type's own sockets of that context
// are still open (issue 12, shape 4): within one function, a Term of
// t.ctx after which the same function closes t.sock — a direct Close
// after a direct Term, a deferred Close with a direct Term (the Close
// runs when the function returns, after the Term), or a deferred Close
// registered before a deferred Term (defers run last-in first-out).
// zmq_ctx_term blocks until every socket of the context is closed, so
// the Close after it is never reached.
//
// Only a socket field shown to belong to that context is counted: some
// store of it keeps a socket created from the value stored into (or
// loaded from) the context field. A function that closes the socket
// before the Term, or never in it (another method's job), is silent.

// fieldTerm is one Term of a context field in a function.
type fieldTerm struct {
	instr ssa.CallInstruction
	field *owner.Field
}

// checkFieldTerms applies the rule to every function of the package.
func (c *checker) checkFieldTerms(st *ownedState) {
	ofCtx := map[[2]*types.Var]bool{}
	belongs := func(t *owner.Type, s, ctx *owner.Field) bool {
		k := [2]*types.Var{s.Var, ctx.Var}
		v, ok := ofCtx[k]
		if !ok {
			v = c.socketOfContext(st, s, ctx)
			ofCtx[k] = v
		}
		return v
	}
	for _, fn := range c.res.SrcFuncs {
		as := st.byFn[fn]
		if len(as) == 0 {
			continue
		}
		// Group by the struct value the accesses start from.
		type group struct {
			t      *owner.Type
			terms  []fieldTerm
			closes map[*types.Var][]ssa.Instruction
		}
		groups := map[ssa.Value]*group{}
		var roots []ssa.Value
		for _, a := range as {
			if a.Kind != owner.Load || a.Root == nil || a.RootKind == owner.RootAlloc || a.RootKind == owner.RootOther {
				continue // a struct of this function: its resources are followed as locals
			}
			key := groupRoot(a.Root)
			g := groups[key]
			if g == nil {
				g = &group{t: a.Type, closes: map[*types.Var][]ssa.Instruction{}}
				groups[key] = g
				roots = append(roots, key)
			}
			switch a.Field.Kind {
			case owner.Context:
				if a.Field.Container {
					continue
				}
				if refs := a.Value.Referrers(); refs != nil {
					for _, instr := range *refs {
						ci, ok := instr.(ssa.CallInstruction)
						if !ok || instr.Parent() != fn {
							continue
						}
						if _, isGo := ci.(*ssa.Go); isGo {
							continue
						}
						call := c.res.Resolve(ci)
						if call.Role() == zmqapi.Term && call.Entry.TermWaits && call.Recv == a.Value {
							g.terms = append(g.terms, fieldTerm{instr: ci, field: a.Field})
						}
					}
				}
			case owner.Socket:
				vals := []ssa.Value{a.Value}
				if a.Field.Container && !a.Elem {
					vals = a.Elems // "for _, s := range t.socks { s.Close() }"
				}
				for _, v := range vals {
					for instr, ev := range c.track(st, v).Events {
						if (ev == flow.Close || ev == flow.DeferClose) && instr.Parent() == fn {
							g.closes[a.Field.Var] = append(g.closes[a.Field.Var], instr)
						}
					}
				}
			}
		}
		for _, root := range roots {
			g := groups[root]
			if len(g.terms) == 0 {
				continue
			}
			// A call of a method of the type on the same value that
			// closes a socket field on every path counts as its close.
			for _, f := range g.t.Fields {
				if f.Kind == owner.Socket && !f.Container {
					for _, instr := range c.methodCallsClosing(st, fn, root, g.t, f.Var) {
						g.closes[f.Var] = append(g.closes[f.Var], instr)
					}
				}
			}
			sort.Slice(g.terms, func(i, j int) bool { return g.terms[i].instr.Pos() < g.terms[j].instr.Pos() })
			for _, tm := range g.terms {
				var late []lateClose
				for _, f := range g.t.Fields {
					if f.Kind != owner.Socket || !f.Local || !belongs(g.t, f, tm.field) || c.closedInGoroutine(st, f) {
						continue
					}
					if st.stores[f.Var][fn] || st.stores[tm.field.Var][fn] {
						// A function that stores the field (or a new
						// context) may close a new socket after the Term
						// of the old context: not followed.
						continue
					}
					if cl := c.closedAfterTerm(tm.instr, g.closes[f.Var]); cl != nil {
						late = append(late, lateClose{field: f, close: cl})
					}
				}
				if len(late) > 0 {
					c.reportFieldTerm(st, fn, g.t, tm, late)
					break // one report per struct value and function
				}
			}
		}
	}
}

// embeddedBase strips the selections of embedded fields from v: the
// struct value a promoted method's receiver (&o.base) is part of.
func embeddedBase(v ssa.Value) ssa.Value {
	for {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			return v
		}
		st, ok := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
		if !ok || !st.Field(fa.Field).Embedded() {
			return v
		}
		v = fa.X
	}
}

// groupRoot is the variable a struct value is loaded from each time
// (a literal's captured receiver, a package variable), or the value.
func groupRoot(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok {
		switch u.X.(type) {
		case *ssa.FreeVar, *ssa.Global:
			return u.X
		}
	}
	return v
}

// closedInGoroutine reports whether a goroutine the package starts closes
// field f (a receive loop that closes its socket when the Term wakes it
// with ETERM): a Term before the method's own close then returns once
// that goroutine has closed the socket, and the later close is only
// redundant.
func (c *checker) closedInGoroutine(st *ownedState, f *owner.Field) bool {
	targets := c.goStarted()
	for _, a := range st.om.AccessesOf(f) {
		if a.Kind != owner.Load {
			continue
		}
		for instr, ev := range c.track(st, a.Value).Events {
			if ev != flow.Close && ev != flow.DeferClose {
				continue
			}
			for fn := instr.Parent(); fn != nil; fn = fn.Parent() {
				if targets[fn] {
					return true
				}
			}
		}
	}
	return false
}

// lateClose is a close of a socket field that runs after the Term.
type lateClose struct {
	field *owner.Field
	close ssa.Instruction
}

// methodCallsClosing returns the calls (direct or deferred) in fn of a
// method of t on root that closes field f on every path.
func (c *checker) methodCallsClosing(st *ownedState, fn *ssa.Function, root ssa.Value, t *owner.Type, f *types.Var) []ssa.Instruction {
	var out []ssa.Instruction
	for ci := range runCalls(fn) {
		com := ci.Common()
		g := com.StaticCallee()
		if g == nil || g.Signature.Recv() == nil || len(com.Args) == 0 || groupRoot(embeddedBase(com.Args[0])) != root {
			continue
		}
		// A method of t, or of a struct embedded in it (a promoted
		// o.closeSock() is (*base).closeSock(&o.base)): it closes
		// the same field (the same *types.Var) when it closes its own.
		if c.closesFieldAlways(st, g, f) {
			out = append(out, ci)
		}
	}
	return out
}

// closedAfterTerm returns the first of closes that runs after Term term
// on some path, or nil.
func (c *checker) closedAfterTerm(term ssa.CallInstruction, closes []ssa.Instruction) ssa.Instruction {
	sort.Slice(closes, func(i, j int) bool { return closes[i].Pos() < closes[j].Pos() })
	tDef := flow.IsDeferred(term)
	for _, cl := range closes {
		cDef := flow.IsDeferred(cl)
		switch {
		case !tDef && !cDef:
			// The Close follows the Term, and is not the one that
			// precedes it around a loop.
			if c.reachable(term, cl, nil) && !c.reachable(cl, term, nil) {
				return cl
			}
		case !tDef && cDef:
			// A deferred Close runs at the return, after a Term on the
			// same path.
			if c.reachable(term, cl, nil) || c.reachable(cl, term, nil) {
				return cl
			}
		case tDef && cDef:
			// Registered first, run last.
			if c.reachable(cl, term, nil) && !c.reachable(term, cl, nil) {
				return cl
			}
		}
	}
	return nil
}

// socketOfContext reports whether some store of socket field s keeps a
// socket created from the context of field ctx: from a load of ctx, or
// from the context value the same function stores into ctx.
func (c *checker) socketOfContext(st *ownedState, s, ctx *owner.Field) bool {
	ctxVals := map[ssa.Value]bool{}
	for _, a := range st.om.AccessesOf(ctx) {
		if a.Kind == owner.Load || a.Kind == owner.Store {
			ctxVals[a.Value] = true
		}
	}
	for _, a := range st.om.AccessesOf(s) {
		if a.Kind != owner.Store {
			continue
		}
		for _, r := range c.resources(a.Fn) {
			if r.context || r.ctx == nil {
				continue
			}
			// A socket stored into the field, or, for a slice or map
			// field, one that escapes (into the append or the map
			// store) in the function that stores the field.
			if !r.track.Values[a.Value] && !(s.Container && r.track.Escapes() && !storedElsewhere(st, r, s)) {
				continue
			}
			if ctxVals[r.ctx] {
				return true
			}
			for v := range ctxVals {
				if value.SameRef(v, r.ctx) {
					return true
				}
			}
			for _, q := range c.resources(a.Fn) {
				if !q.context || !q.track.Values[r.ctx] {
					continue
				}
				for v := range ctxVals {
					if q.track.Values[v] {
						return true
					}
				}
			}
		}
	}
	return false
}

func (c *checker) reportFieldTerm(st *ownedState, fn *ssa.Function, t *owner.Type, tm fieldTerm, late []lateClose) {
	termText := "Term"
	if s, ok := astx.EnclosingStmt(c.pass, tm.instr.Pos()); ok {
		termText = strings.TrimPrefix(astx.Text(c.pass, s.Stmt), "defer ")
		if strings.Contains(termText, "\n") {
			termText = "Term"
		}
	}
	var names []string
	for _, l := range late {
		names = append(names, l.field.Name)
	}
	first := late[0].close
	subject, it := "socket field "+names[0]+" of "+t.Obj.Name()+" is", "it"
	if len(names) > 1 {
		subject = "socket fields " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " of " + t.Obj.Name() + " are"
		it = "them"
	}
	var how string
	switch {
	case flow.IsDeferred(tm.instr):
		how = fmt.Sprintf("defers the close of %s on line %d before the Term's defer, and defers run last-in first-out", it, c.line(first.Pos()))
	case flow.IsDeferred(first):
		how = fmt.Sprintf("defers the close of %s (line %d), which runs when the function returns, after the Term", it, c.line(first.Pos()))
	default:
		how = fmt.Sprintf("closes %s on line %d, after the Term", it, c.line(first.Pos()))
	}
	fname := fn.Name()
	if p := fn.Parent(); p != nil {
		fname = "a function literal in " + p.Name()
	}
	d := analysis.Diagnostic{
		Pos:      tm.instr.Pos(),
		Category: catTermWhileOpen,
		Message: fmt.Sprintf("%s in %s runs while %s still open: %s %s; Term blocks until every socket of the context is closed (close %s before the Term)",
			termText, fname, subject, fname, how, it),
	}
	for _, l := range late {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: l.close.Pos(), Message: l.field.Name + " is closed here, after the Term"})
	}
	if fix, ok := c.fieldTermFix(st, tm, late); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(report.NoFix(d, "field-term-not-reorderable"))
}

// fieldTermFix reorders the statements: the closes that follow a direct
// Term move up before it (when every statement between is a close or a
// linger setting of a socket), and a deferred Term moves up before the
// first deferred close (when every statement between is a deferred close).
// Once the Close runs before the Term, the Term waits for the messages
// the socket still queues: a socket with that risk (fieldLingerRisk) gets
// its linger bounded in the same edit. No fix when a late close is a
// deferred one and the Term direct (the Term would have to move to the
// return), or the statements are not plain ones of one list.
func (c *checker) fieldTermFix(st *ownedState, tm fieldTerm, late []lateClose) (analysis.SuggestedFix, bool) {
	ts, ok := astx.EnclosingStmt(c.pass, tm.instr.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	tDef := flow.IsDeferred(tm.instr)
	if tDef {
		if _, ok := ts.Stmt.(*ast.DeferStmt); !ok {
			return analysis.SuggestedFix{}, false
		}
	} else if _, ok := ts.Stmt.(*ast.ExprStmt); !ok {
		return analysis.SuggestedFix{}, false // "return c.ctx.Term()", "if err := ...": no plain place to move
	}
	idx := make([]int, 0, len(late))
	for _, l := range late {
		if flow.IsDeferred(l.close) != tDef {
			return analysis.SuggestedFix{}, false
		}
		cs, ok := astx.EnclosingStmt(c.pass, l.close.Pos())
		if !ok || !sameList(cs, ts) {
			return analysis.SuggestedFix{}, false
		}
		idx = append(idx, cs.Index)
	}
	sort.Ints(idx)
	file := edit.FileOf(c.pass, ts.Stmt.Pos())
	af := astx.File(c.pass, ts.Stmt.Pos())
	if file == nil || af == nil {
		return analysis.SuggestedFix{}, false
	}
	var lo, hi int // the statements [lo, hi] that lie between, inclusive of the moved ones
	if tDef {
		lo, hi = idx[0], ts.Index-1
		if idx[0] > ts.Index {
			return analysis.SuggestedFix{}, false
		}
	} else {
		lo, hi = ts.Index+1, idx[len(idx)-1]
		if idx[0] < ts.Index {
			return analysis.SuggestedFix{}, false
		}
	}
	for i := lo; i <= hi; i++ {
		if !c.closeOrLingerStmt(ts.List[i], tDef) {
			return analysis.SuggestedFix{}, false
		}
	}
	// Bound the linger of each moved socket that sends with the default
	// infinite one.
	var linger []string
	var imports []analysis.TextEdit
	for _, l := range late {
		ref := fieldRefAt(c.pass, ts.Stmt, tm.field, l.field)
		if ref == "" {
			return analysis.SuggestedFix{}, false
		}
		if !c.fieldLingerRisk(l.field, c.fieldCreations(st, l.field)) {
			continue
		}
		timeName, ims, ok := edit.Import(c.pass, af, "time", ts.Stmt.Pos())
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		imports = ims
		linger = append(linger, fmt.Sprintf("%s.SetLinger(%s.Second)", ref, timeName))
	}
	var edits []analysis.TextEdit
	if tDef {
		edits, ok = file.Move([][2]ast.Node{{ts.Stmt, ts.Stmt}}, ts.List[lo])
	} else {
		edits, ok = file.Move([][2]ast.Node{{ts.List[lo], ts.List[hi]}}, ts.Stmt)
	}
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	if len(linger) > 0 {
		// Prepend the linger settings to the moved text (it lands before
		// the Term for a direct one, before the deferred closes run for a
		// deferred one).
		ins := &edits[len(edits)-1]
		var buf bytes.Buffer
		indent := file.Indent(ts.Stmt.Pos())
		for _, l := range linger {
			buf.WriteString(indent + l + file.EOL())
		}
		buf.Write(ins.NewText)
		ins.NewText = buf.Bytes()
	}
	msg := "Close the sockets before the Term"
	if tDef {
		msg = "Defer the Term before the deferred closes, so that it runs after them"
	}
	return analysis.SuggestedFix{Message: msg, TextEdits: append(edits, imports...)}, true
}

// closeOrLingerStmt reports whether st is a (deferred, when deferred is
// set) call that closes or sets the linger of a socket: what may lie
// between the Term and the closes a fix moves across it.
func (c *checker) closeOrLingerStmt(st ast.Stmt, deferred bool) bool {
	var call *ast.CallExpr
	switch s := st.(type) {
	case *ast.ExprStmt:
		if deferred {
			return false
		}
		call, _ = s.X.(*ast.CallExpr)
	case *ast.DeferStmt:
		if !deferred {
			return false
		}
		call = s.Call
	}
	if call == nil {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	tv, ok := c.pass.TypesInfo.Types[sel.X]
	if !ok || !c.res.Model.IsSocketType(tv.Type) {
		return false
	}
	switch sel.Sel.Name {
	case "Close", "Destroy", "SetLinger":
		return true
	}
	return false
}

// fieldRefAt names field f of the struct value whose context field ctx
// Term statement st terminates, as st does: "c.sock" for "c.ctx.Term()";
// "" when st is not such a call.
func fieldRefAt(pass *analysis.Pass, st ast.Stmt, ctx, f *owner.Field) string {
	var call *ast.CallExpr
	switch s := st.(type) {
	case *ast.ExprStmt:
		call, _ = s.X.(*ast.CallExpr)
	case *ast.DeferStmt:
		call = s.Call
	}
	if call == nil {
		return ""
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	field, ok := sel.X.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	// c.ctx, or c.base.ctx spelled out: the struct value is what comes
	// before the context field's own name.
	recv := field.X
	path := strings.Split(ctx.Name, ".")
	for i := len(path) - 2; i >= 0; i-- {
		inner, ok := recv.(*ast.SelectorExpr)
		if !ok || inner.Sel.Name != path[i] {
			break
		}
		recv = inner.X
	}
	txt := astx.Text(pass, recv)
	if txt == "" || strings.ContainsAny(txt, "\n()") {
		return ""
	}
	return txt + "." + f.Name
}

// fieldCreations returns the sockets created in the package and stored
// into field f.
func (c *checker) fieldCreations(st *ownedState, f *owner.Field) []*resource {
	var out []*resource
	for _, a := range st.om.AccessesOf(f) {
		if a.Kind != owner.Store {
			continue
		}
		for _, r := range c.resources(a.Fn) {
			if r.track.Values[a.Value] && !r.context {
				out = append(out, r)
			}
		}
	}
	return out
}

// storedElsewhere reports whether socket r is stored into a resource
// field other than f.
func storedElsewhere(st *ownedState, r *resource, f *owner.Field) bool {
	for instr, e := range r.track.Events {
		if e != flow.Escape {
			continue
		}
		if a := st.om.StoreAt(instr); a != nil && a.Field.Var != f.Var {
			return true
		}
	}
	return false
}
