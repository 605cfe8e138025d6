package misuse

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// idLoad is a read of the shared frame out of a received message:
// msg.Frames[0] of a go-zeromq ROUTER Recv.
type idLoad struct {
	load *ssa.UnOp
	recv zmqssa.Call
	typ  string
}

// checkIDFrame reports writes into the memory of a received frame that
// the socket shares between messages (zmqapi.SharedRecvFrame).
func (c *checker) checkIDFrame(fn *ssa.Function, calls []zmqssa.Call) {
	var loads []idLoad
	for _, call := range calls {
		if call.Entry == nil || call.Entry.Role != zmqapi.Recv || call.Recv == nil {
			continue
		}
		v, ok := call.Instr.(*ssa.Call)
		if !ok {
			continue
		}
		b, typ, _ := c.socketType(call.Recv)
		idx, ok := c.res.Model.SharedRecvFrame(b, typ)
		if !ok {
			continue
		}
		for _, l := range c.sharedLoads(v, idx) {
			loads = append(loads, idLoad{l, call, typ})
		}
	}
	if len(loads) == 0 {
		return
	}
	a := c.buf.Writer.Aliases(fn)
	done := map[ssa.Instruction]bool{}
	for _, l := range loads {
		class := a.Class(l.load)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if done[instr] {
					continue
				}
				w, ok := c.buf.Writer.Write(instr, a, class)
				appendInto := false
				if !ok {
					w, ok = appendsInto(instr, class)
					appendInto = ok
				}
				if !ok {
					continue
				}
				done[instr] = true
				c.reportIDFrame(fn, l, loads, a, instr, w, appendInto)
			}
		}
	}
}

// sharedLoads returns the loads of frame idx of the message received by
// call: Frames read out of the Msg result (or out of the local variable
// it is stored in), indexed with the constant idx, and not replaced
// before (msg.Frames[0] = bytes.Clone(msg.Frames[0]) dominating the load).
func (c *checker) sharedLoads(call *ssa.Call, idx int) []*ssa.UnOp {
	var msgs []ssa.Value // the received Msg values
	for _, r := range *call.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == 0 {
			msgs = append(msgs, ex)
		}
	}
	var frames []ssa.Value // the Msg's Frames slices
	for _, m := range msgs {
		fi, ok := c.res.Model.MsgFramesField(m.Type())
		if !ok {
			continue
		}
		for _, r := range *m.Referrers() {
			switch r := r.(type) {
			case *ssa.Field:
				if r.Field == fi {
					frames = append(frames, r)
				}
			case *ssa.Store:
				// msg is a variable in memory (its field is addressed):
				// the Frames read out of it, if only received
				// messages are stored there.
				if alloc, ok := r.Addr.(*ssa.Alloc); ok && c.onlyReceived(alloc) {
					frames = append(frames, framesOfVar(alloc, fi)...)
				}
			}
		}
	}
	var stores []*ssa.Store // frames[idx] = x
	var loads []*ssa.UnOp
	for _, f := range frames {
		for _, r := range *f.Referrers() {
			ia, ok := r.(*ssa.IndexAddr)
			if !ok || !isIntConst(ia.Index, idx) {
				continue
			}
			for _, rr := range *ia.Referrers() {
				switch rr := rr.(type) {
				case *ssa.UnOp:
					if rr.Op == token.MUL {
						loads = append(loads, rr)
					}
				case *ssa.Store:
					if rr.Addr == ia {
						stores = append(stores, rr)
					}
				}
			}
		}
	}
	var out []*ssa.UnOp
	for _, l := range loads {
		replaced := false
		for _, s := range stores {
			if dominatesInstr(s, l) {
				replaced = true
			}
		}
		if !replaced {
			out = append(out, l)
		}
	}
	return out
}

// onlyReceived reports whether every value stored into the Msg variable
// at alloc is the message result of a receive, and its address goes
// nowhere but to field addresses and loads.
func (c *checker) onlyReceived(alloc *ssa.Alloc) bool {
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			ex, ok := r.Val.(*ssa.Extract)
			if !ok || ex.Index != 0 || r.Addr != alloc {
				return false
			}
			call, ok := ex.Tuple.(*ssa.Call)
			if !ok || c.res.Resolve(call).Role() != zmqapi.Recv {
				return false
			}
		case *ssa.FieldAddr, *ssa.UnOp, *ssa.DebugRef:
		default:
			return false
		}
	}
	return true
}

// framesOfVar returns the loads of field fi (Frames) of the Msg variable
// at alloc: loads of &msg.Frames and Frames of loads of msg.
func framesOfVar(alloc *ssa.Alloc, fi int) []ssa.Value {
	var out []ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if r.Field != fi {
				continue
			}
			for _, rr := range *r.Referrers() {
				if l, ok := rr.(*ssa.UnOp); ok && l.Op == token.MUL {
					out = append(out, l)
				}
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				continue
			}
			for _, rr := range *r.Referrers() {
				if f, ok := rr.(*ssa.Field); ok && f.Field == fi {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

func isIntConst(v ssa.Value, n int) bool {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return false
	}
	i, exact := constant.Int64Val(k.Value)
	return exact && i == int64(n)
}

// dominatesInstr reports whether a runs before b on every path to b.
func dominatesInstr(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, instr := range a.Block().Instrs {
		switch instr {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// appendsInto reports whether instr is a call of append whose first
// argument is of class and may have spare capacity: the bytes written
// past its length are the shared array's too (the id slice is made by a
// []byte(string) conversion, whose capacity is rounded up to the
// allocation's size class). A full slice expression (id[:n:n]) has none.
func appendsInto(instr ssa.Instruction, class []ssa.Value) (ssa.Value, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return nil, false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || b.Name() != "append" || len(call.Call.Args) == 0 {
		return nil, false
	}
	x := call.Call.Args[0]
	if s, ok := x.(*ssa.Slice); ok && s.Max != nil {
		return nil, false
	}
	for _, v := range class {
		if v == x {
			return x, true
		}
	}
	return nil, false
}

func (c *checker) reportIDFrame(fn *ssa.Function, l idLoad, all []idLoad, a *buffers.Aliases, instr ssa.Instruction, w ssa.Value, appendInto bool) {
	idText := c.loadText(l.load)
	if idText == "" {
		idText = "the id frame"
	}
	name := idText
	direct := true
	if we := c.writtenExpr(instr, w); we != nil {
		if id, ok := ast.Unparen(we).(*ast.Ident); ok {
			name, direct = fmt.Sprintf("%s (%s)", id.Name, idText), false
		}
	}
	how := "writing it"
	if appendInto {
		how = "appending to it writes into its spare capacity, which is shared too, and"
	}
	pos := instr.Pos()
	if !pos.IsValid() {
		pos = w.Pos()
	}
	msg := fmt.Sprintf("%s is the %s peer id frame received on line %d, one slice shared by every message of that peer: %s changes the id of its earlier and later messages (clone it with bytes.Clone first)",
		name, l.typ, c.line(l.recv.Instr.Pos()), how)
	if appendInto {
		msg = fmt.Sprintf("%s is the %s peer id frame received on line %d, one slice shared by every message of that peer: %s corrupts what other appends to it hold (clone it with bytes.Clone first)",
			name, l.typ, c.line(l.recv.Instr.Pos()), how)
	}
	c.report(report.NoFix(analysis.Diagnostic{
		Pos: pos, Category: catIDFrame, Message: msg,
		Related:        []analysis.RelatedInformation{{Pos: l.recv.Instr.Pos(), Message: "the message is received here"}},
		SuggestedFixes: c.idFix(l, all, a, instr, w, direct),
	}, "id-not-copyable"))
}

// loadText returns the source of the index expression of a load
// ("msg.Frames[0]").
func (c *checker) loadText(l *ssa.UnOp) string {
	if ix := c.indexExpr(l); ix != nil {
		return astx.Text(c.pass, ix)
	}
	return ""
}

// indexExpr returns the expression msg.Frames[i] that load l reads.
func (c *checker) indexExpr(l *ssa.UnOp) *ast.IndexExpr {
	ia, ok := l.X.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	pos := l.Pos()
	if !pos.IsValid() {
		pos = ia.Pos()
	}
	for _, n := range astx.Path(c.pass, pos) {
		if ix, ok := n.(*ast.IndexExpr); ok && ix.Lbrack == pos {
			return ix
		}
	}
	return nil
}

// writtenExpr returns the expression through which instr writes w: the
// indexed slice of an element store (id of id[0] = x), the argument of a
// call (id of copy(id, b)).
func (c *checker) writtenExpr(instr ssa.Instruction, w ssa.Value) ast.Expr {
	switch in := instr.(type) {
	case *ssa.Store:
		for _, n := range astx.Path(c.pass, in.Pos()) {
			if ix, ok := n.(*ast.IndexExpr); ok && ix.Lbrack == in.Pos() {
				return ix.X
			}
		}
	case ssa.CallInstruction:
		ce := c.callExpr(in)
		if ce == nil {
			return nil
		}
		args := in.Common().Args
		off := len(args) - len(ce.Args) // a static method call's receiver
		for i, a := range args {
			if a == w && i-off >= 0 && i-off < len(ce.Args) {
				return ce.Args[i-off]
			}
		}
	}
	return nil
}

// idFix clones the frame: when the write goes straight through
// msg.Frames[0], by replacing the frame before the writing statement
// (msg.Frames[0] = bytes.Clone(msg.Frames[0])), if both run in the same
// loop as the receive; otherwise where the frame is read into the
// written variable (id := bytes.Clone(msg.Frames[0])).
func (c *checker) idFix(l idLoad, all []idLoad, a *buffers.Aliases, instr ssa.Instruction, w ssa.Value, direct bool) []analysis.SuggestedFix {
	pos := instr.Pos()
	if !pos.IsValid() {
		return nil
	}
	file := astx.File(c.pass, pos)
	if file == nil {
		return nil
	}
	pkg, imports, ok := edit.Import(c.pass, file, "bytes", pos)
	if !ok {
		return nil
	}
	if u, ok := w.(*ssa.UnOp); ok && direct {
		ix := c.indexExpr(u)
		st, ok := astx.EnclosingStmt(c.pass, pos)
		rst, rok := astx.EnclosingStmt(c.pass, l.recv.Instr.Pos())
		if ix == nil || !ok || !rok || innermostLoop(st) != innermostLoop(rst) || !plain(ix.X) {
			return nil
		}
		text := astx.Text(c.pass, ix)
		e := edit.InsertBefore(c.pass, st.Stmt, fmt.Sprintf("%s = %s.Clone(%s)", text, pkg, text))
		return []analysis.SuggestedFix{{Message: "Replace " + text + " with a copy before writing it", TextEdits: append(imports, e)}}
	}
	// Wrap each read of the shared frame that flows into the written value.
	var edits []analysis.TextEdit
	for _, o := range all {
		if !a.Same(o.load, w) {
			continue
		}
		ix := c.indexExpr(o.load)
		if ix == nil {
			return nil
		}
		text := astx.Text(c.pass, ix)
		edits = append(edits, analysis.TextEdit{Pos: ix.Pos(), End: ix.End(), NewText: []byte(pkg + ".Clone(" + text + ")")})
	}
	if len(edits) == 0 {
		return nil
	}
	return []analysis.SuggestedFix{{Message: "Copy the id frame when it is read (bytes.Clone)", TextEdits: append(edits, imports...)}}
}

// innermostLoop returns the innermost for or range statement of s's
// function that holds s, or nil.
func innermostLoop(s astx.Stmt) ast.Node {
	for _, n := range s.Path[1:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return n
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}
