package lifecycle

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"

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

// Resources owned by a struct type (issue 12): a socket or context kept in
// a field and released, or not, by the type's close method. The model of
// which types own what and where their fields are read and written is
// owner's (passes/internal/owner); the judgement of whether a read of a
// field is closed, and on which paths, is this check's: it rests on the
// classifier and zmqParams facts every other lifecycle rule uses.

// fieldUse is what the package does with one resource field (by its
// *types.Var, so that a field reached through an embedding type is the
// same field).
type fieldUse struct {
	// closes are the closes of a read of the field, by code that
	// does not own a fresh struct (a constructor's cleanup of the
	// struct it allocated does not count: the struct it returns on
	// success still needs the close method).
	closes []fieldClose
	// unknown: a read of the field escapes (a getter returns it, it is
	// passed to unknown code, its address is taken): someone else may
	// close it.
	unknown bool
}

// ownedState is the per-package state of the type-level rules: the model,
// and memos so that each field read is tracked once and each question
// about a function is answered once.
type ownedState struct {
	om     *owner.Result
	byFn   map[*ssa.Function][]*owner.Access
	tracks map[ssa.Value]*flow.Resource
	// stores: the functions (with their enclosing functions) that store
	// a field or use its address.
	stores map[*types.Var]map[*ssa.Function]bool
	// reopens: fields stored somewhere on a struct the storing function
	// did not allocate (or whose address is taken).
	reopens map[*types.Var]bool
	always  map[fieldKey]bool
	// mayStore: whether a call of a function may store a field.
	mayStore map[fieldKey]bool
}

// reopenable reports whether some function of the package stores f on a
// struct it did not allocate, or takes f's address.
func (st *ownedState) reopenable(f *types.Var) bool { return st.reopens[f] }

func newOwnedState(om *owner.Result) *ownedState {
	st := &ownedState{om: om, byFn: map[*ssa.Function][]*owner.Access{}, tracks: map[ssa.Value]*flow.Resource{},
		stores: map[*types.Var]map[*ssa.Function]bool{}, reopens: map[*types.Var]bool{}, always: map[fieldKey]bool{},
		mayStore: map[fieldKey]bool{}}
	for _, a := range om.Accesses {
		st.byFn[a.Fn] = append(st.byFn[a.Fn], a)
		if a.Kind == owner.Store || a.Kind == owner.Addr {
			m := st.stores[a.Field.Var]
			if m == nil {
				m = map[*ssa.Function]bool{}
				st.stores[a.Field.Var] = m
			}
			for fn := a.Fn; fn != nil; fn = fn.Parent() {
				m[fn] = true
			}
			if a.Kind == owner.Addr || a.RootKind != owner.RootAlloc {
				st.reopens[a.Field.Var] = true
			}
		}
	}
	return st
}

// track is flow.Track of a field read, once per value.
func (c *checker) track(st *ownedState, v ssa.Value) *flow.Resource {
	if r, ok := st.tracks[v]; ok {
		return r
	}
	r := flow.Track(v, false, &classifier{s: c.sums, resType: v.Type()})
	st.tracks[v] = r
	return r
}

type fieldClose struct {
	access *owner.Access
	instr  ssa.Instruction
	method *ssa.Function // the method of the access's type that closes it (outermost function), or nil
}

// checkOwned reports, for every owner type of the package, the fields
// that its close method leaves open (never closed while the method closes
// the other fields, or closed only on some paths).
func (c *checker) checkOwned() {
	om := c.pass.ResultOf[owner.Analyzer].(*owner.Result)
	if om == nil || len(om.Types) == 0 {
		return
	}
	st := newOwnedState(om)
	uses := map[*types.Var]*fieldUse{}
	use := func(v *types.Var) *fieldUse {
		u := uses[v]
		if u == nil {
			u = &fieldUse{}
			uses[v] = u
		}
		return u
	}
	for _, a := range om.Accesses {
		u := use(a.Field.Var)
		switch a.Kind {
		case owner.Addr:
			u.unknown = true
		case owner.Load:
			vals := []ssa.Value{a.Value}
			if a.Field.Container && !a.Elem {
				vals = a.Elems
			}
			for _, v := range vals {
				for instr, e := range c.track(st, v).Events {
					switch e {
					case flow.Escape:
						if !a.Field.Container {
							u.unknown = true
						}
					case flow.Close, flow.DeferClose:
						if a.RootKind == owner.RootAlloc {
							continue // a constructor's cleanup
						}
						u.closes = append(u.closes, fieldClose{access: a, instr: instr, method: a.Method()})
					}
				}
			}
		}
	}
	closers := map[*owner.Type]map[*ssa.Function][]fieldClose{}
	for _, t := range om.Types {
		closers[t] = closersOf(t, uses)
		c.exportCloserFact(t, closers[t])
	}
	for _, t := range om.Types {
		c.checkOwnerType(st, t, uses, closers[t])
		c.checkEmbeddedOwners(st, t, closers)
		if len(closers[t]) == 0 {
			c.checkPromotedCloser(st, t, uses, closers)
		}
	}
	c.checkFieldUseAfterClose(st)
	c.checkFieldTerms(st)
}

// closersOf returns t's close methods: those that close one of its
// resource fields through their receiver, with those closes.
func closersOf(t *owner.Type, uses map[*types.Var]*fieldUse) map[*ssa.Function][]fieldClose {
	closers := map[*ssa.Function][]fieldClose{}
	for _, f := range t.Fields {
		u := uses[f.Var]
		if u == nil {
			continue
		}
		for _, cl := range u.closes {
			if cl.method != nil && cl.access.Type == t {
				closers[cl.method] = append(closers[cl.method], cl)
			}
		}
	}
	return closers
}

// checkOwnerType applies the type-level rules to t.
func (c *checker) checkOwnerType(st *ownedState, t *owner.Type, uses map[*types.Var]*fieldUse, closers map[*ssa.Function][]fieldClose) {
	om := st.om
	if len(closers) == 0 {
		// No method closes anything: the type may be closed by its
		// users field by field, or it is not meant to own its sockets.
		return
	}
	for _, f := range t.Fields {
		if !f.Local || f.Exported || f.Container {
			continue
		}
		u := uses[f.Var]
		if u != nil && u.unknown {
			continue
		}
		r, others := c.fieldCreation(om, f)
		if r == nil {
			continue // stored from elsewhere (a parameter): the caller's
		}
		if u == nil || len(u.closes) == 0 {
			m, cls := pickCloser(closers, f)
			if m != nil {
				c.reportFieldNeverClosed(t, f, r, others, m, cls)
			}
			continue
		}
		if c.storedBeforeEveryReturn(f, nil) {
			// Only a field every constructor sets is meant to be
			// closed on every path: "switch c.mode { case pub:
			// c.pub.Close() ... }" closes the one field the mode set.
			c.checkPartialClose(st, t, f, r, u, closers)
		}
	}
}

// fieldCreation returns the first socket or context, created in this
// package's code, that is stored into field f (and the other creations
// stored there), or nil. A socket created and leaked on a path is
// reported as a leak already (once per creation), and is skipped.
func (c *checker) fieldCreation(om *owner.Result, f *owner.Field) (*resource, []*resource) {
	var found []*resource
	for _, a := range om.Accesses {
		if a.Kind != owner.Store || a.Field.Var != f.Var || a.Elem {
			continue
		}
		for _, r := range c.resources(a.Fn) {
			if r.track.Values[a.Value] && r.context == (f.Kind == owner.Context) {
				c.findLeaks(r)
				if r.loop || leaksWithStruct(r, a) || !c.onlyInto(om, r, a.Type) || closedWithStruct(r, a) {
					return nil, nil
				}
				found = append(found, r)
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	sort.Slice(found, func(i, j int) bool { return found[i].create.Pos() < found[j].create.Pos() })
	return found[0], found[1:]
}

// leaksWithStruct reports whether r is reported as leaked on a path
// where the struct keeps it. A leak on a constructor's error return (the
// struct is dropped there, "return nil, err") is a bug of that path only:
// the field rules still apply to the struct returned on success, where
// the close method must release the socket (red team 2, rpcclient: mon
// left open by a Connect error and never closed by Close are two bugs
// with two fixes; reporting only the first hid the second until -fix
// applied the first).
func leaksWithStruct(r *resource, a *owner.Access) bool {
	if a.RootKind != owner.RootAlloc {
		return len(r.leaks) > 0
	}
	for _, l := range r.leaks {
		ret, ok := l.(*ssa.Return)
		if !ok || returnsValue(ret, a.Root) {
			return true
		}
	}
	return false
}

// closedWithStruct reports whether the creating function closes r where
// the struct keeps it: a deferred close (it runs after the store), or a
// close from which a return of the struct is reachable (or, for a struct
// the function did not allocate, a close on a path through the store). A
// close before a "return nil, err" is the constructor's cleanup and does
// not count.
func closedWithStruct(r *resource, a *owner.Access) bool {
	for instr, e := range r.track.Events {
		switch e {
		case flow.DeferClose:
			return true
		case flow.Close:
			if a.RootKind != owner.RootAlloc {
				if flow.Reachable(a.Instr, instr, nil) || flow.Reachable(instr, a.Instr, nil) {
					return true
				}
				continue
			}
			for _, b := range a.Fn.Blocks {
				for _, x := range b.Instrs {
					if ret, ok := x.(*ssa.Return); ok && returnsValue(ret, a.Root) && flow.Reachable(instr, ret, nil) {
						return true
					}
				}
			}
		}
	}
	return false
}

// onlyInto reports whether r escapes only into fields of owner type t:
// by the stores into them, by returning the struct, or by handing the
// struct to a method of t (go l.run()). A socket also given to a goroutine,
// a poller's owner or a registry may be closed there.
func (c *checker) onlyInto(om *owner.Result, r *resource, t *owner.Type) bool {
	for instr, e := range r.track.Events {
		if e != flow.Escape {
			continue
		}
		if a := om.StoreAt(instr); a != nil && a.Type == t {
			continue // stored into t (another type's field may be closed there)
		}
		switch instr := instr.(type) {
		case *ssa.Return:
			for _, v := range instr.Results {
				if r.track.Values[v] {
					return false // the socket itself goes to the caller
				}
			}
			continue
		case ssa.CallInstruction:
			if callee := instr.Common().StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
				if n := value.Named(callee.Signature.Recv().Type()); n != nil && n.Origin().Obj() == t.Obj {
					continue
				}
			}
		}
		return false
	}
	return true
}

// pickCloser chooses the close method that closes most of the type's other
// fields (ties: the first in the source).
func pickCloser(closers map[*ssa.Function][]fieldClose, f *owner.Field) (*ssa.Function, []fieldClose) {
	var best *ssa.Function
	n := -1
	for m, cls := range closers {
		k := 0
		seen := map[*types.Var]bool{}
		for _, cl := range cls {
			if cl.access.Field.Var != f.Var && !seen[cl.access.Field.Var] {
				seen[cl.access.Field.Var] = true
				k++
			}
		}
		if k == 0 {
			continue
		}
		if k > n || (k == n && m.Pos() < best.Pos()) {
			best, n = m, k
		}
	}
	if best == nil {
		return nil, nil
	}
	return best, closers[best]
}

// fieldRef is how code of method m names field f: "c.sock"; "" when the
// receiver has no usable name.
func fieldRef(m *ssa.Function, f *owner.Field) string {
	fd, ok := m.Syntax().(*ast.FuncDecl)
	if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return ""
	}
	name := fd.Recv.List[0].Names[0].Name
	if name == "_" {
		return ""
	}
	return name + "." + f.Name
}

func fieldCloseMethod(m *zmqapi.Model, f *owner.Field) string {
	if f.Kind == owner.Context {
		return "Term"
	}
	if f.Binding != 0 {
		if cm := m.Wrapper(f.Binding, zmqapi.NewSocket, false).CloseMethod; cm != "" {
			return cm
		}
	}
	return "Close"
}

func methodName(m *ssa.Function) string {
	return m.Name()
}

// leakLabel returns how a field leak report names r ("the socket" when
// it has no name) and the report's category.
func (c *checker) leakLabel(r *resource) (name, cat string) {
	name, _ = c.name(r)
	if name == "" {
		name = "the " + r.kind()
	}
	return name, leakCategory(r)
}

func (c *checker) reportFieldNeverClosed(t *owner.Type, f *owner.Field, r *resource, others []*resource, m *ssa.Function, cls []fieldClose) {
	name, cat := c.leakLabel(r)
	call := fieldRef(m, f)
	if call == "" {
		call = f.Name
	}
	call += "." + fieldCloseMethod(c.res.Model, f) + "()"
	d := analysis.Diagnostic{
		Pos:      r.create.Pos(),
		Category: cat,
		Message: fmt.Sprintf("%s %s is stored in field %s of %s, which no method of %s closes: %s (line %d) closes the type's other fields but not %s (call %s in %s)",
			r.kind(), name, f.Name, t.Obj.Name(), t.Obj.Name(), methodName(m), c.line(m.Pos()), f.Name, call, methodName(m)),
		Related: []analysis.RelatedInformation{{Pos: m.Pos(), Message: methodName(m) + " closes the other fields here"}},
	}
	for _, o := range others {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: o.create.Pos(), Message: f.Name + " is also stored here"})
	}
	// No fix when a goroutine the package starts uses the field: the
	// added Close would run while that goroutine may still use the socket
	// (a new sockshare finding); ordering the two is the author's design.
	if !c.usedInGoroutine(f) {
		if fix, ok := c.closeFieldFix(t, f, m, cls, append([]*resource{r}, others...)); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.report(report.NoFix(d, "field-never-closed"))
}

// goStarted returns the functions a go statement of the package starts
// (computed once per pass, in c.goTargets).
func (c *checker) goStarted() map[*ssa.Function]bool {
	if c.goTargets == nil {
		c.goTargets = map[*ssa.Function]bool{}
		for _, fn := range c.res.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					if g, ok := instr.(*ssa.Go); ok {
						if callee := g.Call.StaticCallee(); callee != nil {
							c.goTargets[callee] = true
						}
					}
				}
			}
		}
	}
	return c.goTargets
}

// usedInGoroutine reports whether an access of field f is in a function
// that a go statement of the package starts (or in a literal inside one,
// or in a method such a literal runs on the struct).
func (c *checker) usedInGoroutine(f *owner.Field) bool {
	targets := c.goStarted()
	om := c.pass.ResultOf[owner.Analyzer].(*owner.Result)
	for _, a := range om.AccessesOf(f) {
		for fn := a.Fn; fn != nil; fn = fn.Parent() {
			if targets[fn] {
				return true
			}
		}
		if m := a.Method(); m != nil && targets[m] {
			return true
		}
	}
	return false
}

// closeFieldFix adds the close of field f to close method m: a socket is
// closed before the first statement of m's body that closes another
// field (so before any Term of the context), or, when those closes are
// all deferred, by a defer after the last of them (defers run last-in
// first-out, so it runs before the earlier ones, a deferred Term
// included); a context is terminated after the last statement that closes
// a socket field, or by a defer before the first deferred close.
// The close is guarded by a nil check unless every store of f is in a
// constructor that stores it before every return of the struct.
func (c *checker) closeFieldFix(t *owner.Type, f *owner.Field, m *ssa.Function, cls []fieldClose, creations []*resource) (analysis.SuggestedFix, bool) {
	fd, ok := m.Syntax().(*ast.FuncDecl)
	ref := fieldRef(m, f)
	if !ok || fd.Body == nil || ref == "" {
		return analysis.SuggestedFix{}, false
	}
	var anchors []anchorStmt
	for _, cl := range cls {
		if cl.access.Field.Var == f.Var || cl.instr.Parent() != m {
			continue // a close inside a literal (a once.Do) is no place for ours
		}
		idx := topStmt(fd.Body, cl.instr.Pos())
		if idx < 0 {
			return analysis.SuggestedFix{}, false
		}
		anchors = append(anchors, anchorStmt{idx: idx, deferred: flow.IsDeferred(cl.instr), term: cl.access.Field.Kind == owner.Context})
	}
	if len(anchors) == 0 {
		return analysis.SuggestedFix{}, false
	}
	sort.Slice(anchors, func(i, j int) bool { return anchors[i].idx < anchors[j].idx })
	allDeferred, noneDeferred := true, true
	for _, a := range anchors {
		if a.deferred {
			noneDeferred = false
		} else {
			allDeferred = false
		}
	}
	method := fieldCloseMethod(c.res.Model, f)
	call := fmt.Sprintf("%s.%s()", ref, method)
	guard := !c.storedBeforeEveryReturn(f, creations)
	plain := call
	if guard {
		plain = fmt.Sprintf("if %s != nil {\n\t%s\n}", ref, call)
	}
	deferText := "defer " + call
	if guard {
		deferText = fmt.Sprintf("defer func() {\n\tif %s != nil {\n\t\t%s\n\t}\n}()", ref, call)
	}
	list := fd.Body.List
	var e analysis.TextEdit
	var extra []analysis.TextEdit
	switch {
	case f.Kind == owner.Socket && !allDeferred:
		// Before the first direct close of another field: a direct Term
		// comes at or after it.
		for _, a := range anchors {
			if !a.deferred {
				text := plain
				if termAfter(anchors, a.idx) && c.fieldLingerRisk(f, creations) {
					// The new Close runs before a Term after sends: with
					// the default infinite linger the Term would wait for
					// the queued messages forever (as the leak fix, red
					// team J10): bound the linger first.
					file := astx.File(c.pass, list[a.idx].Pos())
					if file == nil {
						return analysis.SuggestedFix{}, false
					}
					timeName, imports, ok := edit.Import(c.pass, file, "time", list[a.idx].Pos())
					if !ok {
						return analysis.SuggestedFix{}, false
					}
					linger := fmt.Sprintf("%s.SetLinger(%s.Second)", ref, timeName)
					if guard {
						text = fmt.Sprintf("if %s != nil {\n\t%s\n\t%s\n}", ref, linger, call)
					} else {
						text = linger + "\n" + call
					}
					extra = imports
				}
				e = edit.InsertBefore(c.pass, list[a.idx], text)
				break
			}
		}
		if !noneDeferred {
			// A deferred close of another socket mixed with direct ones:
			// a deferred Term may wait on what we close directly, fine;
			// but keep it simple and safe only when no Term is deferred.
			for _, a := range anchors {
				if a.deferred && a.term {
					return analysis.SuggestedFix{}, false
				}
			}
		}
	case f.Kind == owner.Socket:
		e = edit.InsertAfter(c.pass, list[anchors[len(anchors)-1].idx], deferText)
	case f.Kind == owner.Context && !closesAllSockets(t, m, cls):
		// A socket of the type that m leaves open would make the Term
		// block: its own report's fix comes first.
		return analysis.SuggestedFix{}, false
	case f.Kind == owner.Context && noneDeferred:
		last := list[anchors[len(anchors)-1].idx]
		if _, isRet := last.(*ast.ReturnStmt); isRet {
			return analysis.SuggestedFix{}, false
		}
		for _, a := range anchors {
			if a.term {
				return analysis.SuggestedFix{}, false // another context: order unknown
			}
		}
		e = edit.InsertAfter(c.pass, last, plain)
	case f.Kind == owner.Context && allDeferred:
		e = edit.InsertBefore(c.pass, list[anchors[0].idx], deferText)
	default:
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s in %s", call, methodName(m)),
		TextEdits: append([]analysis.TextEdit{e}, extra...),
	}, true
}

// termAfter reports whether an anchor at or after statement idx
// terminates a context.
func termAfter(anchors []anchorStmt, idx int) bool {
	for _, a := range anchors {
		if a.term && a.idx >= idx {
			return true
		}
	}
	return false
}

// fieldLingerRisk reports whether closing field f before a Term may wait
// forever: a socket of a binding with an infinite default linger (and not
// of a type that starts at 0), sent on somewhere in the package, whose
// linger no code of the package sets.
func (c *checker) fieldLingerRisk(f *owner.Field, creations []*resource) bool {
	for _, r := range creations {
		if !r.call.Entry.LingerIsDuration || c.lingerZeroByDefault(r) {
			return false
		}
	}
	om := c.pass.ResultOf[owner.Analyzer].(*owner.Result)
	sends := false
	check := func(v ssa.Value) bool { // false: a SetLinger
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, instr := range *refs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			call := c.res.Resolve(ci)
			if call.Entry == nil || call.Recv != v {
				continue
			}
			switch {
			case call.Entry.Role == zmqapi.SetLinger:
				return false
			case call.Entry.Role.IsSend():
				sends = true
			}
		}
		return true
	}
	for _, a := range om.Accesses {
		if a.Field.Var == f.Var && a.Kind == owner.Load && !check(a.Value) {
			return false
		}
	}
	for _, r := range creations {
		for v := range r.track.Values {
			if !check(v) {
				return false
			}
		}
	}
	return sends
}

// closesAllSockets reports whether m itself closes every socket field of
// t (containers included).
func closesAllSockets(t *owner.Type, m *ssa.Function, cls []fieldClose) bool {
	closed := map[*types.Var]bool{}
	for _, cl := range cls {
		if cl.instr.Parent() == m {
			closed[cl.access.Field.Var] = true
		}
	}
	for _, f := range t.Fields {
		if f.Kind == owner.Socket && !closed[f.Var] {
			return false
		}
	}
	return true
}

// anchorStmt is a statement of the close method's body that closes
// another field.
type anchorStmt struct {
	idx      int
	deferred bool
	term     bool
}

// topStmt returns the index of the statement of body's own list that
// contains pos, or -1.
func topStmt(body *ast.BlockStmt, pos token.Pos) int {
	for i, st := range body.List {
		if st.Pos() <= pos && pos < st.End() {
			return i
		}
	}
	return -1
}

// storedBeforeEveryReturn reports whether each creation is stored into f
// in a constructor (a function that allocated the struct) before every
// return of that struct: then f is set whenever the close method can run.
func (c *checker) storedBeforeEveryReturn(f *owner.Field, creations []*resource) bool {
	om := c.pass.ResultOf[owner.Analyzer].(*owner.Result)
	for _, a := range om.Accesses {
		if a.Kind != owner.Store || a.Field.Var != f.Var {
			continue
		}
		if a.RootKind != owner.RootAlloc {
			return false // stored by a method: maybe never
		}
		for _, b := range a.Fn.Blocks {
			for _, instr := range b.Instrs {
				ret, ok := instr.(*ssa.Return)
				if !ok || !returnsValue(ret, a.Root) {
					continue
				}
				if !flow.Before(a.Instr, ret) {
					return false
				}
			}
		}
	}
	return true
}

// returnsValue reports whether ret returns v (through conversions).
func returnsValue(ret *ssa.Return, v ssa.Value) bool {
	for _, r := range ret.Results {
		r = value.Peel(r, value.Ref)
		if r == v {
			return true
		}
		if phi, ok := r.(*ssa.Phi); ok {
			for _, e := range phi.Edges {
				if e == v {
					return true
				}
			}
		}
	}
	return false
}

// checkPartialClose reports a close method that closes f on some paths
// only, when a path that leaves f open closes the type's other fields:
// the method meant to release everything and skips f there ("only when an
// endpoint is set"). Paths that leave every field open (an "already
// closed" guard), the nil branch of a nil check of f, and the error branch
// of another close's error are not such paths.
func (c *checker) checkPartialClose(st *ownedState, t *owner.Type, f *owner.Field, r *resource, u *fieldUse, closers map[*ssa.Function][]fieldClose) {
	var methods []*ssa.Function
	for m := range closers {
		methods = append(methods, m)
	}
	sort.Slice(methods, func(i, j int) bool { return methods[i].Pos() < methods[j].Pos() })
	for _, cl := range u.closes {
		if cl.method == nil || cl.instr.Parent() != cl.method {
			return // closed by a helper or a literal: paths not followed
		}
	}
	type methodPaths struct {
		m           *ssa.Function
		mine, other map[ssa.Instruction]bool
		skip        func(*ssa.If) int
	}
	var cands []methodPaths
	for _, m := range methods {
		mine := map[ssa.Instruction]bool{}
		for _, cl := range u.closes {
			if cl.method == m {
				mine[cl.instr] = true
			}
		}
		if len(mine) == 0 || len(m.Blocks) == 0 {
			continue
		}
		other := map[ssa.Instruction]bool{}
		errVals := map[ssa.Value]bool{}
		for _, cl := range closers[m] {
			if ci, ok := cl.instr.(*ssa.Call); ok {
				errVals[ci] = true
			}
			if cl.access.Field.Var != f.Var && cl.instr.Parent() == m {
				other[cl.instr] = true
			}
		}
		loads := map[ssa.Value]bool{}
		for _, a := range st.byFn[m] {
			if a.Kind == owner.Load && a.Field.Var == f.Var {
				loads[a.Value] = true
			}
		}
		skip := func(ifi *ssa.If) int {
			if k := flow.NonNilBranch(ifi, func(v ssa.Value) bool { return loads[v] }); k >= 0 {
				return 1 - k
			}
			return flow.ErrorBranch(ifi, errVals)
		}
		cands = append(cands, methodPaths{m, mine, other, skip})
	}
	// A method that closes f on every path (past the same nil and
	// error branches) is the type's close method for f: another method
	// that closes f on some paths only is a poll loop acting on an
	// operator command ("DRAIN" closes the frontend), a Reset or a
	// mode switch, not a close method that forgot f (red team 2,
	// broker.go).
	for _, mp := range cands {
		if flow.Walk(mp.m.Blocks[0].Instrs[0], func(instr ssa.Instruction) flow.Verdict {
			switch {
			case mp.mine[instr], isNoReturnCall(c.res, instr):
				return flow.Stop
			}
			if _, ok := instr.(*ssa.Return); ok {
				return flow.Found
			}
			return flow.Continue
		}, mp.skip) == nil {
			return
		}
	}
	for _, mp := range cands {
		m, mine, other, skip := mp.m, mp.mine, mp.other, mp.skip
		if len(other) == 0 {
			continue
		}
		const closedOther uint8 = 1
		found, _ := flow.WalkState(m.Blocks[0].Instrs[0], 0, func(instr ssa.Instruction, st uint8) (flow.Verdict, uint8) {
			switch {
			case mine[instr]:
				return flow.Stop, st
			case other[instr]:
				return flow.Continue, st | closedOther
			case isNoReturnCall(c.res, instr):
				return flow.Stop, st
			}
			if _, ok := instr.(*ssa.Return); ok && st&closedOther != 0 {
				return flow.Found, st
			}
			return flow.Continue, st
		}, skip)
		if found == nil {
			continue
		}
		c.reportPartialClose(t, f, r, m, found)
		return
	}
}

func (c *checker) reportPartialClose(t *owner.Type, f *owner.Field, r *resource, m *ssa.Function, ret ssa.Instruction) {
	name, cat := c.leakLabel(r)
	retPos := ret.Pos()
	if !retPos.IsValid() {
		if body := m.Syntax(); body != nil {
			retPos = body.End() - 1
		}
	}
	// No fix: the condition that skips the close is the user's (an
	// endpoint that may be unset, a mode flag); closing unconditionally
	// there could close twice or close what another path hands on.
	c.report(report.NoFix(analysis.Diagnostic{
		Pos:      r.create.Pos(),
		Category: cat,
		Message: fmt.Sprintf("%s %s is stored in field %s of %s, whose %s closes it only on some paths: the return on line %d closes the other fields but leaves %s open",
			r.kind(), name, f.Name, t.Obj.Name(), methodName(m), c.line(retPos), f.Name),
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: f.Name + " is left open here"}},
	}, "field-closed-on-some-paths"))
}

// checkPromotedCloser applies the "a field no method closes" rule to a
// type that declares no close method of its own but embeds, by value, a
// struct of this package whose close method is promoted into it: users
// call o.Close(), which releases the embedded struct's fields and none of
// the outer type's own. Reported at the creation of each own field left
// open, without a fix: the outer type needs a close method of its own
// (closing the field and calling the embedded one), which is the
// author's to name and place.
func (c *checker) checkPromotedCloser(st *ownedState, t *owner.Type, uses map[*types.Var]*fieldUse, closers map[*owner.Type]map[*ssa.Function][]fieldClose) {
	str, ok := t.Obj.Type().Underlying().(*types.Struct)
	if !ok {
		return
	}
	var m *ssa.Function
	var embName string
	for i := 0; i < str.NumFields() && m == nil; i++ {
		v := str.Field(i)
		n, ok := types.Unalias(v.Type()).(*types.Named)
		if !v.Embedded() || !ok || n.Obj().Pkg() != c.pass.Pkg {
			continue
		}
		inner := st.om.Of(n.Obj())
		if inner == nil {
			continue
		}
		var fns []*ssa.Function
		for fn := range closers[inner] {
			fns = append(fns, fn)
		}
		sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
		for _, fn := range fns {
			if !closesAllOwn(inner, fn, closers[inner][fn]) {
				continue
			}
			obj, index, _ := types.LookupFieldOrMethod(types.NewPointer(t.Obj.Type()), false, t.Obj.Pkg(), fn.Name())
			if f, ok := obj.(*types.Func); ok && len(index) > 1 && f == fn.Object() {
				m, embName = fn, v.Name()
				break
			}
		}
	}
	if m == nil {
		return
	}
	for _, f := range t.Fields {
		if !f.Local || f.Exported || f.Container || len(f.Path) != 1 {
			continue // the outer type's own fields only
		}
		u := uses[f.Var]
		if u != nil && (u.unknown || len(u.closes) > 0) {
			continue
		}
		r, others := c.fieldCreation(st.om, f)
		if r == nil {
			continue
		}
		name, cat := c.leakLabel(r)
		d := analysis.Diagnostic{
			Pos:      r.create.Pos(),
			Category: cat,
			Message: fmt.Sprintf("%s %s is stored in field %s of %s, which no method of %s closes: its %s is %s's, promoted from the embedded %s (line %d), which closes only the embedded fields (declare %s.%s to close %s and call the embedded %s)",
				r.kind(), name, f.Name, t.Obj.Name(), t.Obj.Name(), m.Name(), embName, embName, c.line(m.Pos()), t.Obj.Name(), m.Name(), f.Name, m.Name()),
			Related: []analysis.RelatedInformation{{Pos: m.Pos(), Message: "the promoted " + m.Name() + " closes the embedded fields here"}},
		}
		for _, o := range others {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: o.create.Pos(), Message: f.Name + " is also stored here"})
		}
		// No fix: declaring the outer type's own close method is a new
		// method of the author's API.
		c.report(report.NoFix(d, "promoted-close-only-embedded"))
	}
}

// closesAllOwn reports whether m closes every non-container resource
// field of t (its releasing method, not a helper that closes one).
func closesAllOwn(t *owner.Type, m *ssa.Function, cls []fieldClose) bool {
	closed := map[*types.Var]bool{}
	for _, cl := range cls {
		closed[cl.access.Field.Var] = true
	}
	for _, f := range t.Fields {
		if !f.Container && !closed[f.Var] {
			return false
		}
	}
	return true
}
