package sockshare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// This file is the type-level half of shared-socket (issue 12, item 6):
// a socket field of a struct type used by a goroutine that a method (or a
// constructor) starts, and by an exported method of the same type, which
// any goroutine may call at any time. The struct types and their socket
// fields, and which methods touch a field, come from passes/internal/owner;
// what a method does with the field (uses, locks held, waits) comes from
// this check's own events, so a helper method's uses count at its callers.

// fieldStart is one goroutine that uses socket field f of a struct that
// the launcher reaches as self (its receiver, or the struct it allocated).
type fieldStart struct {
	launcher *ssa.Function
	g        *goroutine
	use      *event // the goroutine's first use of the field
	typ      *owner.Type
	field    *owner.Field
	self     key // the struct, in the launcher's keys
}

// pathFields renders a field path in key notation (".1.0").
func pathFields(path []int) string {
	var b strings.Builder
	for _, i := range path {
		b.WriteByte('.')
		b.WriteString(strconv.Itoa(i))
	}
	return b.String()
}

// ptrTo returns the named type that t points to, or nil.
func ptrTo(t types.Type) *types.TypeName {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	n, ok := p.Elem().(*types.Named)
	if !ok {
		return nil
	}
	return n.Obj()
}

// selfOf returns the struct key k starts from, when k selects a field of
// a struct that fn reaches as its pointer receiver or allocated itself,
// with the owner type of that struct.
func selfOf(fn *ssa.Function, own *owner.Result, k key) (key, *owner.Type) {
	if !k.valid() || k.fields == "" {
		return key{}, nil
	}
	self := key{root: k.root, deref: k.deref}
	switch r := k.root.(type) {
	case *ssa.Parameter:
		if k.deref || fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Params[0] != r {
			return key{}, nil
		}
	case *ssa.Alloc:
		if !k.deref || r.Parent() != fn {
			return key{}, nil
		}
		if cell := ptrTo(r.Type()); cell == nil {
			// A captured variable's cell: the receiver spilled for a
			// literal, or the constructor's "c := &T{}".
			switch v := value.StoredOnly(r).(type) {
			case *ssa.Parameter:
				if fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Params[0] != v {
					return key{}, nil
				}
			case *ssa.Alloc:
			default:
				return key{}, nil
			}
			p, ok := r.Type().Underlying().(*types.Pointer)
			if !ok {
				return key{}, nil
			}
			tn := ptrTo(p.Elem())
			if tn == nil {
				return key{}, nil
			}
			return self, own.Of(tn)
		}
	default:
		return key{}, nil
	}
	tn := ptrTo(k.root.Type())
	if tn == nil {
		return key{}, nil
	}
	return self, own.Of(tn)
}

// relFields returns the field path of k below self, and whether k is
// below self at all.
func relFields(k, self key) (string, bool) {
	if k.root != self.root || k.deref != self.deref || k.fields == "" {
		return "", false
	}
	return k.fields, true
}

// relSet returns the field paths below self of keys.
func relSet(keys []key, self key) map[string]bool {
	out := map[string]bool{}
	for _, k := range keys {
		if f, ok := relFields(k, self); ok {
			out[f] = true
		}
	}
	return out
}

func intersects(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return true
		}
	}
	return false
}

// unsafeField reports whether f is a single socket (not a container) of a
// binding whose sockets must not be shared: pebbe's and goczmq's.
// go-zeromq sockets serialize their own use, and a draft socket whose
// type is not known is given the benefit of the doubt.
func (c *checker) unsafeField(f *owner.Field) bool {
	if f.Kind != owner.Socket || f.Container || f.Var == nil {
		return false
	}
	sharing, ok := c.res.Model.SharingOf(f.Var.Type())
	return ok && sharing == zmqapi.SharedUnsafe
}

// fieldStarts lists the goroutines of the package that use an unsafe
// socket field of a struct their launcher owns.
func (c *checker) fieldStarts(a *summarizer, own *owner.Result) []*fieldStart {
	var out []*fieldStart
	for _, fn := range c.res.SrcFuncs {
		evs := a.events(fn)
		for _, e := range evs {
			if e.kind != evGo || (e.g.cb != nil && e.g.cb.Concurrent) {
				// Handlers, which run concurrently with themselves, are
				// callbacks.go's; a callback run once on another
				// goroutine (WaitGroup.Go, errgroup's Go, time.AfterFunc)
				// is a goroutine of its launcher's, as a go statement's.
				continue
			}
			if waitedBeforeReturn(fn, evs, e) {
				continue // the goroutine ends before its launcher returns
			}
			seen := map[*owner.Field]bool{}
			for _, u := range e.g.uses {
				if u.kind != evUse && u.kind != evReg {
					continue
				}
				self, t := selfOf(fn, own, u.key)
				if t == nil {
					continue
				}
				for _, f := range t.Fields {
					if seen[f] || !c.unsafeField(f) || u.key.fields != pathFields(f.Path) {
						continue
					}
					if !f.Local && t.Obj.Pkg() != c.pass.Pkg {
						// A field of another package's type, reached from
						// a struct of that type this package made: its
						// methods are that package's to judge.
						continue
					}
					seen[f] = true
					out = append(out, &fieldStart{launcher: fn, g: e.g, use: u, typ: t, field: f, self: self})
				}
			}
		}
	}
	return out
}

// exportedMethods returns the package's exported methods with a pointer
// receiver of type t, in source order.
func (c *checker) exportedMethods(t *owner.Type) []*ssa.Function {
	var out []*ssa.Function
	for _, fn := range c.res.SrcFuncs {
		recv := fn.Signature.Recv()
		if recv == nil || fn.Parent() != nil || fn.Object() == nil || !fn.Object().Exported() || len(fn.Params) == 0 {
			continue
		}
		if ptrTo(recv.Type()) == t.Obj {
			out = append(out, fn)
			continue
		}
		// A value receiver: the copy holds the same sockets. Its uses
		// are matched through the local SSA keeps the copy in
		// (recvKey); a copy kept as an SSA value is not followed.
		if n, ok := types.Unalias(recv.Type()).(*types.Named); ok && n.Obj() == t.Obj {
			out = append(out, fn)
		}
	}
	return out
}

// typeMethod is an exported method callable on a *T: T's own, or one
// promoted from a struct T embeds (by value or pointer) and declared in
// this package, whose receiver is the embedded struct at path prefix.
type typeMethod struct {
	fn       *ssa.Function
	prefix   []int
	embedded string // the embedded field's type name, for a promoted method
}

// methodsOf returns t's exported methods (exportedMethods) and then the
// exported methods of this package promoted into *t from embedded
// structs: users call svc.Send() on the outer value from any goroutine.
// A promoted method of another package has no body here (its uses are
// that package's facts, and its position is not ours to report at).
func (c *checker) methodsOf(t *owner.Type) []typeMethod {
	var out []typeMethod
	for _, fn := range c.exportedMethods(t) {
		out = append(out, typeMethod{fn: fn})
	}
	ms := types.NewMethodSet(types.NewPointer(t.Obj.Type()))
	for i := range ms.Len() {
		sel := ms.At(i)
		obj, ok := sel.Obj().(*types.Func)
		if !ok || len(sel.Index()) < 2 || !obj.Exported() || obj.Pkg() != c.pass.Pkg {
			continue
		}
		fn := c.res.Pkg.Prog.FuncValue(obj)
		if fn == nil || len(fn.Blocks) == 0 || len(fn.Params) == 0 {
			continue
		}
		prefix := sel.Index()[:len(sel.Index())-1]
		n := value.Named(fn.Signature.Recv().Type())
		if n == nil {
			continue
		}
		out = append(out, typeMethod{fn: fn, prefix: prefix, embedded: n.Obj().Name()})
	}
	return out
}

// recvKey is the key of the struct m's receiver points to, or, for a
// value receiver, of the local SSA keeps the copy in (its fields are
// reached through that variable; the copy holds the same sockets).
func recvKey(m *ssa.Function) key {
	p := m.Params[0]
	if _, isPtr := p.Type().Underlying().(*types.Pointer); isPtr {
		return key{root: p}
	}
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			if cell, ok := instr.(*ssa.Alloc); ok && value.StoredOnly(cell) == ssa.Value(p) {
				return key{root: cell, deref: true}
			}
		}
	}
	return key{root: p}
}

// below returns the part of path after prefix, and whether path starts
// with prefix.
func below(path, prefix []int) ([]int, bool) {
	if len(path) <= len(prefix) {
		return nil, false
	}
	for i, x := range prefix {
		if path[i] != x {
			return nil, false
		}
	}
	return path[len(prefix):], true
}

// checkFields reports, for each goroutine that uses a socket field, the
// first use of that field in each other exported method of the type that
// neither holds a mutex the goroutine's use holds nor waits first for
// something the goroutine signals when it is done.
func (c *checker) checkFields(a *summarizer, own *owner.Result) {
	for _, s := range c.fieldStarts(a, own) {
		body := s.g.instr.Common().StaticCallee()
		others := false
		for _, m := range own.MethodsTouching(s.field) {
			if m != s.launcher && m != body {
				others = true
			}
		}
		methods := c.methodsOf(s.typ)
		if !others && s.field.Local {
			// No other method touches the field (a promoted method
			// touches the embedded type's field, and a field of another
			// package's embedded type is touched through its methods'
			// facts: for those, the method loop below decides).
			promoted := false
			for _, tm := range methods {
				promoted = promoted || tm.embedded != ""
			}
			if !promoted {
				continue // the goroutine owns it
			}
		}
		gHeld := relSet(s.use.held, s.self)
		gSignals := relSet(s.g.signals, s.self)
		for _, tm := range methods {
			m := tm.fn
			if m == s.launcher || m == body || within(m, s.use.pos) || callsDirectly(body, m) {
				continue // the launcher's own uses are the launcher check's; the goroutine's, its own
			}
			rel, ok := below(s.field.Path, tm.prefix)
			if !ok {
				continue // a promoted method of another embedded struct
			}
			want := pathFields(rel)
			evs := a.events(m)
			var waits *waitIndex
			recv := recvKey(m)
			for _, e := range evs {
				if e.kind != evUse && e.kind != evReg {
					continue
				}
				if f, ok := relFields(e.key, recv); !ok || f != want {
					continue
				}
				if intersects(gHeld, relSet(e.held, recv)) {
					continue // one mutex at both uses
				}
				if waits == nil {
					waits = newWaitIndex(evs)
				}
				if tm.embedded != "" {
					// Locks and signals are paths below the outer
					// struct; the promoted method sees the embedded
					// one. Only a mutex of the embedded struct held at
					// both uses is comparable.
					if intersects(relBelow(gHeld, tm.prefix), relSet(e.held, recv)) {
						continue
					}
					c.reportPromoted(s, tm, e)
					break
				}
				if intersects(gSignals, relSet(waits.before(e), recv)) {
					continue // the method waits for the goroutine first
				}
				c.reportField(s, m, e, evs)
				break
			}
		}
	}
}

// reportField reports use e of the socket field in method m, racing with
// the goroutine of s.
func (c *checker) reportField(s *fieldStart, m *ssa.Function, e *event, evs []*event) {
	sk := seenKey{e.pos, key{root: m.Params[0], fields: pathFields(s.field.Path)}}
	if c.seen[sk] {
		return
	}
	c.seen[sk] = true
	recvName := m.Params[0].Name()
	name := recvName + "." + s.field.Name
	start := c.startedBy(s)
	owner := ownerOf(c.line(s.g.instr.Pos()))
	remedy := ownerRemedy(name, owner)
	var fixes []analysis.SuggestedFix
	shape := shapeMethodNoMutex
	_, valueRecv := recvKey(m).root.(*ssa.Alloc)
	if valueRecv {
		// A value receiver locks its copy's mutex: no lock to advise.
	} else if mu, muPath := c.mutexLockedAround(s, m, evs); mu != "" {
		remedy = fmt.Sprintf("ZeroMQ sockets are not thread-safe: lock %s.%s around this use, as other uses of %s are, or give %s to %s", recvName, mu, name, name, owner)
		shape = shapeMethodLockUnsafe
		if fix, ok := c.lockFix(s, m, mu, muPath); ok {
			fixes = []analysis.SuggestedFix{fix}
		} else if fix, ok := c.methodLockUseFix(s, m, e, mu, muPath, name); ok {
			fixes = []analysis.SuggestedFix{fix}
		}
	}
	c.report(report.NoFix(analysis.Diagnostic{
		SuggestedFixes: fixes,
		Pos:            e.pos,
		Category:       catShared,
		Message: fmt.Sprintf("%s is %s in exported method %s, which any goroutine may call, while %s may be using it (%s on line %d): %s",
			name, verb(e), m.Name(), start, s.use.what, c.line(s.use.pos), remedy),
		Related: []analysis.RelatedInformation{
			{Pos: s.g.instr.Pos(), Message: startedHere(s.g)},
			{Pos: s.use.pos, Message: fmt.Sprintf("%s is %s in the goroutine", name, verb(s.use))},
		},
	}, shape))
}

// startedBy names what runs the goroutine of s, for messages: "the
// goroutine that method Start starts on line 12", "the time.AfterFunc
// callback that the constructor New registers on line 12".
func (c *checker) startedBy(s *fieldStart) string {
	who := "the constructor " + s.launcher.Name()
	if s.launcher.Signature.Recv() != nil {
		who = "method " + s.launcher.Name()
		if n := value.Named(s.launcher.Signature.Recv().Type()); n != nil && n.Obj() != s.typ.Obj {
			who += " of " + n.Obj().Name()
		}
	}
	if g := s.g; g.cb != nil && g.cb.Via != "WaitGroup.Go" && g.cb.Via != "errgroup Go" && g.cb.Via != "errgroup TryGo" {
		return fmt.Sprintf("the %s callback that %s registers on line %d", g.cb.Via, who, c.line(g.instr.Pos()))
	}
	return fmt.Sprintf("the goroutine that %s starts on line %d", who, c.line(s.g.instr.Pos()))
}

// relBelow returns the paths of set (in pathFields notation) that start
// with prefix, with the prefix removed.
func relBelow(set map[string]bool, prefix []int) map[string]bool {
	p := pathFields(prefix)
	out := map[string]bool{}
	for f := range set {
		if rest, ok := strings.CutPrefix(f, p); ok && strings.HasPrefix(rest, ".") {
			out[rest] = true
		}
	}
	return out
}

// reportPromoted reports use e of the socket field in exported method
// tm.fn of an embedded struct, promoted into the goroutine's type. No fix:
// a lock the outer type's goroutine takes is not reachable from the
// embedded struct's method.
func (c *checker) reportPromoted(s *fieldStart, tm typeMethod, e *event) {
	m := tm.fn
	sk := seenKey{e.pos, key{root: m.Params[0], fields: pathFields(s.field.Path)}}
	if c.seen[sk] {
		return
	}
	c.seen[sk] = true
	parts := strings.Split(s.field.Name, ".")
	name := m.Params[0].Name() + "." + strings.Join(parts[len(tm.prefix):], ".")
	outer := s.typ.Obj.Name()
	c.report(report.NoFix(analysis.Diagnostic{
		Pos:      e.pos,
		Category: catShared,
		Message: fmt.Sprintf("%s is %s in exported method %s of %s, promoted into %s, which any goroutine may call on a %s, while %s may be using it (%s on line %d): %s",
			name, verb(e), m.Name(), tm.embedded, outer, outer, c.startedBy(s), s.use.what, c.line(s.use.pos), ownerRemedy(name, ownerOf(c.line(s.g.instr.Pos())))),
		Related: []analysis.RelatedInformation{
			{Pos: s.g.instr.Pos(), Message: startedHere(s.g)},
			{Pos: s.use.pos, Message: fmt.Sprintf("field %s of %s is %s in the goroutine", s.field.Name, outer, verb(s.use))},
		},
	}, shapeMethodPromoted))
}

// mutexLockedAround returns the name of a sync.Mutex or RWMutex field of
// the type that is held at some use of the socket field (the goroutine's,
// or one of method m's), or "".
func (c *checker) mutexLockedAround(s *fieldStart, m *ssa.Function, evs []*event) (string, string) {
	held := relSet(s.use.held, s.self)
	want := pathFields(s.field.Path)
	recv := recvKey(m)
	for _, e := range evs {
		if f, ok := relFields(e.key, recv); ok && f == want && (e.kind == evUse || e.kind == evReg) {
			for f := range relSet(e.held, recv) {
				held[f] = true
			}
		}
	}
	st, _ := s.typ.Obj.Type().Underlying().(*types.Struct)
	if st == nil {
		return "", ""
	}
	for i := range st.NumFields() {
		fv := st.Field(i)
		if p := pathFields([]int{i}); held[p] && isMutex(fv.Type()) {
			return fv.Name(), p
		}
	}
	return "", ""
}

// lockFix locks the mutex for the whole of method m ("c.mu.Lock(); defer
// c.mu.Unlock()" as its first statements) when that provably compiles,
// removes the finding and cannot deadlock on the mutex: the goroutine's
// use holds the same mutex; m has a named receiver and no function
// literal; every call m makes is a builtin or a static call of another
// package other than sync (so m neither locks anything already nor calls
// code of this package that could lock it again); and nothing in the
// package calls m, takes it as a method value, or calls a method of its
// name through an interface (a caller of m holding the mutex would
// deadlock).
func (c *checker) lockFix(s *fieldStart, m *ssa.Function, mu, muPath string) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if !relSet(s.use.held, s.self)[muPath] || len(m.AnonFuncs) > 0 {
		return none, false
	}
	decl, ok := m.Syntax().(*ast.FuncDecl)
	if !ok || decl.Body == nil || len(decl.Body.List) == 0 || decl.Recv == nil || len(decl.Recv.List) != 1 || len(decl.Recv.List[0].Names) != 1 {
		return none, false
	}
	recv := decl.Recv.List[0].Names[0].Name
	if recv == "_" {
		return none, false
	}
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, builtin := ci.Common().Value.(*ssa.Builtin); builtin {
				continue
			}
			callee := ci.Common().StaticCallee()
			if callee == nil || callee.Pkg == c.res.Pkg || callee.Pkg == nil || callee.Pkg.Pkg.Path() == "sync" {
				return none, false
			}
		}
	}
	if c.calledInPackage(m) {
		return none, false
	}
	text := fmt.Sprintf("%s.%s.Lock()\ndefer %s.%s.Unlock()", recv, mu, recv, mu)
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("lock %s.%s for the whole of %s", recv, mu, m.Name()),
		TextEdits: []analysis.TextEdit{edit.InsertBefore(c.pass, decl.Body.List[0], text)},
	}, true
}

func isMutex(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	return n.Obj().Name() == "Mutex" || n.Obj().Name() == "RWMutex"
}

// within reports whether pos lies in fn's source.
func within(fn *ssa.Function, pos token.Pos) bool {
	syn := fn.Syntax()
	return syn != nil && pos.IsValid() && syn.Pos() <= pos && pos < syn.End()
}

// waitedBeforeReturn reports whether, on every path from go statement ge
// to a return of fn, fn waits for something the goroutine signals when it
// is done: the goroutine is then part of the call, as a synchronous
// helper would be.
func waitedBeforeReturn(fn *ssa.Function, evs []*event, ge *event) bool {
	var waits []*event
	for _, w := range evs {
		if w.deferred || w.kind != evSync || !flow.Before(ge.instr, w.instr) {
			continue
		}
		for _, k := range syncKeys(w) {
			if slices.Contains(ge.g.signals, k) {
				waits = append(waits, w)
				break
			}
		}
	}
	if len(waits) == 0 {
		return false
	}
	returns := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		returns++
		if !slices.ContainsFunc(waits, func(w *event) bool { return flow.Before(w.instr, r) }) {
			return false
		}
	}
	return returns > 0
}

// callsDirectly reports whether fn (or a function literal in it) calls m:
// an exported method the goroutine's own loop calls ("c.Reply" from the
// message handler) is taken to be the loop's, and not judged against it.
func callsDirectly(fn, m *ssa.Function) bool {
	if fn == nil {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().StaticCallee() == m {
				return true
			}
		}
	}
	return slices.ContainsFunc(fn.AnonFuncs, func(af *ssa.Function) bool { return callsDirectly(af, m) })
}
