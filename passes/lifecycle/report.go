package lifecycle

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// closeMethod is the method that closes r ("Close", goczmq "Destroy",
// "Term" for a context).
func closeMethod(r *resource) string {
	if r.context {
		return "Term"
	}
	if m := r.call.Entry.CloseMethod; m != "" {
		return m
	}
	return "Close"
}

func (r *resource) kind() string {
	if r.context {
		return "context"
	}
	return "socket"
}

// name returns the source expression r was assigned to, and its
// identifier when it is one.
func (c *checker) name(r *resource) (string, *ast.Ident) {
	return astx.AssignedExpr(c.pass, r.create.Pos(), 0)
}

func (c *checker) line(pos token.Pos) int { return astx.Line(c.pass, pos) }

// leakCategory is the category of a report that r leaks.
func leakCategory(r *resource) string {
	if r.context {
		return catLeakedContext
	}
	return catLeakedSocket
}

func (c *checker) reportLeak(r *resource, rs []*resource) {
	name, id := c.name(r)
	label := name
	subject := r.kind() + " " + name // "socket s"
	if label == "" {
		label = "the " + r.kind()
		subject = "a " + r.kind() + " created here" // in a composite literal, say
	}
	d := analysis.Diagnostic{Pos: r.create.Pos(), Category: leakCategory(r)}
	if r.loop {
		d.Message = fmt.Sprintf("%s is created in a loop and not closed before the next iteration replaces it: every iteration but the last leaks it (call %s)",
			subject, closeMethod(r))
	} else {
		d.Message = fmt.Sprintf("%s is not closed on all paths: the return on line %d leaks it (call %s)",
			subject, c.line(c.returnPos(r, r.leaks[0])), closeMethod(r))
		if r.liveOnError {
			d.Message += fmt.Sprintf("; %s returns it open together with its error", calleeName(r))
		}
		for _, ret := range r.leaks {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: c.returnPos(r, ret), Message: label + " leaks here"})
		}
	}
	if name != "" {
		if fix, ok := c.leakFix(r, name, id, rs); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	switch {
	case r.loop && r.closedInLoopBody:
		d = report.NoFix(d, "loop-closed-in-body")
	case r.loop:
		d = report.NoFix(d, "leak-in-loop")
	default:
		d = report.NoFix(d, "leak-on-path")
	}
	c.leakDiag[r] = &d
}

// mergeLeak folds the leak report of socket s into d, the report of Term t
// waiting for it, when a path that leaks s runs t: one bug, one report.
// term-while-open is kept as the more specific of the two (it names the
// hang the leak causes); the leaking returns become its related
// positions, and the leak's fix, which closes s on every leaking path
// before any Term, is preferred to the Term's own.
func (c *checker) mergeLeak(s *resource, t ssa.Instruction, d *analysis.Diagnostic) {
	leak := c.leakDiag[s]
	if leak == nil || s.loop {
		return
	}
	var on []ssa.Instruction
	for _, ret := range s.leaks {
		if flow.Reachable(t, ret, nil) {
			on = append(on, ret)
		}
	}
	if len(on) == 0 {
		return // the leak is on other paths: a bug of its own
	}
	if len(leak.SuggestedFixes) == 0 && len(d.SuggestedFixes) > 0 && len(on) < len(s.leaks) {
		// The Term's own fix closes s before the Term only; the leak
		// has no fix and leaks s on other returns too, which no path
		// through the Term reaches. Merged, the report would keep a fix
		// that leaves those, which -fix's self-check then refuses as a
		// new finding (red team 2, B1): two reports, the Term's with
		// its fix.
		return
	}
	name, _ := c.name(s)
	d.Message += fmt.Sprintf(" (%s is not closed on the path to the return on line %d)", name, c.line(c.returnPos(s, on[0])))
	d.Related = append(d.Related, leak.Related...)
	if len(leak.SuggestedFixes) > 0 {
		d.SuggestedFixes = leak.SuggestedFixes
	}
	delete(c.leakDiag, s)
}

// returnPos is the position of a return, or of the closing brace for the
// implicit return at the end of a function.
func (c *checker) returnPos(r *resource, ret ssa.Instruction) token.Pos {
	if p := ret.Pos(); p.IsValid() {
		return p
	}
	if body := r.fn.Syntax(); body != nil {
		return body.End() - 1
	}
	return r.create.Pos()
}

// leakFix closes r where it leaks. When r is never closed and never
// escapes, a "defer name.Close()" after its creation (placed by
// deferPlace) is simplest and covers every path. When it is closed or
// escapes somewhere (returned on success, stored in a field, closed at the
// end), a defer would close it twice or close what the caller receives, so
// the Close goes right before each leaking return instead; but when the
// only Close is a "defer name.Close()" further down, moving that defer up
// is what a person would write.
func (c *checker) leakFix(r *resource, name string, id *ast.Ident, rs []*resource) (analysis.SuggestedFix, bool) {
	if startsGoroutine(r.fn) {
		// A goroutine of the function may reach the socket through
		// something this check does not follow (a poller it polls): a
		// Close at the return would run while it still uses the socket,
		// a sockshare finding the fix would create.
		return analysis.SuggestedFix{}, false
	}
	if r.loop && r.escapes() {
		// A socket made in a loop that is handed on in some iteration (a
		// retry loop returning the socket that connected): a defer in the
		// body would close what the caller receives, and the leak is on
		// the path back to the loop head, where no statement of ours can
		// be named. Red team J11. (A socket that is only closed keeps the
		// defer: a second Close is harmless in every binding.)
		return analysis.SuggestedFix{}, false
	}
	fix, ok, endClosed := c.loopBranchFix(r, name, id)
	if ok {
		return fix, true
	}
	if endClosed {
		r.closedInLoopBody = true
		// Closed on some path of the iteration, in a shape the local
		// close does not cover: a defer in the body would close it a
		// second time at return and keep the skipped ones open until
		// then (red team 2, B4). No fix.
		return analysis.SuggestedFix{}, false
	}
	if (r.loop || !r.closedOrEscapes()) && !r.maybeNil {
		if fix, ok := c.deferCloseFix(r, name, rs); ok || r.loop {
			return fix, ok
		}
		// No safe place for a defer: close before each leaking return.
	}
	var obj types.Object
	if id != nil {
		obj = c.pass.TypesInfo.ObjectOf(id)
	}
	if c.reassigned(r, name, obj) {
		// "name" may hold another socket (or nil) at a later return.
		return analysis.SuggestedFix{}, false
	}
	if r.maybeNil {
		// The wrapper returns nil on some error paths and the socket on
		// others: a defer before the error check, or a moved one, would
		// call Close on nil there.
	} else if fix, ok := c.moveDeferFix(r, name, rs); ok {
		return fix, true
	}
	var edits, imports []analysis.TextEdit
	bounded := false
	for _, ret := range r.leaks {
		if !ret.Pos().IsValid() {
			return analysis.SuggestedFix{}, false // falls off the end
		}
		st, ok := astx.EnclosingStmt(c.pass, ret.Pos())
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		rst, ok := st.Stmt.(*ast.ReturnStmt)
		if !ok || c.mentions(rst, name, obj) {
			return analysis.SuggestedFix{}, false // the results may use it
		}
		if obj != nil && !astx.InScope(c.pass.Pkg, rst.Pos(), id.Name, obj) {
			return analysis.SuggestedFix{}, false
		}
		if r.unguarded(ret) {
			return analysis.SuggestedFix{}, false // name may be nil there
		}
		if r.context && (socketOpenAt(r, rs, ret) || socketCloseDeferredAt(r, rs, ret)) {
			// Term there would block on the open socket: its own
			// leaked-socket fix comes first; or on a socket whose
			// deferred Close runs only after the return.
			return analysis.SuggestedFix{}, false
		}
		// Close before a Term that precedes the return on that path:
		// closing after it would never run (Term blocks on the socket).
		at := ast.Stmt(rst)
		for k := st.Index - 1; k >= 0 && c.callsTerm(st.List[k]); k-- {
			at = st.List[k]
		}
		text := fmt.Sprintf("%s.%s()", name, closeMethod(r))
		if r.maybeNil {
			text = fmt.Sprintf("if %s != nil {\n\t%s\n}", name, text)
		}
		if (at != ast.Stmt(rst) || c.callsTerm(rst)) && c.lingerRisk(r, ret) {
			// The new Close runs right before a Term after sends: with
			// the default infinite linger the Term would wait for the
			// queued messages forever (close-without-linger, red team
			// J10), so the linger is bounded first.
			l, ok := c.lingerFor(r, name, at, ret)
			if !ok {
				return analysis.SuggestedFix{}, false
			}
			text = l.text + "\n" + text
			if imports == nil {
				imports = l.imports
			}
			bounded = true
		}
		edits = append(edits, edit.InsertBefore(c.pass, at, text))
	}
	msg := fmt.Sprintf("Call %s.%s() before each return that leaks it", name, closeMethod(r))
	if bounded {
		msg = fmt.Sprintf("Bound the linger of %s to one second and close it before each return that leaks it", name)
	}
	return analysis.SuggestedFix{
		Message:   msg,
		TextEdits: append(edits, imports...),
	}, true
}

// moveDeferFix moves the only release of r, a "defer name.Close()" in the
// statement list of r's creation, up to the place deferPlace chooses, when
// that covers every leaking return and crosses no deferred Term (moving a
// Close's defer above a Term's would make the Term run first). Other
// defers it crosses now run before the Close instead of after it: a wait
// for the socket's users then orders them before the Close, which only
// helps, so unlike the swap (swapDefersFix) this move needs no quiet
// defers in between.
func (c *checker) moveDeferFix(r *resource, name string, rs []*resource) (analysis.SuggestedFix, bool) {
	var only ssa.Instruction
	for instr, e := range r.track.Events {
		switch e {
		case flow.Close, flow.Escape:
			return analysis.SuggestedFix{}, false
		case flow.DeferClose:
			if only != nil {
				return analysis.SuggestedFix{}, false
			}
			only = instr
		}
	}
	d, ok := only.(*ssa.Defer)
	if !ok || !r.track.Direct[c.res.Resolve(d).Recv] {
		return analysis.SuggestedFix{}, false
	}
	dst, ok := astx.EnclosingStmt(c.pass, d.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	st, idx, ok := c.deferPlace(r, rs)
	if !ok || !sameList(st, dst) || dst.Index <= idx {
		return analysis.SuggestedFix{}, false
	}
	for _, t := range c.termDefers(r.fn) {
		if t.Pos() > st.List[idx].End() && t.Pos() < dst.Stmt.Pos() {
			return analysis.SuggestedFix{}, false
		}
	}
	text := astx.Text(c.pass, dst.Stmt)
	del, ok := deleteLines(c.pass, dst.Stmt)
	if text == "" || !ok {
		return analysis.SuggestedFix{}, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Move the defer of %s.%s() up to right after its creation", name, closeMethod(r)),
		TextEdits: []analysis.TextEdit{edit.InsertAfter(c.pass, st.List[idx], text), del},
	}, true
}

// escapes reports whether r is handed on somewhere in its function:
// returned, stored, passed to unknown code.
func (r *resource) escapes() bool {
	for _, e := range r.track.Events {
		if e == flow.Escape {
			return true
		}
	}
	return false
}

// closedOrEscapes reports whether r is closed (directly or deferred) or
// escapes anywhere in its function.
func (r *resource) closedOrEscapes() bool {
	for _, e := range r.track.Events {
		if e == flow.Close || e == flow.DeferClose || e == flow.Escape {
			return true
		}
	}
	return false
}

// socketOpenAt reports whether a socket of context ctx created in the same
// function leaks at return ret.
func socketOpenAt(ctx *resource, rs []*resource, ret ssa.Instruction) bool {
	for _, s := range rs {
		if s.context || s.ctx == nil || !ctx.track.Values[s.ctx] {
			continue
		}
		for _, l := range s.leaks {
			if l == ret {
				return true
			}
		}
	}
	return false
}

// socketCloseDeferredAt reports whether a socket of context ctx has a
// deferred Close registered on some path to return ret: a Term inserted
// before ret would run before it.
func socketCloseDeferredAt(ctx *resource, rs []*resource, ret ssa.Instruction) bool {
	for _, s := range rs {
		if s.context || s.ctx == nil || !ctx.track.Values[s.ctx] {
			continue
		}
		for instr, e := range s.track.Events {
			if e == flow.DeferClose && flow.Reachable(instr, ret, nil) {
				return true
			}
		}
	}
	return false
}

// deferCloseFix inserts "defer name.Close()" where deferPlace finds it
// safe: after r's creation, after the check of its error, after every
// Term deferred later.
func (c *checker) deferCloseFix(r *resource, name string, rs []*resource) (analysis.SuggestedFix, bool) {
	st, idx, ok := c.deferPlace(r, rs)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	text := fmt.Sprintf("defer %s.%s()", name, closeMethod(r))
	msg := fmt.Sprintf("Defer %s.%s() after its creation", name, closeMethod(r))
	if _, afterDefer := st.List[idx].(*ast.DeferStmt); afterDefer {
		msg = fmt.Sprintf("Defer %s.%s() after the deferred Term on line %d, so that it runs first", name, closeMethod(r), c.line(st.List[idx].Pos()))
	}
	return analysis.SuggestedFix{
		Message:   msg,
		TextEdits: []analysis.TextEdit{edit.InsertAfter(c.pass, st.List[idx], text)},
	}, true
}

func (c *checker) reportUseAfterClose(fn *ssa.Function, name, closeName string, use ssa.Instruction, closes map[ssa.Instruction]bool) {
	if name == "" {
		name = "the socket"
	}
	var cls []ssa.Instruction
	for cl := range closes {
		cls = append(cls, cl)
	}
	sort.Slice(cls, func(i, j int) bool { return cls[i].Pos() < cls[j].Pos() })
	if closeName == "" {
		closeName = "Close"
		if callee := c.res.Resolve(cls[0].(ssa.CallInstruction)).Callee; callee != nil {
			closeName = callee.Name()
		}
	}
	method := c.res.Resolve(use.(ssa.CallInstruction)).Callee.Name()
	d := analysis.Diagnostic{
		Pos:      use.Pos(),
		Category: catUseAfterClose,
		Message: fmt.Sprintf("%s.%s is called after %s was closed on line %d: every path here closes it first",
			name, method, name, c.line(cls[0].Pos())),
	}
	for _, cl := range cls {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: cl.Pos(), Message: name + " is closed here"})
	}
	// Fix: defer the Close instead (inserting "defer " removes nothing),
	// when there is exactly one, it is a plain statement of this
	// function's body, and not in a loop.
	if len(cls) == 1 {
		if st, ok := astx.EnclosingStmt(c.pass, cls[0].Pos()); ok && !st.InLoop() && !c.termReachable(cls[0]) {
			if es, ok := st.Stmt.(*ast.ExprStmt); ok && sameFunc(st.Path, fn) {
				d.SuggestedFixes = []analysis.SuggestedFix{{
					Message:   fmt.Sprintf("Defer the %s.%s() on line %d to the end of the function", name, closeName, c.line(cls[0].Pos())),
					TextEdits: []analysis.TextEdit{{Pos: es.Pos(), End: es.Pos(), NewText: []byte("defer ")}},
				}}
			}
		}
	}
	c.report(report.NoFix(d, "closed-before-use"))
}

// sameFunc reports whether the innermost function around a syntax path is
// fn's own syntax.
func sameFunc(path []ast.Node, fn *ssa.Function) bool {
	for _, n := range path {
		switch n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return n == fn.Syntax()
		}
	}
	return false
}

// reportTermWhileOpenGo is reportTermWhileOpen for a direct Term, where
// goUse (if not nil) is a goroutine that uses the socket on the path: the
// Close-before-Term edit would close it under that goroutine, so the
// finding has no fix and says to stop the goroutine first.
func (c *checker) reportTermWhileOpenGo(s *resource, t ssa.Instruction, goUse ssa.Instruction) {
	if goUse == nil {
		c.reportTermWhileOpen(s, t, nil)
		return
	}
	n := len(c.diag)
	c.reportTermWhileOpen(s, t, nil)
	if len(c.diag) == n {
		return
	}
	d := &c.diag[len(c.diag)-1]
	name, _ := c.name(s)
	if name == "" {
		name = "the socket"
	}
	d.Message = strings.TrimSuffix(d.Message, ")")
	d.Message += fmt.Sprintf("; the goroutine started on line %d uses %s: stop it, then close %s before the Term", c.line(goUse.Pos()), name, name)
	d.Related = append(d.Related, analysis.RelatedInformation{Pos: goUse.Pos(), Message: "this goroutine uses " + name})
	d.SuggestedFixes = nil
	*d = report.NoFix(*d, "term-open-socket-goroutine")
}

func (c *checker) reportTermWhileOpen(s *resource, t interface{ Pos() token.Pos }, deferredClose ssa.Instruction) {
	name, id := c.name(s)
	if name == "" {
		name = "a socket"
	}
	term := c.res.Resolve(t.(ssa.CallInstruction))
	termText := "Term"
	if st, ok := astx.EnclosingStmt(c.pass, t.Pos()); ok {
		termText = strings.TrimPrefix(astx.Text(c.pass, st.Stmt), "defer ")
	}
	d := analysis.Diagnostic{
		Pos:      t.Pos(),
		Category: catTermWhileOpen,
		Related:  []analysis.RelatedInformation{{Pos: s.create.Pos(), Message: name + " is created here"}},
	}
	deferred := term.Instr != nil && flow.IsDeferred(term.Instr)
	switch {
	case deferredClose != nil:
		// Name the deferred call as written: a helper (defer
		// bus.Shutdown(s)) or goczmq's Destroy is not "s.Close()".
		closeText := name + "." + closeMethod(s) + "()"
		if st, ok := astx.EnclosingStmt(c.pass, deferredClose.Pos()); ok {
			if ds, ok := st.Stmt.(*ast.DeferStmt); ok {
				if txt := astx.Text(c.pass, ds.Call); txt != "" && !strings.Contains(txt, "\n") {
					closeText = txt
				}
			}
		}
		d.Message = fmt.Sprintf("%s is deferred after the defer of %s on line %d: defers run last-in first-out, so Term runs first and blocks forever while %s is open",
			termText, closeText, c.line(deferredClose.Pos()), name)
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: deferredClose.Pos(), Message: "Close is deferred here"})
		if fix, ok := c.swapDefersFix(s, deferredClose, t.(ssa.Instruction)); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	case deferred:
		d.Message = fmt.Sprintf("%s runs when the function returns while socket %s (line %d) may still be open: Term blocks until every socket of the context is closed",
			termText, name, c.line(s.create.Pos()))
		if fix, ok := c.leakFix(s, name, id, c.rs[s.fn]); ok && name != "a socket" && (s.loop || len(s.leaks) > 0) {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	default:
		d.Message = fmt.Sprintf("%s is reached while socket %s (line %d) may still be open: Term blocks until every socket of the context is closed",
			termText, name, c.line(s.create.Pos()))
		if id != nil {
			if st, ok := astx.EnclosingStmt(c.pass, t.Pos()); ok {
				obj := c.pass.TypesInfo.ObjectOf(id)
				if obj != nil && astx.InScope(c.pass.Pkg, st.Stmt.Pos(), id.Name, obj) {
					d.SuggestedFixes = []analysis.SuggestedFix{{
						Message:   fmt.Sprintf("Close %s before the Term", name),
						TextEdits: []analysis.TextEdit{edit.InsertBefore(c.pass, st.Stmt, fmt.Sprintf("%s.%s()", name, closeMethod(s)))},
					}}
				}
			}
		}
	}
	if deferredClose == nil {
		c.mergeLeak(s, t.(ssa.Instruction), &d)
	}
	switch {
	case deferredClose != nil:
		d = report.NoFix(d, "defers-not-swappable")
	case deferred:
		d = report.NoFix(d, "deferred-term-open-socket")
	default:
		d = report.NoFix(d, "term-open-socket")
	}
	c.report(d)
}

// swapDefersFix exchanges the two defer statements when they sit in the
// same statement list. Once the Close runs before the Term, the Term waits
// for the messages s still queues: when s would then be a
// close-without-linger finding, the fix also bounds its linger.
func (c *checker) swapDefersFix(s *resource, closeDefer ssa.Instruction, term ssa.Instruction) (analysis.SuggestedFix, bool) {
	a, ok1 := astx.EnclosingStmt(c.pass, closeDefer.Pos())
	b, ok2 := astx.EnclosingStmt(c.pass, term.Pos())
	if !ok1 || !ok2 || !sameList(a, b) {
		return analysis.SuggestedFix{}, false
	}
	// The swap moves the Close after, and the Term before, every defer
	// registered between the two: each must be known not to wait for (or
	// release) the goroutines that use s, or the Close would run while
	// they still do. And a return between the two would, after the swap,
	// run the Term without the Close.
	if !c.defersQuiet(s, a.Stmt.End(), b.Stmt.Pos()) || leavesBetween(closeDefer, term) {
		return analysis.SuggestedFix{}, false
	}
	ta, tb := astx.Text(c.pass, a.Stmt), astx.Text(c.pass, b.Stmt)
	if ta == "" || tb == "" {
		return analysis.SuggestedFix{}, false
	}
	msg := "Swap the two defers so that Close runs before Term"
	var imports []analysis.TextEdit
	if name, _ := c.name(s); name != "" && c.lingerRisk(s, closeDefer) {
		l, ok := c.lingerFor(s, name, a.Stmt, term)
		if !ok {
			return analysis.SuggestedFix{}, false
		}
		indent := edit.Indent(c.pass, b.Stmt.Pos())
		text := strings.ReplaceAll(l.text, "\n", "\n"+indent)
		if l.after {
			ta += "\n" + indent + text
		} else {
			ta = text + "\n" + indent + ta
		}
		if f := edit.FileOf(c.pass, b.Stmt.Pos()); f != nil {
			ta = f.Lines(ta)
		}
		imports = l.imports
		msg = fmt.Sprintf("Swap the two defers so that Close runs before Term, and bound the linger of %s to one second", name)
	}
	return analysis.SuggestedFix{
		Message: msg,
		TextEdits: append([]analysis.TextEdit{
			{Pos: a.Stmt.Pos(), End: a.Stmt.End(), NewText: []byte(tb)},
			{Pos: b.Stmt.Pos(), End: b.Stmt.End(), NewText: []byte(ta)},
		}, imports...),
	}, true
}

func (c *checker) reportNoLinger(s *resource, cl ssa.Instruction, t interface{ Pos() token.Pos }) {
	name, _ := c.name(s)
	if name == "" {
		name = "the socket"
	}
	shape := "no-linger-place"
	// A deferred Term runs at return, after the Close, wherever its defer
	// is written: "a Term follows on line 93" would point above the Close.
	follows := fmt.Sprintf("a Term follows on line %d", c.line(t.Pos()))
	if ti, ok := t.(ssa.Instruction); ok && flow.IsDeferred(ti) {
		follows = fmt.Sprintf("the Term deferred on line %d runs after it at return", c.line(t.Pos()))
	}
	d := analysis.Diagnostic{
		Pos:      cl.Pos(),
		Category: catNoLinger,
		Message: fmt.Sprintf("%s is closed with the default infinite linger after sending, and %s: Term waits until every queued message is delivered, forever if the peer is gone (set a finite linger before closing)",
			name, follows),
		Related: []analysis.RelatedInformation{{Pos: t.Pos(), Message: "Term waits here"}},
	}
	// The fix bounds the wait rather than dropping the messages: with
	// SetLinger(0), Close discards what is still queued even when the peer
	// is there (a red team measured 0 of 20 messages delivered, against 20
	// of 20 before); a one-second linger delivers them when the peer is up
	// and lets Term return within a second when it is gone.
	if st, ok := astx.EnclosingStmt(c.pass, cl.Pos()); ok && name != "the socket" {
		if l, ok := c.lingerFor(s, name, st.Stmt, cl); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Bound the linger of %s to one second before closing it", name),
				TextEdits: l.edits(c.pass, st.Stmt),
			}}
		} else if edits, ok := c.lingerElse(s, name, st.Stmt, cl); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Bound the linger of %s to one second on the paths that do not set it", name),
				TextEdits: edits,
			}}
		} else if c.lingerSetReaches(s, cl) {
			// A SetLinger of the author's runs on some paths: a call
			// before the Close would override it, and no single place
			// covers exactly the other paths.
			d.Message = strings.TrimSuffix(d.Message, ")") + " on the paths that do not set it already; no edit: a SetLinger before the Close would override yours)"
			shape = "linger-set-on-path"
		}
	}
	c.report(report.NoFix(d, shape))
}

// checkLingerUnits reports pebbe SetLinger calls whose argument is an
// untyped constant other than 0 and -1: SetLinger takes a time.Duration,
// so SetLinger(500) is 500ns, which libzmq receives as 0ms.
func (c *checker) checkLingerUnits() {
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return true
			}
			fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
			e := c.res.Model.Lookup(fn)
			if e == nil || e.Role != zmqapi.SetLinger || !e.LingerIsDuration {
				return true
			}
			arg := call.Args[0]
			tv, ok := c.pass.TypesInfo.Types[arg]
			if !ok || tv.Value == nil || !untypedConst(c.pass.TypesInfo, arg) {
				return true
			}
			v, exact := constant.Int64Val(tv.Value)
			if !exact || v == 0 || v == -1 || v >= 1e6 || v <= -1e6 {
				// 0 and -1 mean what they say; a millisecond or more
				// is a deliberate count of nanoseconds (SetLinger(1e9)).
				return true
			}
			c.reportLingerUnit(f, call, arg, v)
			return true
		})
	}
}

func (c *checker) reportLingerUnit(f *ast.File, call *ast.CallExpr, arg ast.Expr, v int64) {
	text := astx.Text(c.pass, arg)
	if text == "" {
		// The source is not readable through pass.ReadFile: report, but
		// offer no edit rather than a broken one.
		c.report(report.NoFix(analysis.Diagnostic{
			Pos: arg.Pos(), End: arg.End(), Category: catLingerUnit,
			Message: fmt.Sprintf("SetLinger sets a linger of %dns, which libzmq receives as %dms: pebbe's SetLinger takes a time.Duration", v, v/1e6),
		}, "source-unreadable"))
		return
	}
	timeName, imports, ok := edit.Import(c.pass, f, "time", arg.Pos())
	if !ok {
		// "time" is shadowed at the call: report, but offer no edit
		// that would not compile.
		c.report(report.NoFix(analysis.Diagnostic{
			Pos: arg.Pos(), End: arg.End(), Category: catLingerUnit,
			Message: fmt.Sprintf("SetLinger(%s) sets a linger of %dns, which libzmq receives as %dms: pebbe's SetLinger takes a time.Duration", text, v, v/1e6),
		}, "time-shadowed"))
		return
	}
	if _, lit := ast.Unparen(arg).(*ast.BasicLit); !lit {
		text = "(" + text + ")"
	}
	edits := append([]analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(text + " * " + timeName + ".Millisecond")}}, imports...)
	c.report(analysis.Diagnostic{
		Pos:      arg.Pos(),
		End:      arg.End(),
		Category: catLingerUnit,
		Message: fmt.Sprintf("SetLinger(%s) sets a linger of %dns, which libzmq receives as %dms: pebbe's SetLinger takes a time.Duration",
			astx.Text(c.pass, arg), v, v/1e6),
		SuggestedFixes: []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("Use %s * %s.Millisecond", strings.Trim(text, "()"), timeName),
			TextEdits: edits,
		}},
	})
}

// untypedConst reports whether e is written with untyped constants only
// (500, -1, 2*100, an untyped named constant), as opposed to a typed
// expression such as 500*time.Millisecond or time.Duration(500).
func untypedConst(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return untypedConst(info, e.X)
	case *ast.BinaryExpr:
		return untypedConst(info, e.X) && untypedConst(info, e.Y)
	case *ast.Ident:
		k, ok := info.Uses[e].(*types.Const)
		if !ok {
			return false
		}
		b, ok := k.Type().(*types.Basic)
		return ok && b.Info()&types.IsUntyped != 0
	}
	return false
}

// mentions reports whether n refers to the variable obj (when name is an
// identifier) or contains the expression name (a field path like n.sock).
func (c *checker) mentions(n ast.Node, name string, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.Ident:
			if obj != nil && c.pass.TypesInfo.Uses[x] == obj {
				found = true
			}
		case *ast.SelectorExpr:
			if obj == nil && astx.Text(c.pass, x) == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// reassigned reports whether the function of r assigns to the variable (or
// field path) name anywhere but at r's creation.
func (c *checker) reassigned(r *resource, name string, obj types.Object) bool {
	body := r.fn.Syntax()
	if body == nil {
		return true
	}
	create, _ := astx.EnclosingStmt(c.pass, r.create.Pos())
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || found || ast.Stmt(as) == create.Stmt || (as.Pos() <= r.create.Pos() && r.create.Pos() < as.End()) {
			// The creation itself (also as an if's init:
			// "if p.in, err = zmq.NewSocket(...); err != nil").
			return !found
		}
		for _, lhs := range as.Lhs {
			if id, ok := lhs.(*ast.Ident); ok && obj != nil && c.pass.TypesInfo.ObjectOf(id) == obj {
				found = true
			}
			if obj == nil && astx.Text(c.pass, lhs) == name {
				found = true
			}
		}
		return !found
	})
	return found
}

// callsTerm reports whether statement st calls a binding's Term.
func (c *checker) callsTerm(st ast.Stmt) bool {
	found := false
	ast.Inspect(st, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if e := c.res.Model.Lookup(typeutil.StaticCallee(c.pass.TypesInfo, call)); e != nil && e.Role == zmqapi.Term {
				found = true
			}
		}
		return !found
	})
	return found
}

// calleeName is the name of the function that created r.
func calleeName(r *resource) string {
	if f := r.create.Common().StaticCallee(); f != nil {
		return f.Name()
	}
	return "the constructor"
}

// startsGoroutine reports whether fn has a go statement of its own.
func startsGoroutine(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); ok {
				return true
			}
		}
	}
	return false
}
