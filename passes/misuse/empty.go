package misuse

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// emptiness is what is known of a message's frames at a send.
type emptiness uint8

const (
	notEmpty    emptiness = iota // non-empty, or unknown: not reported
	mayBeEmpty                   // empty on some path through this function
	alwaysEmpty                  // Msg{}, NewMsgFrom()
)

// checkEmpty reports sends of a message without frames on a socket whose
// writer indexes Frames[0] (zmqapi.EmptyMsgPanics).
func (c *checker) checkEmpty(fn *ssa.Function, calls []zmqssa.Call) {
	for _, call := range calls {
		e := call.Entry
		if e == nil || e.Role != zmqapi.HandOverSend || len(call.Args) == 0 || call.Recv == nil {
			continue
		}
		if _, isCall := call.Instr.(*ssa.Call); !isCall {
			continue // go/defer of a Send: rare, and no place for a guard
		}
		b, typ, ctorPos := c.socketType(call.Recv)
		if typ == "" || !c.res.Model.EmptyMsgPanics(b, typ) {
			continue
		}
		m := msgWalk{c: c, seen: map[ssa.Value]bool{}}
		kind, guards := m.frames(call.Args[0])
		if kind == notEmpty {
			continue
		}
		if kind == mayBeEmpty && (guarded(call.Instr.Block(), guards) || rangeGuarded(call.Instr.Block(), guards)) {
			continue
		}
		c.reportEmpty(fn, call, kind, typ, ctorPos)
	}
}

// msgWalk finds what a Msg value's frames are.
type msgWalk struct {
	c    *checker
	seen map[ssa.Value]bool
}

// frames classifies the frames of Msg value v and returns the values a
// length check may test to prove them non-empty (the frames slice, the
// Msg's Frames field).
func (m *msgWalk) frames(v ssa.Value) (emptiness, []ssa.Value) {
	if m.seen[v] {
		return notEmpty, nil
	}
	m.seen[v] = true
	guards := []ssa.Value{v}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			return alwaysEmpty, guards // the zero Msg
		}
	case *ssa.Call:
		r := m.c.res.Resolve(x)
		if i, ok := m.c.res.Model.MsgFramesArg(r.Callee); ok && i < len(r.Args) {
			k := sliceEmptiness(r.Args[i], map[ssa.Value]bool{})
			if k == alwaysEmpty && !isNilOrZero(r.Args[i]) {
				k = mayBeEmpty
			}
			return k, append(guards, r.Args[i])
		}
		return notEmpty, nil // NewMsg, NewMsgString, Clone, a helper: one frame or unknown
	case *ssa.Phi:
		kind := notEmpty
		for _, e := range x.Edges {
			k, g := m.frames(e)
			if k != notEmpty {
				kind = mayBeEmpty
			}
			guards = append(guards, g...)
		}
		return kind, guards
	case *ssa.UnOp:
		if x.Op != token.MUL {
			return notEmpty, nil
		}
		alloc, ok := x.X.(*ssa.Alloc)
		if !ok {
			return notEmpty, nil
		}
		return m.literal(alloc, guards)
	}
	return notEmpty, nil
}

// literal classifies a Msg composite literal (or local variable) at alloc:
// its Frames field as stored, or no frames at all.
func (m *msgWalk) literal(alloc *ssa.Alloc, guards []ssa.Value) (emptiness, []ssa.Value) {
	fi, ok := m.c.res.Model.MsgFramesField(alloc.Type().(*types.Pointer).Elem())
	if !ok {
		return notEmpty, nil
	}
	var stored []ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if r.Field != fi {
				continue
			}
			for _, rr := range *r.Referrers() {
				switch rr := rr.(type) {
				case *ssa.Store:
					stored = append(stored, rr.Val)
				case *ssa.UnOp:
				default:
					return notEmpty, nil // &m.Frames escapes
				}
			}
		case *ssa.UnOp, *ssa.DebugRef:
		default:
			return notEmpty, nil // the whole Msg is stored or escapes
		}
	}
	switch len(stored) {
	case 0:
		return alwaysEmpty, guards
	case 1:
		k := sliceEmptiness(stored[0], map[ssa.Value]bool{})
		if k == alwaysEmpty && !isNilOrZero(stored[0]) {
			k = mayBeEmpty
		}
		return k, append(guards, stored[0])
	}
	return notEmpty, nil // assigned more than once: order matters, not followed
}

// sliceEmptiness says whether slice v (a [][]byte or []string of frames)
// is empty on some path of the function: it is nil, a zero-length make or
// re-slice, or a phi one of whose edges is (a loop that appended nothing,
// a branch that did not append), and no append on that path adds an
// element for sure. Anything else (a parameter, a call, a field) is
// unknown and counts as non-empty.
func sliceEmptiness(v ssa.Value, seen map[ssa.Value]bool) emptiness {
	if seen[v] {
		return notEmpty // a loop back edge: the entry edge decides
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			return alwaysEmpty
		}
	case *ssa.MakeSlice:
		if isZeroInt(x.Len) {
			return alwaysEmpty
		}
	case *ssa.Slice:
		if x.High != nil && isZeroInt(x.High) {
			return alwaysEmpty
		}
	case *ssa.Phi:
		for _, e := range x.Edges {
			if sliceEmptiness(e, seen) != notEmpty {
				return mayBeEmpty
			}
		}
	case *ssa.Call:
		if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Call.Args) == 2 {
			base := sliceEmptiness(x.Call.Args[0], seen)
			if base == notEmpty {
				return notEmpty
			}
			if added := sliceEmptiness(x.Call.Args[1], map[ssa.Value]bool{}); added == notEmpty {
				return notEmpty
			}
			return mayBeEmpty
		}
	}
	return notEmpty
}

func isZeroInt(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.Int && constant.Sign(k.Value) == 0
}

func isNilOrZero(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value == nil
}

// guarded reports whether block b, which holds the send, runs only after
// a length check proved one of vs non-empty: a dominating If on
// len(v) compared with a constant whose taken successor, also dominating
// b, excludes length 0. The length of a Msg's Frames field counts too.
func guarded(b *ssa.BasicBlock, vs []ssa.Value) bool {
	is := func(v ssa.Value) bool {
		for _, g := range vs {
			if v == g {
				return true
			}
		}
		if f, ok := v.(*ssa.Field); ok {
			for _, g := range vs {
				if f.X == g {
					return true
				}
			}
		}
		return false
	}
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		for i, succ := range d.Succs {
			if succ.Dominates(b) && excludesZero(ifi.Cond, i == 0, is) {
				return true
			}
		}
	}
	return false
}

// excludesZero reports whether cond, when it evaluates to taken, implies
// that len(v) is not 0 for some v with is(v).
func excludesZero(cond ssa.Value, taken bool, is func(ssa.Value) bool) bool {
	bin, ok := cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	lenOf := func(v ssa.Value) bool {
		call, ok := v.(*ssa.Call)
		if !ok {
			return false
		}
		b, ok := call.Call.Value.(*ssa.Builtin)
		return ok && b.Name() == "len" && len(call.Call.Args) == 1 && is(call.Call.Args[0])
	}
	var k *ssa.Const
	op := bin.Op
	switch {
	case lenOf(bin.X):
		k, _ = bin.Y.(*ssa.Const)
	case lenOf(bin.Y):
		k, _ = bin.X.(*ssa.Const)
		op = mirror(op)
	}
	if k == nil || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false
	}
	zeroHolds := constant.Compare(constant.MakeInt64(0), op, k.Value)
	return zeroHolds != taken
}

// rangeGuarded reports whether one of vs is filled by a range loop that
// appends on every iteration, over a slice that a dominating length
// check proved non-empty: "if len(parts) == 0 { return }; for _, p :=
// range parts { fs = append(fs, p) }" sends at least one frame. The loop
// is the SSA form of a range over a slice: its header phi starts empty,
// its back edge is an append to the phi itself, and its header ends in
// "if i < len(X)".
func rangeGuarded(b *ssa.BasicBlock, vs []ssa.Value) bool {
	for _, v := range vs {
		phi, ok := v.(*ssa.Phi)
		if !ok || len(phi.Edges) != 2 {
			continue
		}
		h := phi.Block()
		ifi, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || cond.Op != token.LSS {
			continue
		}
		// runsOnce: the loop is sure to run its body once — a counted
		// loop from a constant below a constant bound
		// (for i := 0; i < 3; i++), or a range over a slice checked
		// non-empty.
		var runsOnce func() bool
		if n, ok := cond.Y.(*ssa.Call); ok {
			if bi, ok := n.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "len" || len(n.Call.Args) != 1 {
				continue
			}
			runsOnce = func() bool { return guarded(b, []ssa.Value{n.Call.Args[0]}) }
		} else if bound, ok := cond.Y.(*ssa.Const); ok {
			runsOnce = func() bool { return startsBelow(cond.X, h, bound) }
		} else {
			continue
		}
		entry, back := -1, -1
		for i, e := range phi.Edges {
			if h.Preds[i].Dominates(h) || !h.Dominates(h.Preds[i]) {
				if sliceEmptiness(e, map[ssa.Value]bool{}) == alwaysEmpty {
					entry = i
				}
				continue
			}
			if app, ok := e.(*ssa.Call); ok && isAppendTo(app, phi) {
				back = i
			}
		}
		if entry >= 0 && back >= 0 && runsOnce() {
			return true
		}
	}
	return false
}

// startsBelow reports whether counter x, a phi of loop header h, enters
// the loop with a constant below bound.
func startsBelow(x ssa.Value, h *ssa.BasicBlock, bound *ssa.Const) bool {
	phi, ok := x.(*ssa.Phi)
	if !ok || phi.Block() != h || bound.Value == nil || bound.Value.Kind() != constant.Int {
		return false
	}
	for i, e := range phi.Edges {
		if !h.Dominates(h.Preds[i]) { // the entry edge
			k, ok := e.(*ssa.Const)
			if !ok || k.Value == nil || k.Value.Kind() != constant.Int || !constant.Compare(k.Value, token.LSS, bound.Value) {
				return false
			}
		}
	}
	return true
}

// isAppendTo reports whether call is append(base, elems...) with at least
// one element for sure.
func isAppendTo(call *ssa.Call, base ssa.Value) bool {
	b, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || b.Name() != "append" || len(call.Call.Args) != 2 || call.Call.Args[0] != base {
		return false
	}
	return sliceEmptiness(call.Call.Args[1], map[ssa.Value]bool{}) == notEmpty
}

// mirror returns op with its operands swapped (c < len(x) is len(x) > c).
func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func (c *checker) reportEmpty(fn *ssa.Function, call zmqssa.Call, kind emptiness, typ string, ctorPos token.Pos) {
	ce := c.callExpr(call.Instr)
	if ce == nil || len(ce.Args) == 0 {
		return
	}
	sock := astx.Text(c.pass, recvExpr(ce))
	where := "in the socket's background goroutine, which kills the process"
	if typ == "ROUTER" {
		where = "in Send, with the socket's writer lock held, so a recovered panic blocks every later Send"
	}
	var msg string
	frames := framesExpr(c.pass, c.res.Model, ce.Args[0])
	switch {
	case kind == alwaysEmpty:
		msg = fmt.Sprintf("%s sends a message without frames on %s (a %s socket, line %d): go-zeromq reads Frames[0] and panics %s",
			call.Callee.Name(), sock, typ, c.line(ctorPos), where)
	case frames != "":
		msg = fmt.Sprintf("%s may be empty at this %s on %s (a %s socket, line %d): go-zeromq reads Frames[0] of a message without frames and panics %s (check len(%s) first)",
			frames, call.Callee.Name(), sock, typ, c.line(ctorPos), where, frames)
	default:
		msg = fmt.Sprintf("the message sent here on %s (a %s socket, line %d) may have no frames: go-zeromq reads Frames[0] and panics %s (check its length first)",
			sock, typ, c.line(ctorPos), where)
	}
	c.report(report.NoFix(analysis.Diagnostic{
		Pos: ce.Pos(), End: ce.End(), Category: catEmpty, Message: msg,
		Related:        []analysis.RelatedInformation{{Pos: ctorPos, Message: sock + " is created here"}},
		SuggestedFixes: c.emptyFix(fn, call, ce, kind, frames),
	}, "frames-not-variable"))
}

// recvExpr returns the receiver expression of a method call.
func recvExpr(ce *ast.CallExpr) ast.Node {
	if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
		return sel.X
	}
	return ce.Fun
}

// framesExpr returns the source text of the frames a message argument
// is built from, when a length check on it can be written before the
// send: fs of NewMsgFrom(fs...) or Msg{Frames: fs}, m.Frames of a Msg
// variable m. Only variables and field selections qualify (no calls).
func framesExpr(pass *analysis.Pass, model *zmqapi.Model, arg ast.Expr) string {
	arg = ast.Unparen(arg)
	switch a := arg.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		t := pass.TypesInfo.TypeOf(a)
		fi, ok := model.MsgFramesField(t)
		if !ok || !plain(a) {
			return ""
		}
		if st, ok := t.Underlying().(*types.Struct); ok {
			return astx.Text(pass, a) + "." + st.Field(fi).Name()
		}
	case *ast.CallExpr:
		if len(a.Args) == 1 && (a.Ellipsis.IsValid() || isStringSlice(pass, a.Args[0])) && plain(a.Args[0]) {
			return astx.Text(pass, a.Args[0])
		}
	case *ast.CompositeLit:
		t := pass.TypesInfo.TypeOf(a)
		fi, ok := model.MsgFramesField(t)
		if !ok {
			return ""
		}
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return ""
		}
		for _, el := range a.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok && pass.TypesInfo.ObjectOf(id) == st.Field(fi) && plain(kv.Value) {
					return astx.Text(pass, kv.Value)
				}
			}
		}
	}
	return ""
}

func isStringSlice(pass *analysis.Pass, e ast.Expr) bool {
	t := pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// plain reports whether e is an identifier or a chain of field
// selections on one: evaluating it twice gives the same value.
func plain(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name != "_" && e.Name != "nil"
	case *ast.SelectorExpr:
		return plain(e.X)
	}
	return false
}

// emptyFix guards the send: "if len(fs) == 0 { continue }" in a loop,
// "{ return <zero values> }" otherwise. A send of a message that is
// always empty is deleted when it is a statement of its own.
func (c *checker) emptyFix(fn *ssa.Function, call zmqssa.Call, ce *ast.CallExpr, kind emptiness, frames string) []analysis.SuggestedFix {
	st, ok := astx.EnclosingStmt(c.pass, ce.Pos())
	if !ok {
		return nil
	}
	if kind == alwaysEmpty {
		es, ok := st.Stmt.(*ast.ExprStmt)
		if !ok || ast.Unparen(es.X) != ce {
			return nil
		}
		f := edit.FileOf(c.pass, es.Pos())
		if f == nil {
			return nil
		}
		del, _, ok := f.DeleteLines(es.Pos(), es.End())
		if !ok {
			return nil
		}
		return []analysis.SuggestedFix{{Message: "Delete the send of a message without frames", TextEdits: []analysis.TextEdit{del}}}
	}
	if frames == "" {
		return nil
	}
	exit := "continue"
	if !st.InLoop() {
		zeros, ok := c.zeroResults(fn, ce.Pos())
		if !ok {
			return nil
		}
		exit = strings.TrimSpace("return " + zeros)
	}
	text := fmt.Sprintf("if len(%s) == 0 {\n\t%s\n}", frames, exit)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Skip the send when %s is empty", frames),
		TextEdits: []analysis.TextEdit{edit.InsertBefore(c.pass, st.Stmt, text)},
	}}
}

// zeroResults returns the zero values of fn's results, as source text
// for a return statement at pos ("" for no results); false when a result
// type cannot be written there.
func (c *checker) zeroResults(fn *ssa.Function, pos token.Pos) (string, bool) {
	res := fn.Signature.Results()
	af := astx.File(c.pass, pos)
	if af == nil {
		return "", false
	}
	var out []string
	for i := 0; i < res.Len(); i++ {
		z, ok := c.zeroValue(res.At(i).Type(), af)
		if !ok {
			return "", false
		}
		out = append(out, z)
	}
	return strings.Join(out, ", "), true
}

func (c *checker) zeroValue(t types.Type, af *ast.File) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
		return "", false
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		ok := true
		s := types.TypeString(t, func(p *types.Package) string {
			if p == c.pass.Pkg {
				return ""
			}
			name, found := importName(af, p)
			if !found {
				ok = false
			}
			return name
		})
		return s + "{}", ok
	}
	return "", false
}
