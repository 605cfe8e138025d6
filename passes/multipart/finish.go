package multipart

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// The finish fix: where the move fix does not apply, the message is ended
// on the early-exit path itself, at each return, break, continue or goto
// that leaves it open:
//   - a socket created in this function is closed there: closing rolls the
//     open message back (libzmq never transmits a partial message), and
//     nothing after the return uses the socket;
//   - any other socket (a parameter, a field, a captured variable) gets an
//     empty final part there, so that the socket stays usable and the next
//     message starts clean; the peer then receives the half message ending
//     with an empty part instead of glued onto the next message.
// Conditions, each a reason for no fix: every point is one where the
// message is open on every path (the part dominates it, no send, close or
// unknown call in between, and the part's flag is the more-flag there),
// each point is a statement the edit can go before (a return; a break,
// continue or goto that is the whole body of an if), the socket is named
// by an expression that means the same socket there, and the code with
// the final part at those points has no path left open (the search is
// run again on it). A successful path does not pass any of the points.

// fixPoints are the points where the fix ends the message: SSA returns and
// edges, and the statements the edit goes before.
type fixPoints struct {
	instrs map[ssa.Instruction]bool
	edges  map[edge]bool
	before []ast.Stmt
	after  []ast.Stmt // after the last statement of a body: an implicit return
}

// noFixReason says why no finish fix is offered; it ends the diagnostic.
type noFixReason uint8

const (
	fixOK       noFixReason = iota
	fixSkipped              // an iteration skips a guarded part
	fixMayOpen              // a point where the message is open on some paths only
	fixNoPlace              // a point no statement can go before, or a socket not nameable there
	fixNotFinal             // no final-part send or close method for this socket type
	fixReqRep               // an empty final part would be a request or reply with an empty body
)

// shape is the reason's name in the no-fix list (docs/multipart.md, No
// safe edit; internal/robust's TestFixCoverage).
func (r noFixReason) shape() string {
	switch r {
	case fixSkipped:
		return "skipped-guarded-part"
	case fixMayOpen:
		return "open-on-some-paths"
	case fixNotFinal:
		return "no-final-send"
	case fixReqRep:
		return "request-reply-socket"
	}
	return "no-statement-point"
}

func (r noFixReason) advice() string {
	switch r {
	case fixSkipped:
		return "no edit is offered: filter out the parts you skip before the loop, or compute the flag from the index of the last part actually sent"
	case fixMayOpen:
		return "no edit is offered: the message is open there on some paths only; do the fallible work before the first part, or end the message where it is left open"
	case fixReqRep:
		return "no edit is offered: on this request-reply socket (REQ, REP, DEALER or ROUTER) an empty final part would deliver a request or reply with an empty body that the peer may act on (and a REQ would then wait for its reply); do the fallible work before the first part, or close and reopen the socket where the message is left open"
	}
	return "no edit is offered: send the final part or close the socket where the message is left open"
}

// finishFix returns the finish fix of a, or why there is none, and the
// break, continue or goto statements found to lead to an exit with the
// message open or back to the part (for the message).
func (c *checker) finishFix(fn *ssa.Function, a *abandonment, idx *partIndex) (fix analysis.SuggestedFix, why noFixReason, culprits []*ast.BranchStmt) {
	none := analysis.SuggestedFix{}
	p := a.part
	if a.skipped {
		return none, fixSkipped, nil
	}
	hs, _, _ := idx.of(p.sock)
	pts := &fixPoints{instrs: map[ssa.Instruction]bool{}, edges: map[edge]bool{}}
	why = fixNoPlace
	if p.mixed {
		why = fixMayOpen
	}
	for _, ex := range a.exits {
		if !c.openAt(p, ex.instr.Block(), indexOf(ex.instr), hs) {
			// Open on some paths only (a return after the loop that
			// the loop's normal end reaches too): a branch before it
			// may be the point instead.
			why = fixMayOpen
			continue
		}
		st, after, ok := c.returnStmt(fn, ex.instr)
		if !ok || !after && sendsIn(st, idx) {
			continue // a part in the return itself would open a new message after the inserted end
		}
		pts.instrs[ex.instr] = true
		if after {
			pts.after = append(pts.after, st)
		} else {
			pts.before = append(pts.before, st)
		}
	}
	// Branches that lead, without a return of their own, to a return
	// with the message open or back to the part.
	for _, e := range sortedEdges(a.edges) {
		if a.edges[e]&(1<<sameIter) == 0 {
			continue
		}
		br, ok := c.branchStmt(e)
		if !ok {
			continue
		}
		sub := c.searchFrom(fn, p, idx, e, pts)
		if sub == nil || len(sub.exits) == 0 && !sub.loop {
			continue
		}
		if b, ok := br.(*ast.BranchStmt); ok {
			culprits = append(culprits, b)
		}
		if p.mixed || !c.openAt(p, e.from, len(e.from.Instrs), hs) {
			why = fixMayOpen
			continue
		}
		pts.edges[e] = true
		pts.before = append(pts.before, br)
	}
	if p.mixed || len(pts.before)+len(pts.after) == 0 {
		return none, why, culprits
	}
	// The fixed code: no path from the part is left open.
	if re := c.searchAbandon(fn, p, idx, pts); re == nil || len(re.exits) > 0 || re.loop {
		return none, why, culprits
	}
	sock, ok := c.sockAt(p, pts)
	if !ok {
		return none, fixNoPlace, culprits
	}
	stmt, msg, why := c.finishStmt(fn, p, sock)
	if why != fixOK {
		return none, why, culprits
	}
	f := edit.FileOf(c.pass, p.instr.Pos())
	if f == nil {
		return none, fixNoPlace, culprits
	}
	var edits []analysis.TextEdit
	for _, st := range pts.before {
		edits = append(edits, f.InsertBefore(st, stmt))
	}
	for _, st := range pts.after {
		edits = append(edits, f.InsertAfter(st, stmt))
	}
	return analysis.SuggestedFix{Message: msg, TextEdits: edits}, fixOK, culprits
}

// finishStmt returns the statement that ends the message on sock, and
// the fix's message.
func (c *checker) finishStmt(fn *ssa.Function, p *openPart, sock string) (string, string, noFixReason) {
	close, final := c.finishMethods(p.sock.Type())
	if c.createdHere(p.sock) && close != "" {
		return fmt.Sprintf("%s.%s() // zmqlint: the multipart message on %s is open here; closing discards its parts", sock, close, sock),
			fmt.Sprintf("Close %s where the message is left open (discards the half-sent message)", sock), fixOK
	}
	if final == nil {
		return "", "", fixNotFinal
	}
	if c.requestReplySocket(p.sock) {
		// Red team 2 (B2): the server receives [method, ""] and may run
		// the method with empty arguments; a REQ is then waiting for
		// the reply and its next send fails with EFSM. A socket this
		// function does not own cannot be closed here either.
		return "", "", fixReqRep
	}
	args := make([]string, final.nargs)
	for i := range args {
		args[i] = "0"
	}
	args[final.buf] = "nil"
	text := fmt.Sprintf("%s.%s(", sock, final.name)
	for i, a := range args {
		if i > 0 {
			text += ", "
		}
		text += a
	}
	text += ")"
	return text + fmt.Sprintf(" // zmqlint: ends the multipart message left open on %s (the peer receives it with an empty last part)", sock),
		fmt.Sprintf("Send an empty final part on %s where the message is left open (the peer receives the half message ending with an empty part)", sock), fixOK
}

// requestReplyTypes are the socket types whose messages are requests or
// replies a peer acts on: a half message ended with an empty part is
// executed, not dropped.
var requestReplyTypes = []string{"REQ", "REP", "DEALER", "ROUTER"}

// requestReplySocket reports whether sock is known to be of a
// request-reply type: created in this function by a constructor whose
// type is one of them, or a field of a struct every store of which (in
// this package) is such a creation. Unknown (a parameter, a field stored
// from elsewhere, a non-constant type) is false: the empty final part
// stays the fix for PUB, PUSH and sockets of unknown type.
func (c *checker) requestReplySocket(sock ssa.Value) bool {
	v := value.Peel(sock, value.Ref)
	if rr, known := c.createdRequestReply(v); known {
		return rr
	}
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return false
	}
	fa, ok := u.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	st, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	str, ok := st.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= str.NumFields() {
		return false
	}
	field := str.Field(fa.Field)
	om, _ := c.pass.ResultOf[owner.Analyzer].(*owner.Result)
	if om == nil || field.Exported() {
		return false
	}
	stores := 0
	for _, a := range om.Accesses {
		if a.Field.Var != field {
			continue
		}
		if a.Kind == owner.Addr {
			return false
		}
		if a.Kind != owner.Store {
			continue
		}
		rr, known := c.createdRequestReply(value.Peel(a.Value, value.Ref))
		if !known || !rr {
			return false
		}
		stores++
	}
	return stores > 0
}

// createdRequestReply reports, for v the result of a binding's socket
// constructor, whether its type is a request-reply type (known false when
// v is not such a result or its type is not a constant).
func (c *checker) createdRequestReply(v ssa.Value) (rr, known bool) {
	if ex, ok := v.(*ssa.Extract); ok {
		if ex.Index != 0 {
			return false, false
		}
		v = ex.Tuple
	}
	ci, ok := v.(*ssa.Call)
	if !ok {
		return false, false
	}
	call := c.res.Resolve(ci)
	if call.Role() != zmqapi.NewSocket {
		return false, false
	}
	if t := call.Entry.SocketType; t != "" {
		return slices.Contains(requestReplyTypes, t), true
	}
	if call.Entry.SocketTypeArg < 0 || call.Entry.SocketTypeArg >= len(call.Args) {
		return false, false
	}
	k, ok := call.Args[call.Entry.SocketTypeArg].(*ssa.Const)
	if !ok || k.Value == nil {
		return false, false
	}
	for _, name := range requestReplyTypes {
		if tv := zmqapi.SocketTypeConst(call.Callee.Pkg(), name); tv != nil && tv.Kind() == k.Value.Kind() && constant.Compare(tv, token.EQL, k.Value) {
			return true, true
		}
	}
	return false, true
}

// finalSend is a binding send of one []byte part with a flags argument.
type finalSend struct {
	name     string
	nargs    int
	buf, flg int
}

// finishMethods returns the close method of socket type t and its send of
// one []byte part with flags, from the binding tables.
func (c *checker) finishMethods(t types.Type) (string, *finalSend) {
	key := types.TypeString(t, nil)
	if m, ok := c.ff.methods[key]; ok {
		return m.close, m.final
	}
	close, final := c.findFinishMethods(t)
	c.ff.methods[key] = finishMethods{close, final}
	return close, final
}

// finishMethods is the memo entry of checker.finishMethods.
type finishMethods struct {
	close string
	final *finalSend
}

func (c *checker) findFinishMethods(t types.Type) (string, *finalSend) {
	ms := types.NewMethodSet(t)
	close := ""
	var final *finalSend
	for i := 0; i < ms.Len(); i++ {
		fn, ok := ms.At(i).Obj().(*types.Func)
		if !ok {
			continue
		}
		e := c.res.Model.Lookup(fn)
		if e == nil {
			continue
		}
		if e.Role == zmqapi.Close && close == "" {
			close = fn.Name()
		}
		sig, ok := fn.Type().(*types.Signature)
		if !ok || !e.Role.IsSend() || e.FlagArg < 0 || e.BufArg < 0 || final != nil {
			continue
		}
		n := sig.Params().Len()
		if sig.Variadic() {
			n--
		}
		if e.BufArg >= n || e.FlagArg >= n || n != 2 {
			continue
		}
		if sl, ok := sig.Params().At(e.BufArg).Type().Underlying().(*types.Slice); ok {
			if b, ok := sl.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
				final = &finalSend{name: fn.Name(), nargs: n, buf: e.BufArg, flg: e.FlagArg}
			}
		}
	}
	return close, final
}

// createdHere reports whether the socket is the result of a binding
// constructor called in this function that is used only as the receiver
// of binding calls: not stored, returned, put in an interface or given to
// another function, which could keep it for later (closing it would then
// break its other owner).
func (c *checker) createdHere(sock ssa.Value) bool {
	v := value.Peel(sock, value.Ref)
	if ex, ok := v.(*ssa.Extract); ok {
		if ex.Index != 0 {
			return false
		}
		v = ex.Tuple
	}
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	r := c.res.Resolve(call)
	if r.Entry == nil || r.Entry.Role != zmqapi.NewSocket {
		return false
	}
	s := value.Peel(sock, value.Ref)
	refs := s.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		ci, ok := ref.(*ssa.Call)
		if !ok {
			return false
		}
		u := c.res.Resolve(ci)
		if u.Entry == nil || u.Recv != s {
			return false
		}
	}
	return true
}

// openAt reports whether the message of part p is open at instruction i
// of block b on every path: p dominates that point, p's flag is the
// more-flag, and no instruction between them on any path finishes the
// message or gives the socket to code we cannot see.
func (c *checker) openAt(p *openPart, b *ssa.BasicBlock, i int, hs []ssa.Value) bool {
	sb := p.instr.Block()
	si := indexOf(p.instr)
	if sb == b {
		if si >= i {
			return false
		}
	} else if !sb.Dominates(b) {
		return false
	}
	// Blocks on a path from the part to b that does not pass the part.
	fwd := reach(sb.Succs, sb, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Succs })
	bwd := reach([]*ssa.BasicBlock{b}, sb, func(x *ssa.BasicBlock) []*ssa.BasicBlock { return x.Preds })
	bad := func(instrs []ssa.Instruction) bool {
		for _, instr := range instrs {
			switch c.effectOn(instr, p.sock, hs) {
			case finishes, unknown:
				return true
			}
			if d, ok := instr.(*ssa.Defer); ok && involves(d, hs) {
				return true
			}
		}
		return false
	}
	if sb == b && !fwd[b] {
		return !bad(b.Instrs[si+1 : i])
	}
	if bad(sb.Instrs[si+1:]) {
		return false
	}
	for x := range fwd {
		if !bwd[x] {
			continue
		}
		instrs := x.Instrs
		if x == b {
			instrs = x.Instrs[:i]
		}
		if bad(instrs) {
			return false
		}
	}
	return fwd[b] || sb == b
}

// reach returns the blocks reachable from start through next, not
// expanding through block stop (which a path enters only to pass the
// part again).
func reach(start []*ssa.BasicBlock, stop *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), start...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if x == stop || seen[x] {
			continue
		}
		seen[x] = true
		work = append(work, next(x)...)
	}
	return seen
}

func indexOf(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// searchFrom is the search of part p's message started on edge e (in the
// fix's current points), for telling whether a branch leads to an exit.
func (c *checker) searchFrom(fn *ssa.Function, p *openPart, idx *partIndex, e edge, pts *fixPoints) *abandonment {
	q := *p
	q.start = &e
	return c.searchAbandon(fn, &q, idx, pts)
}

// returnStmt returns the statement an SSA return is: the return
// statement (before which the fix goes), or, for the implicit return at
// the end of a function, its last statement (after which it goes).
func (c *checker) returnStmt(fn *ssa.Function, ret ssa.Instruction) (ast.Stmt, bool, bool) {
	if pos := ret.Pos(); pos.IsValid() {
		for _, n := range astx.Path(c.pass, pos) {
			if rs, ok := n.(*ast.ReturnStmt); ok && rs.Pos() == pos {
				return rs, false, true
			}
		}
		return nil, false, false
	}
	var body *ast.BlockStmt
	switch s := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = s.Body
	case *ast.FuncLit:
		body = s.Body
	}
	if body == nil || len(body.List) == 0 {
		return nil, false, false
	}
	return body.List[len(body.List)-1], true, true
}

// sendsIn reports whether statement st contains a part of any message.
func sendsIn(st ast.Stmt, idx *partIndex) bool {
	for _, q := range idx.all {
		if pos := q.instr.Pos(); st.Pos() <= pos && pos < st.End() {
			return true
		}
	}
	return false
}

// branchStmt returns the break, continue or goto statement that edge e
// is: the If of an "if cond { continue }" jumping to the target, or the
// block of an if body ending with that statement.
func (c *checker) branchStmt(e edge) (ast.Stmt, bool) {
	last := e.from.Instrs[len(e.from.Instrs)-1]
	if len(e.to.Preds) < 2 {
		return nil, false // the entry of a branch, not a jump to a merge point (cheap test before the syntax)
	}
	switch last.(type) {
	case *ssa.If:
		if e.from.Succs[0] != e.to || e.from.Succs[1] == e.to {
			return nil, false
		}
		is := c.ifStmtOf(e.from)
		if is == nil || len(is.Body.List) != 1 || c.ifStmtOf(e.to) == is {
			return nil, false
		}
		return branchIn(is.Body)
	case *ssa.Jump:
		if len(e.from.Preds) == 0 {
			return nil, false
		}
		for _, pred := range e.from.Preds {
			if len(pred.Succs) != 2 || pred.Succs[0] != e.from || pred.Succs[1] == e.to {
				return nil, false // an if body running on into the code after the if
			}
		}
		var is *ast.IfStmt
		for _, pred := range e.from.Preds {
			pi := c.ifStmtOf(pred)
			if pi == nil || pred.Succs[0] != e.from || is != nil && pi != is {
				return nil, false
			}
			is = pi
		}
		br, ok := branchIn(is.Body)
		if !ok {
			return nil, false
		}
		for _, st := range is.Body.List {
			switch st.(type) {
			case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.BranchStmt, *ast.DeclStmt:
			default:
				return nil, false // control flow inside: another block ends the body
			}
		}
		for _, instr := range e.from.Instrs {
			if pos := instr.Pos(); pos.IsValid() && (pos < is.Body.Pos() || pos >= is.Body.End()) {
				return nil, false
			}
		}
		return br, true
	}
	return nil, false
}

// branchIn returns the break, continue or goto that ends body.
func branchIn(body *ast.BlockStmt) (ast.Stmt, bool) {
	if len(body.List) == 0 {
		return nil, false
	}
	br, ok := body.List[len(body.List)-1].(*ast.BranchStmt)
	if !ok || br.Tok == token.FALLTHROUGH {
		return nil, false
	}
	return br, true
}

// ifStmtOf returns the if statement whose condition block b ends: the
// condition's value is computed in b at a position inside the statement's
// condition.
func (c *checker) ifStmtOf(b *ssa.BasicBlock) *ast.IfStmt {
	if len(b.Instrs) == 0 {
		return nil
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cond, ok := ifi.Cond.(ssa.Instruction)
	if !ok || cond.Block() != b {
		return nil
	}
	pos := ifi.Cond.Pos()
	if !pos.IsValid() {
		return nil
	}
	for _, n := range astx.Path(c.pass, pos) {
		if is, ok := n.(*ast.IfStmt); ok && is.Cond != nil && is.Cond.Pos() <= pos && pos < is.Cond.End() {
			return is
		}
	}
	return nil
}

// sockAt returns the text naming p's socket, when it names the same
// socket at every fix point: a variable, or fields of one, in scope there.
func (c *checker) sockAt(p *openPart, pts *fixPoints) (string, bool) {
	e := c.sockExpr(p)
	var root *ast.Ident
	if e != nil {
		x := ast.Unparen(e)
		for {
			if sel, ok := x.(*ast.SelectorExpr); ok {
				if s, ok := c.pass.TypesInfo.Selections[sel]; !ok || s.Kind() != types.FieldVal || s.Indirect() && !isPtrVar(c.pass.TypesInfo, sel.X) {
					return "", false
				}
				x = ast.Unparen(sel.X)
				continue
			}
			break
		}
		id, ok := x.(*ast.Ident)
		if !ok {
			return "", false
		}
		root = id
	}
	text := ""
	var obj types.Object
	if root != nil {
		text = astx.Text(c.pass, e)
		obj = c.pass.TypesInfo.ObjectOf(root)
	} else if prm, ok := p.sock.(*ssa.Parameter); ok && prm.Object() != nil {
		text, obj = prm.Name(), prm.Object()
	}
	if text == "" || obj == nil {
		return "", false
	}
	if _, ok := obj.(*types.Var); !ok {
		return "", false
	}
	name := obj.Name()
	all := append(append([]ast.Stmt(nil), pts.before...), pts.after...)
	for _, st := range all {
		if !astx.InScope(c.pass.Pkg, st.Pos(), name, obj) {
			return "", false
		}
		if c.assignedBetween(p.instr.Parent().Syntax(), obj, p.instr.Pos(), st.Pos()) {
			return "", false
		}
	}
	return text, true
}

func isPtrVar(info *types.Info, e ast.Expr) bool {
	_, ok := info.TypeOf(e).Underlying().(*types.Pointer)
	return ok
}

// assignedBetween reports whether obj is assigned anywhere in the function
// between positions from and to (a conservative "the name may mean
// another socket there").
func (c *checker) assignedBetween(root ast.Node, obj types.Object, from, to token.Pos) bool {
	f := root
	if f == nil {
		return true
	}
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found || n == nil {
			return false
		}
		if n.End() < from || n.Pos() > to {
			return n.Pos() <= to && n.End() >= from
		}
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj && n.Pos() > from && n.Pos() < to {
					found = true
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func sortedEdges(m map[edge]uint8) []edge {
	es := make([]edge, 0, len(m))
	for e := range m {
		es = append(es, e)
	}
	// Deterministic: by block index of the function.
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && less(es[j], es[j-1]); j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
	return es
}

func less(a, b edge) bool {
	if a.from.Index != b.from.Index {
		return a.from.Index < b.from.Index
	}
	return a.to.Index < b.to.Index
}
