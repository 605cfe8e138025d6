package sockshare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/report"
)

func (c *checker) line(pos token.Pos) int { return astx.Line(c.pass, pos) }

// socketName names socket k for messages, from the variable or field it
// was reached through in the events.
func (c *checker) socketName(l *launcher, k key, evs ...*event) string {
	for _, e := range evs {
		if n := c.nameAt(e); n != "" {
			return n
		}
	}
	for _, e := range evs {
		if n := c.keyName(e.key); n != "" {
			return n
		}
	}
	if n := c.keyName(k); n != "" {
		return n
	}
	return "the socket"
}

// nameAt returns the source text of the socket operand of a direct
// binding call event: the receiver ("srv.sock" in srv.sock.Send(...)) or
// the argument of the socket's type.
func (c *checker) nameAt(e *event) string {
	if e.typ == nil || e.kind == evPoll {
		return ""
	}
	for _, n := range astx.Path(c.pass, e.pos) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			continue
		}
		if call.Lparen != e.pos {
			return ""
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && e.kind == evUse {
			if t := c.pass.TypesInfo.TypeOf(sel.X); t != nil && types.Identical(t, e.typ) {
				return astx.Text(c.pass, sel.X)
			}
		}
		for _, arg := range call.Args {
			if t := c.pass.TypesInfo.TypeOf(arg); t != nil && types.Identical(t, e.typ) {
				return astx.Text(c.pass, arg)
			}
		}
		return ""
	}
	return ""
}

func (c *checker) keyName(k key) string {
	if n := k.name(); n != "" {
		return n
	}
	if k.deref || k.fields != "" {
		return ""
	}
	v := k.root
	if ex, ok := v.(*ssa.Extract); ok && ex.Index == 0 {
		v = ex.Tuple
	}
	if call, ok := v.(*ssa.Call); ok && astx.File(c.pass, call.Pos()) != nil {
		name, _ := astx.AssignedExpr(c.pass, call.Pos(), 0)
		return name
	}
	return ""
}

func category(a, b *event) string {
	if a.kind == evPoll || b.kind == evPoll {
		return catPoller
	}
	return catShared
}

func verb(e *event) string {
	if e.kind == evPoll {
		return "polled (" + e.what + ")"
	}
	return "used (" + e.what + ")"
}

// reportShared reports the launcher's first use of a socket that may run
// while goroutine g uses it: the first one reached after g starts
// (reachRank), so a deferred Close, which runs at return, is named only
// when nothing else races. The message lists the lines of the others,
// which are also related information: one finding per goroutine, and
// fixing the named use alone leaves them racing.
func (c *checker) reportShared(l *launcher, pairs []finding) {
	rank := l.reachRank(pairs[0].g.instr)
	sort.SliceStable(pairs, func(i, j int) bool {
		a, b := pairs[i].other, pairs[j].other
		if a.deferred != b.deferred {
			return !a.deferred
		}
		if ra, rb := rank(a.instr), rank(b.instr); ra != rb {
			return ra < rb
		}
		return a.pos < b.pos
	})
	p := pairs[0]
	sk := seenKey{p.other.pos, p.k}
	if c.seen[sk] {
		return
	}
	c.seen[sk] = true
	name := c.socketName(l, p.k, p.other, p.gUse)
	cat := category(p.other, p.gUse)
	d := analysis.Diagnostic{
		Pos:      p.other.pos,
		Category: cat,
		Message: fmt.Sprintf("%s is %s here while %s may still be using it (%s on line %d): %s",
			name, verb(p.other), c.launchedWhat(p.g), p.gUse.what, c.line(p.gUse.pos), c.remedyFor(p.k, name, ownerOf(c.line(p.g.instr.Pos())), p.other, p.gUse)),
		Related: []analysis.RelatedInformation{
			{Pos: p.gUse.pos, Message: fmt.Sprintf("%s is %s in %s", name, verb(p.gUse), inWhat(p.g))},
			{Pos: p.g.instr.Pos(), Message: startedHere(p.g)},
		},
	}
	also := map[analysis.RelatedInformation]bool{}
	for _, q := range pairs[1:] {
		// Several uses inside one helper are one use at its call.
		r := analysis.RelatedInformation{Pos: q.other.pos, Message: fmt.Sprintf("%s is also %s here", name, verb(q.other))}
		if q.other.pos != p.other.pos && !also[r] {
			also[r] = true
			d.Related = append(d.Related, r)
		}
	}
	fix, shape := c.launcherFix(l, p, pairs, name)
	if shape != "" {
		d = report.NoFix(d, shape)
	} else {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	if more := c.otherLines(p, pairs[1:]); more != "" {
		d.Message += fmt.Sprintf("; %s's later uses on %s race it too", name, more)
	}
	c.report(d)
}

// otherLines lists the lines of the launcher's other racing uses, in the
// order they are reached ("line 129", "lines 129 and 82 (deferred)").
func (c *checker) otherLines(p finding, rest []finding) string {
	first := c.line(p.other.pos)
	seen := map[string]bool{}
	var ls []string
	for _, q := range rest {
		n := c.line(q.other.pos)
		if n == first && !q.other.deferred {
			continue
		}
		t := strconv.Itoa(n)
		if q.other.deferred {
			t += " (deferred)"
		}
		if !seen[t] {
			seen[t] = true
			ls = append(ls, t)
		}
	}
	switch len(ls) {
	case 0:
		return ""
	case 1:
		return "line " + ls[0]
	}
	return "lines " + strings.Join(ls[:len(ls)-1], ", ") + " and " + ls[len(ls)-1]
}

// reportGoroutines reports a use in goroutine otherG that may run while
// goroutine g uses the same socket; otherG == g for a go statement in a
// loop.
func (c *checker) reportGoroutines(l *launcher, f finding) {
	if f.otherG != f.g && (racesAlone(f.g, f.gUse) || racesAlone(f.otherG, f.other)) {
		return // the handler's race with itself is the finding (callbacks.go)
	}
	sk := seenKey{f.other.pos, f.k}
	if f.otherG == f.g && f.g.cb != nil && f.g.cb.Concurrent {
		sk.k = key{} // one handler body registered twice is one finding
	}
	if c.seen[sk] {
		return
	}
	c.seen[sk] = true
	name := c.socketName(l, f.k, f.other, f.gUse)
	cat := catGoroutines
	if category(f.other, f.gUse) == catPoller {
		cat = catPoller
	}
	d := analysis.Diagnostic{Pos: f.other.pos, Category: cat}
	if f.otherG == f.g && f.g.cb != nil && f.g.cb.Concurrent {
		d.Message = fmt.Sprintf("%s is %s by %s, which runs concurrently with itself (one goroutine per request), and nothing orders two runs: %s",
			name, verb(f.other), c.launchedWhat(f.g), c.remedyFor(f.k, name, fmt.Sprintf("one goroutine and have the handler registered on line %d send it work through a channel", c.line(f.g.instr.Pos())), f.other, f.gUse))
		if fix, ok := c.handlerLockFix(l, f, name); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		} else {
			d = report.NoFix(d, shapeHandlerSelf)
		}
		d.Related = []analysis.RelatedInformation{{Pos: f.g.instr.Pos(), Message: "the handler is registered here"}}
		if f.gUse.pos != f.other.pos {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.gUse.pos, Message: fmt.Sprintf("%s is also %s here", name, verb(f.gUse))})
		}
	} else if f.otherG == f.g {
		d.Message = fmt.Sprintf("%s is %s by every goroutine that the go statement on line %d starts, and it runs again before the previous goroutine is known to be done: %s",
			name, verb(f.other), c.line(f.g.instr.Pos()), ownerRemedy(name, fmt.Sprintf("one goroutine, started once before the loop instead of on line %d in every iteration, and send it the work through a channel", c.line(f.g.instr.Pos()))))
		d = report.NoFix(d, shapeLoopGoroutines)
		d.Related = []analysis.RelatedInformation{{Pos: f.g.instr.Pos(), Message: "the goroutines are started here, in a loop"}}
		if f.gUse.pos != f.other.pos {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: f.gUse.pos, Message: fmt.Sprintf("%s is also %s here", name, verb(f.gUse))})
		}
	} else {
		d.Message = fmt.Sprintf("%s is %s in %s while %s may still be using it (%s on line %d): %s",
			name, verb(f.other), c.launchedWhat(f.otherG), c.launchedWhat(f.g), f.gUse.what, c.line(f.gUse.pos), c.remedyFor(f.k, name, ownerOf(c.line(f.g.instr.Pos())), f.other, f.gUse))
		d = report.NoFix(d, shapeTwoGoroutines)
		d.Related = []analysis.RelatedInformation{
			{Pos: f.gUse.pos, Message: fmt.Sprintf("%s is %s in the first goroutine", name, verb(f.gUse))},
			{Pos: f.g.instr.Pos(), Message: "the first goroutine is started here"},
			{Pos: f.otherG.instr.Pos(), Message: "the second goroutine is started here"},
		}
	}
	c.report(d)
}

// moveFix moves the launcher's single use of the socket to just before
// the go statement, when that cannot change what the program computes:
// the use is a non-blocking binding call (an option, Bind, Connect, a log
// of it) written as its own statement in the go statement's block, and
// the statements in between neither touch the objects it reads nor use
// what it defines.
func (c *checker) moveFix(l *launcher, p finding, pairs []finding) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	for _, q := range pairs {
		if q.other.instr != p.other.instr {
			return none, false // more than one later use: no single move
		}
	}
	if !p.other.movable || p.other.instr.Parent() != l.fn {
		return none, false
	}
	if l.reachOf(l.fn).Reachable(p.g.instr, p.g.instr, nil) {
		return none, false // in a loop: the moved use still races with the previous goroutine
	}
	goSt, ok1 := astx.EnclosingStmt(c.pass, p.g.instr.Pos())
	useSt, ok2 := astx.EnclosingStmt(c.pass, p.other.instr.Pos())
	if !ok1 || !ok2 || len(goSt.List) == 0 || len(useSt.List) == 0 || &goSt.List[0] != &useSt.List[0] || useSt.Index <= goSt.Index {
		return none, false
	}
	switch useSt.Stmt.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt:
	default:
		return none, false
	}
	if containsFuncLit(useSt.Stmt) {
		return none, false
	}
	reads, defs := objectsOf(c.pass.TypesInfo, useSt.Stmt)
	// A registration may define what the use reads ("t :=
	// time.AfterFunc(...)"); a go statement defines nothing.
	_, goDefs := objectsOf(c.pass.TypesInfo, goSt.Stmt)
	for obj := range goDefs {
		if reads[obj] {
			return none, false
		}
	}
	for _, between := range useSt.List[goSt.Index+1 : useSt.Index] {
		touched, defined := objectsOf(c.pass.TypesInfo, between)
		for obj := range touched {
			if reads[obj] || defs[obj] {
				return none, false
			}
		}
		for obj := range defined {
			if reads[obj] {
				return none, false
			}
			for d := range defs {
				if d.Name() == obj.Name() {
					return none, false
				}
			}
		}
	}
	f := edit.FileOf(c.pass, useSt.Stmt.Pos())
	if f == nil {
		return none, false
	}
	edits, ok := f.Move([][2]ast.Node{{useSt.Stmt, useSt.Stmt}}, goSt.Stmt)
	if !ok {
		return none, false
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Move the %s call before the %s on line %d", p.other.what, startWord(p.g), c.line(p.g.instr.Pos())),
		TextEdits: edits,
	}, true
}

func containsFuncLit(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			found = true
		}
		return !found
	})
	return found
}

// objectsOf returns the variables a statement refers to and those it
// declares.
func objectsOf(info *types.Info, n ast.Node) (refs, defs map[types.Object]bool) {
	refs, defs = map[types.Object]bool{}, map[types.Object]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if obj, ok := info.Defs[id].(*types.Var); ok && obj != nil {
			defs[obj] = true
		}
		if obj, ok := info.Uses[id].(*types.Var); ok {
			refs[obj] = true
		}
		return true
	})
	return refs, defs
}

// reachRank returns how soon, after start, the launcher reaches an
// instruction: blocks by breadth-first distance from start's block (in
// successor order, so the result is deterministic), instructions of a
// block in order; the instructions of start's own block before start are
// reached last of that block, round a loop. An instruction the search
// does not reach (or of another function) ranks after all others.
func (l *launcher) reachRank(start ssa.Instruction) func(ssa.Instruction) int {
	sb := start.Block()
	if sb == nil || start.Parent() != l.fn {
		return func(ssa.Instruction) int { return 0 }
	}
	at := 0
	for i, in := range sb.Instrs {
		if in == start {
			at = i
		}
	}
	// order[b] is the rank of block b's first instruction.
	order := map[*ssa.BasicBlock]int{}
	n := 0
	queue := []*ssa.BasicBlock{sb}
	seen := map[*ssa.BasicBlock]bool{sb: true}
	order[sb] = 0
	n += len(sb.Instrs)
	startAgain := -1
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		for _, s := range b.Succs {
			if s == sb && startAgain < 0 {
				startAgain = n // round the loop to the launch block
				n += len(sb.Instrs)
			}
			if seen[s] {
				continue
			}
			seen[s] = true
			order[s] = n
			n += len(s.Instrs)
			queue = append(queue, s)
		}
	}
	unreached := n + 1
	return func(in ssa.Instruction) int {
		b := in.Block()
		if b == nil || in.Parent() != l.fn {
			return unreached
		}
		i := 0
		for j, x := range b.Instrs {
			if x == in {
				i = j
			}
		}
		if b == sb {
			if i > at {
				return i
			}
			if startAgain < 0 {
				return unreached
			}
			return startAgain + i
		}
		base, ok := order[b]
		if !ok {
			return unreached
		}
		return base + i
	}
}
