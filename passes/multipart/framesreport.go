package multipart

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
)

// framesExpr returns the source expression of the handed-over frames:
// the argument of NewMsgFrom(frames...), the value of Frames: in a Msg
// literal, or the value sent on SendChan. Nil when written another way.
func (c *checker) framesExpr(h *handover) ast.Expr {
	switch h.kind {
	case viaNewMsgFrom:
		if call := c.callExpr(h.ctor.Pos()); call != nil && call.Ellipsis.IsValid() && len(call.Args) == 1 {
			return call.Args[0]
		}
	case viaLiteral:
		field := fieldVar(h.store.Addr.(*ssa.FieldAddr))
		for _, n := range astx.Path(c.pass, h.store.Pos()) {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				continue
			}
			for _, e := range lit.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == field {
						return kv.Value
					}
				}
			}
			return nil
		}
	case viaChan:
		if st, ok := astx.EnclosingStmt(c.pass, h.send.Pos()); ok {
			if s, ok := st.Stmt.(*ast.SendStmt); ok {
				return s.Value
			}
		}
	}
	return nil
}

func (c *checker) reportFramesReuse(h *handover, m *modification) {
	fe := c.framesExpr(h)
	name := "the frames slice"
	if fe != nil {
		name = astx.Text(c.pass, fe)
	}
	sendWhat := "Send"
	if h.kind == viaChan {
		sendWhat = "SendChan"
	}
	pos := m.instr.Pos()
	if !pos.IsValid() {
		pos = h.send.Pos()
	}
	d := analysis.Diagnostic{
		Pos:      pos,
		Category: catFramesReuse,
		Message: fmt.Sprintf("%s was handed over to %s on line %d, which keeps it after returning, and here %s: the queued message changes under the library (hand over a copy)",
			name, sendWhat, astx.Line(c.pass, h.send.Pos()), m.what),
		Related: []analysis.RelatedInformation{{Pos: h.send.Pos(), Message: name + " is handed over here"}},
	}
	if fe != nil {
		if fix, ok := c.copyFix(h, m, fe); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	}
	c.report(d)
}

// copyFix hands over a copy: slices.Clone(frames) when only the [][]byte
// is modified; NewMsgFrom(frames...).Clone() (a deep copy) when a frame's
// bytes are written. A Msg literal or SendChan whose frame bytes are
// written has no one-expression deep copy: no fix.
func (c *checker) copyFix(h *handover, m *modification, fe ast.Expr) (analysis.SuggestedFix, bool) {
	if arg := c.sendArg(h); arg != nil && (fe.Pos() < arg.Pos() || fe.End() > arg.End()) {
		// The Msg is built before the send (say, once before a loop): a
		// copy where it is built would be a snapshot of the frames before
		// the loop. Send a deep copy, taken at the send.
		text := astx.Text(c.pass, arg)
		if text == "" {
			return analysis.SuggestedFix{}, false
		}
		return analysis.SuggestedFix{
			Message:   "Send a deep copy of the message (Msg.Clone)",
			TextEdits: []analysis.TextEdit{{Pos: arg.End(), End: arg.End(), NewText: []byte(".Clone()")}},
		}, true
	}
	if m.buffer {
		if h.kind != viaNewMsgFrom {
			return analysis.SuggestedFix{}, false
		}
		call := c.callExpr(h.ctor.Pos())
		return analysis.SuggestedFix{
			Message:   "Send a deep copy of the message (Msg.Clone)",
			TextEdits: []analysis.TextEdit{{Pos: call.End(), End: call.End(), NewText: []byte(".Clone()")}},
		}, true
	}
	f := astx.File(c.pass, fe.Pos())
	if f == nil {
		return analysis.SuggestedFix{}, false
	}
	pkg, edits, ok := edit.Import(c.pass, f, "slices", fe.Pos())
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	edits = append(edits, analysis.TextEdit{Pos: fe.Pos(), End: fe.End(),
		NewText: []byte(pkg + ".Clone(" + astx.Text(c.pass, fe) + ")")})
	return analysis.SuggestedFix{Message: "Hand over a copy of the frames slice (slices.Clone)", TextEdits: edits}, true
}

// sendArg returns the Msg argument of a go-zeromq Send/SendMulti call h,
// or nil for other hand-overs (a SendChan statement).
func (c *checker) sendArg(h *handover) ast.Expr {
	if _, ok := h.send.(*ssa.Call); !ok {
		return nil
	}
	for _, n := range astx.Path(c.pass, h.send.Pos()) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == h.send.Pos() {
			if len(call.Args) == 1 {
				return call.Args[0]
			}
			return nil
		}
	}
	return nil
}
