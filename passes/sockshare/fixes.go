package sockshare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// The fixes of a launcher's use racing with its goroutine, in the order
// they are tried (docs/sockshare.md, The fix): move the use above the go
// statement (moveFix, report.go); guard it with the mutex that every use
// of the goroutine already holds (lockUseFix); hand the socket over, so
// that the goroutine closes it instead of the launcher (handOverFix).
// When none applies, the diagnostic carries the reason as its no-fix
// shape (noFixShape), one of the rows docs/sockshare.md lists.

// Shapes of sockshare findings without a fix; each is a row of the no-fix
// table in docs/sockshare.md and of internal/robust's noFixShapes.
const (
	shapeLauncherLoop     = "launcher-go-in-loop"      // the go statement starts a goroutine per iteration
	shapeLauncherUses     = "launcher-several-uses"    // more than one later use of the launcher
	shapeLauncherBlocking = "launcher-use-may-block"   // a send, receive or helper call: moving it changes the message order, and no mutex fits
	shapeLauncherMove     = "launcher-move-blocked"    // an option call that cannot move: what it reads changes in between, or it is not its own statement
	shapeLauncherClose    = "launcher-close-kept"      // a Close that cannot be handed over (another goroutine or a later use, not in the go's block)
	shapeLauncherNested   = "launcher-use-in-closure"  // the later use is in a function literal of the launcher
	shapeLauncherCallback = "launcher-callback"        // the goroutine is a callback (timer, errgroup, handler)
	shapeHandlerSelf      = "handler-self-race"        // an HTTP handler racing with itself
	shapeLoopGoroutines   = "loop-goroutines"          // one go statement in a loop, goroutines share the socket
	shapeTwoGoroutines    = "two-goroutines"           // two go statements, both use the socket
	shapeMethodNoMutex    = "method-no-common-mutex"   // exported method vs loop, the loop holds no mutex
	shapeMethodLockUnsafe = "method-lock-may-deadlock" // the mutex exists but locking in the method may deadlock
	shapeMethodPromoted   = "method-promoted"          // an embedded struct's method, promoted: the outer type's lock is out of its reach
)

// ownerRemedy is what to do when no edit is safe: give socket name to
// owner, a phrase naming the goroutine and how the others reach it
// (ownerOf), or connect the goroutines with an inproc PAIR pipe.
func ownerRemedy(name, owner string) string {
	return fmt.Sprintf("ZeroMQ sockets are not thread-safe: give %s to %s, or talk to it through an inproc PAIR pipe", name, owner)
}

// ownerOf is ownerRemedy's owner for a socket a goroutine started on
// line goLine uses: that goroutine, fed work through a channel.
func ownerOf(goLine int) string {
	return fmt.Sprintf("one goroutine (the one started on line %d) and send it work through a channel", goLine)
}

// launcherFix returns the first fix of the launcher's use that applies,
// or the shape of the finding without one.
func (c *checker) launcherFix(l *launcher, p finding, pairs []finding, name string) (analysis.SuggestedFix, string) {
	if fix, ok := c.moveFix(l, p, pairs); ok {
		return fix, ""
	}
	for _, q := range pairs {
		if q.other.instr != p.other.instr {
			return analysis.SuggestedFix{}, shapeLauncherUses
		}
	}
	if p.other.instr.Parent() != l.fn {
		return analysis.SuggestedFix{}, shapeLauncherNested
	}
	if l.reachOf(l.fn).Reachable(p.g.instr, p.g.instr, nil) {
		return analysis.SuggestedFix{}, shapeLauncherLoop
	}
	if fix, ok := c.lockUseFix(l, p, name); ok {
		return fix, ""
	}
	if p.g.cb != nil {
		return analysis.SuggestedFix{}, shapeLauncherCallback
	}
	if ci, ok := p.other.instr.(ssa.CallInstruction); ok && c.res.Resolve(ci).Role() == zmqapi.Close {
		if fix, ok := c.handOverFix(l, p, name); ok {
			return fix, ""
		}
		return analysis.SuggestedFix{}, shapeLauncherClose
	}
	if p.other.movable {
		return analysis.SuggestedFix{}, shapeLauncherMove
	}
	return analysis.SuggestedFix{}, shapeLauncherBlocking
}

// lockUseFix locks the mutex that every use of the socket in goroutine g
// holds around the launcher's use, as its own statement:
//
//	mu.Lock()
//	s.Send("b", 0)
//	mu.Unlock()
//
// It cannot deadlock on that mutex when: the launcher's use holds no
// mutex at all (so no lock order is added); the launcher is a top-level
// function that either created the mutex itself or is called by nothing
// in the package (no caller holds it); and the statement does nothing
// that could take the mutex again or wait on a channel: no function
// literal, no channel operation, and every call in it is a builtin, a
// conversion or a static call into another package other than sync.
func (c *checker) lockUseFix(l *launcher, p finding, name string) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	m := p.other
	if m.kind != evUse || m.deferred || len(m.held) > 0 || l.fn.Parent() != nil {
		return none, false
	}
	gUses := l.usesOf(p.g.uses, p.k)
	if len(gUses) == 0 {
		return none, false
	}
	var mu key
	for _, h := range gUses[0].held {
		all := true
		for _, gu := range gUses[1:] {
			if !containsKey(gu.held, h) {
				all = false
			}
		}
		if all {
			mu = h
			break
		}
	}
	if !mu.valid() {
		return none, false
	}
	st, ok := astx.EnclosingStmt(c.pass, m.instr.Pos())
	if !ok || !c.lockableStmt(st.Stmt) {
		return none, false
	}
	muName, local, ok := c.nameInScope(l.fn, mu, st.Stmt.Pos())
	if !ok || !isMutex(mutexType(mu)) {
		return none, false
	}
	if !local && c.calledInPackage(l.fn) {
		return none, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("lock %s around %s.%s, as the goroutine started on line %d does", muName, name, m.what, c.line(p.g.instr.Pos())),
		TextEdits: c.lockAround(st.Stmt, muName),
	}, true
}

// lockAround is the edit of the statement-level lock fixes: "mu.Lock()"
// on a line of its own before st and "mu.Unlock()" after it.
func (c *checker) lockAround(st ast.Stmt, muName string) []analysis.TextEdit {
	return []analysis.TextEdit{
		edit.InsertBefore(c.pass, st, muName+".Lock()"),
		edit.InsertAfter(c.pass, st, muName+".Unlock()"),
	}
}

func containsKey(ks []key, k key) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// mutexType returns the type of the variable or field that key k names.
func mutexType(k key) types.Type {
	if k.root == nil {
		return nil
	}
	t := k.root.Type()
	if k.deref {
		p, ok := t.Underlying().(*types.Pointer)
		if !ok {
			return nil
		}
		t = p.Elem()
	}
	for _, i := range k.fieldIndexes() {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
		}
		st := structOf(t)
		if st == nil || i >= st.NumFields() {
			return nil
		}
		t = st.Field(i).Type()
	}
	return t
}

// nameInScope returns the source text naming key k at pos, when its root
// variable is visible there under its own name: a local variable of fn
// (local is then true), fn's parameter, or a package-level variable.
func (c *checker) nameInScope(fn *ssa.Function, k key, pos token.Pos) (string, bool, bool) {
	name := k.name()
	if name == "" {
		return "", false, false
	}
	root, _, _ := strings.Cut(name, ".")
	var obj types.Object
	local := false
	switch r := k.root.(type) {
	case *ssa.Alloc:
		if r.Parent() != fn || r.Comment != root {
			return "", false, false
		}
		// A local variable's Alloc is at its declaring identifier.
		scope := c.pass.Pkg.Scope().Innermost(pos)
		if scope == nil {
			return "", false, false
		}
		_, o := scope.LookupParent(root, pos)
		if o == nil || o.Pos() != r.Pos() {
			return "", false, false
		}
		obj, local = o, true
	case *ssa.Parameter:
		if r.Parent() != fn {
			return "", false, false
		}
		obj = r.Object()
	case *ssa.Global:
		obj = r.Object()
	default:
		return "", false, false
	}
	if obj == nil || !astx.InScope(c.pass.Pkg, pos, root, obj) {
		return "", false, false
	}
	return name, local, true
}

// lockableStmt reports whether st can be wrapped in Lock/Unlock without
// taking a lock again or blocking on a channel under it: a plain
// expression or assignment statement with no function literal, no
// channel operation, and only calls of builtins, conversions and static
// functions or methods of other packages than this one and sync.
func (c *checker) lockableStmt(st ast.Stmt) bool {
	switch st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt:
	default:
		return false
	}
	ok := true
	ast.Inspect(st, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.SendStmt:
			ok = false
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				ok = false
			}
		case *ast.CallExpr:
			if tv, found := c.pass.TypesInfo.Types[x.Fun]; found && (tv.IsType() || tv.IsBuiltin()) {
				return true
			}
			fn, _ := typeutil.Callee(c.pass.TypesInfo, x).(*types.Func)
			if fn == nil || fn.Pkg() == nil || fn.Pkg() == c.pass.Pkg || fn.Pkg().Path() == "sync" {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// calledInPackage reports whether code of the package calls fn, takes it
// as a method value, or calls a method of its name through an interface:
// such a caller may hold a mutex that fn would lock again.
func (c *checker) calledInPackage(fn *ssa.Function) bool {
	for _, f := range c.res.SrcFuncs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case ssa.CallInstruction:
					cc := x.Common()
					if cc.StaticCallee() == fn || cc.IsInvoke() && cc.Method.Name() == fn.Name() {
						return true
					}
				case *ssa.MakeClosure:
					if f, ok := x.Fn.(*ssa.Function); ok && (f == fn || f.Name() == fn.Name()+"$bound") {
						return true
					}
				}
			}
		}
		for _, mv := range f.Blocks {
			for _, instr := range mv.Instrs {
				for _, op := range instr.Operands(nil) {
					if op != nil && *op == fn {
						if ci, ok := instr.(ssa.CallInstruction); ok && ci.Common().Value == fn {
							continue // a plain call, counted above
						}
						return true // a function value
					}
				}
			}
		}
	}
	return false
}

// handOverFix hands the socket over to the goroutine when the launcher's
// one later use closes it, written as its own statement (s.Close() or
// defer s.Close()) in the same block as the go statement: the fix deletes
// that statement and closes the socket when the goroutine returns
// instead, with "defer s.Close()" as the first statement of the go'd
// function literal, or by wrapping a go'd call: "go func() { defer
// s.Close(); worker(s) }()". The launcher then no longer touches the
// socket after the go statement. It applies only when the goroutine does
// not close the socket itself, no other goroutine of the launcher uses it, the launcher's other uses all come
// before the go statement and none is deferred, nothing between a
// deferred Close and the go statement can return (the socket would leak
// there), and, for a wrapped call, the call's operands cannot change
// between the go statement and the goroutine's start.
func (c *checker) handOverFix(l *launcher, p finding, name string) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	m := p.other
	ci, ok := m.instr.(ssa.CallInstruction)
	if !ok || m.kind != evUse || c.res.Resolve(ci).Role() != zmqapi.Close {
		return none, false
	}
	if c.mayClose(p.g.instr, map[*ssa.Function]bool{}) {
		return none, false // the goroutine may close a socket already: no second Close
	}
	goPos := p.g.instr.Pos()
	for _, e := range l.evs {
		switch {
		case e.kind == evGo:
			if e.g != p.g && len(l.usesOf(e.g.uses, p.k)) > 0 {
				return none, false // another goroutine uses it too
			}
		case e == m:
		case len(l.usesOf([]*event{e}, p.k)) > 0:
			if e.deferred || e.pos >= goPos {
				return none, false
			}
		}
	}
	goSt, ok1 := astx.EnclosingStmt(c.pass, goPos)
	useSt, ok2 := astx.EnclosingStmt(c.pass, m.instr.Pos())
	if !ok1 || !ok2 || len(goSt.List) == 0 || len(useSt.List) == 0 || &goSt.List[0] != &useSt.List[0] {
		return none, false
	}
	gs, ok := goSt.Stmt.(*ast.GoStmt)
	if !ok {
		return none, false
	}
	var closeCall *ast.CallExpr
	switch st := useSt.Stmt.(type) {
	case *ast.ExprStmt:
		closeCall, _ = st.X.(*ast.CallExpr)
		if useSt.Index < goSt.Index {
			return none, false // a plain Close before the go: not the race
		}
	case *ast.DeferStmt:
		closeCall = st.Call
		if useSt.Index < goSt.Index {
			for _, between := range useSt.List[useSt.Index+1 : goSt.Index] {
				if leaves(between) {
					return none, false // the socket would leak on that path
				}
			}
		}
	}
	if closeCall == nil || len(closeCall.Args) > 0 {
		return none, false
	}
	sel, ok := closeCall.Fun.(*ast.SelectorExpr)
	if !ok || !c.stableExpr(l.fn, sel.X, useSt.Stmt.Pos()) {
		return none, false
	}
	f := edit.FileOf(c.pass, useSt.Stmt.Pos())
	if f == nil {
		return none, false
	}
	del, _, ok := f.DeleteLines(useSt.Stmt.Pos(), useSt.Stmt.End())
	if !ok {
		return none, false
	}
	closeText := "defer " + f.Text(closeCall)
	if strings.Contains(closeText, "\n") {
		return none, false
	}
	var ins analysis.TextEdit
	if lit, ok := gs.Call.Fun.(*ast.FuncLit); ok {
		body := lit.Body.List
		if len(body) == 0 || !c.sameInScope(sel.X, body[0].Pos()) {
			return none, false
		}
		ins = f.InsertBefore(body[0], closeText)
	} else {
		call := f.Text(gs.Call)
		if call == "" || strings.Contains(call, "\n") || !c.stableExpr(l.fn, gs.Call, goPos) {
			return none, false
		}
		indent := f.Indent(gs.Pos())
		ins = analysis.TextEdit{Pos: gs.Call.Pos(), End: gs.Call.End(), NewText: []byte(f.Lines(
			"func() {\n" + indent + "\t" + closeText + "\n" + indent + "\t" + call + "\n" + indent + "}()"))}
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("hand %s over to the goroutine started on line %d: it closes %s when it returns, instead of %s here", name, c.line(goPos), name, strings.TrimPrefix(closeText, "defer ")),
		TextEdits: []analysis.TextEdit{del, ins},
	}, true
}

// leaves reports whether statement st may leave the function or jump: a
// return, a branch or a goto outside function literals.
func leaves(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		}
		return !found
	})
	return found
}

// sameInScope reports whether every identifier of e denotes, at pos, the
// object it denotes where e is written (the selected names of selectors
// are not looked up in scope).
func (c *checker) sameInScope(e ast.Expr, pos token.Pos) bool {
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			ok = ok && c.sameInScope(x.X, pos)
			return false
		case *ast.Ident:
			if obj := c.pass.TypesInfo.Uses[x]; obj != nil && !astx.InScope(c.pass.Pkg, pos, x.Name, obj) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

// stableExpr reports whether evaluating e later in fn gives what it gives
// at pos: it is made of identifiers, selectors, literals and (for a go'd
// call) one call whose arguments are such, and every variable in it is a
// local variable or parameter of fn assigned only where it is declared
// and never addressed, or a package-level function, constant or type.
func (c *checker) stableExpr(fn *ssa.Function, e ast.Expr, pos token.Pos) bool {
	decl := fn.Syntax()
	if decl == nil {
		return false
	}
	ok := true
	top := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !ok || n == nil {
			return false
		}
		switch x := n.(type) {
		case *ast.CallExpr:
			if !top {
				ok = false // a call among the operands runs at another time
			}
			top = false
		case *ast.Ident:
			switch obj := c.pass.TypesInfo.Uses[x].(type) {
			case nil, *types.Func, *types.Const, *types.TypeName, *types.PkgName, *types.Builtin, *types.Nil:
			case *types.Var:
				if obj.IsField() {
					return true
				}
				if obj.Parent() == nil || obj.Parent() == c.pass.Pkg.Scope() || !(decl.Pos() <= obj.Pos() && obj.Pos() < decl.End()) || reassigned(c.pass.TypesInfo, decl, obj) {
					ok = false
				}
			default:
				ok = false
			}
		case *ast.SelectorExpr, *ast.BasicLit, *ast.ParenExpr:
		default:
			ok = false
		}
		return ok
	})
	return ok && c.sameInScope(e, pos)
}

// reassigned reports whether obj is assigned in n other than where it is
// declared, incremented, or has its address taken.
func reassigned(info *types.Info, n ast.Node, obj types.Object) bool {
	found := false
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == obj
	}
	astutil.Apply(n, func(cur *astutil.Cursor) bool {
		switch x := cur.Node().(type) {
		case *ast.AssignStmt:
			for _, lhs := range x.Lhs {
				if is(lhs) {
					found = true
				}
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && is(x.X)
		case *ast.RangeStmt:
			found = found || is(x.Key) || x.Value != nil && is(x.Value)
		}
		return !found
	}, nil)
	return found
}

// methodLockUseFix locks the mutex around method m's use e of the socket
// field, as its own statement ("w.mu.Lock()", the use, "w.mu.Unlock()"),
// when lockFix's lock of the whole method is not safe but this is: the
// goroutine's use holds the mutex (so the edit removes the finding), the
// use holds no mutex, its statement passes lockableStmt (nothing in it
// can lock again or wait on a channel; the rest of the method stays
// outside the lock), and nothing in the package calls m (a caller may
// hold the mutex).
func (c *checker) methodLockUseFix(s *fieldStart, m *ssa.Function, e *event, mu, muPath, name string) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if !relSet(s.use.held, s.self)[muPath] || len(e.held) > 0 || e.kind != evUse || e.instr.Parent() != m {
		return none, false
	}
	recv := m.Params[0]
	if recv.Object() == nil || recv.Name() == "_" {
		return none, false
	}
	st, ok := astx.EnclosingStmt(c.pass, e.instr.Pos())
	if !ok || !c.lockableStmt(st.Stmt) || !astx.InScope(c.pass.Pkg, st.Stmt.Pos(), recv.Name(), recv.Object()) {
		return none, false
	}
	if c.calledInPackage(m) {
		return none, false
	}
	muName := recv.Name() + "." + mu
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("lock %s around %s.%s in %s", muName, name, e.what, m.Name()),
		TextEdits: c.lockAround(st.Stmt, muName),
	}, true
}

// handlerLockFix locks the mutex field beside the socket field around a
// handler's use of it ("s.mu.Lock()", the use, "s.mu.Unlock()"), for a
// handler racing with itself when the struct already has the mutex:
// requests then take turns on the socket. It applies when the handler
// has that one use of the socket, every use by the launcher's other
// goroutines and callbacks already holds the same mutex (so no new pair
// is left unordered), the use's statement passes lockableStmt, and the
// function around it is not called by code of the package (which might
// hold the mutex) — the server calls it, on a goroutine of its own.
func (c *checker) handlerLockFix(l *launcher, f finding, name string) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || !isSelectorPath(name[:i]) {
		return none, false
	}
	mu, idx := mutexFieldBeside(f.k)
	if mu == "" {
		return none, false
	}
	uses := l.usesOf(f.g.uses, f.k)
	if len(uses) != 1 || uses[0].pos != f.other.pos || len(f.other.held) > 0 {
		return none, false
	}
	for _, e := range l.evs {
		if e.kind != evGo || e.g == f.g {
			continue
		}
		for _, u := range l.usesOf(e.g.uses, f.k) {
			mk, ok := siblingField(u.key, idx)
			if !ok || !containsKey(u.held, mk) {
				return none, false
			}
		}
	}
	st, ok := astx.EnclosingStmt(c.pass, f.other.pos)
	if !ok || !c.lockableStmt(st.Stmt) {
		return none, false
	}
	for _, n := range st.Path {
		if decl, ok := n.(*ast.FuncDecl); ok {
			fn, _ := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
			if fn == nil || c.calledByName(fn) {
				return none, false
			}
			break
		}
		if _, ok := n.(*ast.FuncLit); ok {
			break
		}
	}
	muName := name[:i] + "." + mu
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("lock %s around %s.%s in the handler, so that requests take turns", muName, name, f.other.what),
		TextEdits: c.lockAround(st.Stmt, muName),
	}, true
}

// isSelectorPath reports whether s is an identifier or a chain of
// selectors of identifiers ("s", "h.conn"): text that names the same
// struct again when repeated.
func isSelectorPath(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if !token.IsIdentifier(part) {
			return false
		}
	}
	return true
}

// mutexFieldBeside is mutexBeside with the mutex field's index.
func mutexFieldBeside(k key) (string, int) {
	name := mutexBeside(k)
	if name == "" {
		return "", 0
	}
	idx := k.fieldIndexes()
	t := mutexType(key{root: k.root, deref: k.deref, fields: parentFields(k.fields)})
	st := structOf(t)
	if st == nil || len(idx) == 0 {
		return "", 0
	}
	for i := range st.NumFields() {
		if st.Field(i).Name() == name {
			return name, i
		}
	}
	return "", 0
}

// parentFields drops the last field of a key's field path.
func parentFields(fields string) string {
	if i := strings.LastIndexByte(fields, '.'); i >= 0 {
		return fields[:i]
	}
	return ""
}

// siblingField returns the key of field idx of the struct whose field k
// is.
func siblingField(k key, idx int) (key, bool) {
	if k.fields == "" {
		return key{}, false
	}
	return key{root: k.root, deref: k.deref, fields: parentFields(k.fields) + "." + strconv.Itoa(idx)}, true
}

// calledByName reports whether code of the package calls fn statically,
// or a method of its name through an interface.
func (c *checker) calledByName(fn *types.Func) bool {
	for _, f := range c.res.SrcFuncs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				cc := ci.Common()
				if callee := cc.StaticCallee(); callee != nil && callee.Object() == fn {
					return true
				}
				if cc.IsInvoke() && cc.Method.Name() == fn.Name() {
					return true
				}
			}
		}
	}
	return false
}

// mayClose reports whether the call (a go statement's) may close a
// socket: a binding Close, or a function of this package that calls one
// (directly, in a function literal, or through another function of the
// package); a go'd call into unknown code (another package's function, a
// dynamic call), or a socket passed to such code on the way, may too.
func (c *checker) mayClose(call ssa.CallInstruction, seen map[*ssa.Function]bool) bool {
	if r := c.res.Resolve(call); r.Role() != zmqapi.None {
		return r.Role() == zmqapi.Close
	}
	callee := call.Common().StaticCallee()
	if callee == nil || callee.Pkg != c.res.Pkg {
		return true
	}
	return c.funcMayClose(callee, seen)
}

func (c *checker) funcMayClose(fn *ssa.Function, seen map[*ssa.Function]bool) bool {
	if seen[fn] {
		return false
	}
	seen[fn] = true
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, builtin := ci.Common().Value.(*ssa.Builtin); builtin {
				continue
			}
			if r := c.res.Resolve(ci); r.Role() != zmqapi.None {
				if r.Role() == zmqapi.Close {
					return true
				}
				continue
			}
			callee := ci.Common().StaticCallee()
			if callee != nil && callee.Pkg == c.res.Pkg {
				if c.funcMayClose(callee, seen) {
					return true
				}
				continue
			}
			for _, arg := range ci.Common().Args {
				if _, socket := c.res.Model.SharingOf(arg.Type()); socket {
					return true // a socket handed to code we cannot see
				}
			}
		}
	}
	for _, af := range fn.AnonFuncs {
		if c.funcMayClose(af, seen) {
			return true
		}
	}
	return false
}
