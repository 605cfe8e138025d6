package multipart

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/report"
)

// checkFramesReuse reports frames slices ([][]byte) written after a send
// that keeps them. What is handed over, what shares its memory and what
// writes into it are the buffers model's (HandOvers, Aliases, Writer), the
// same as zerocopy's for bytes: this check owns the writes into the
// [][]byte itself, zerocopy the writes into its frames' bytes (however
// they are reached: fs[0][0] = x or hdr[0] = x), so one hazard is one
// finding of one check.
func (c *checker) checkFramesReuse(fn *ssa.Function) {
	hs := c.buf.HandOvers(fn)
	if len(hs) == 0 {
		return
	}
	a := c.buf.Writer.Aliases(fn)
	done := map[ssa.Instruction]bool{}
	for _, h := range hs {
		if len(h.Lists) == 0 {
			continue
		}
		// The frames slices of one hand-over are one memory (a Msg's
		// Frames and the fs stored there, msg.Frames read back): one walk.
		var class []ssa.Value
		for _, l := range h.Lists {
			for _, v := range a.Class(l.Value) {
				if !slices.Contains(class, v) {
					class = append(class, v)
				}
			}
		}
		w, through := c.buf.FirstWriteAfter(h.Instr, a, class)
		if w == nil || done[w] {
			continue // a write reached from several sends is reported once
		}
		done[w] = true
		c.reportFramesReuse(h, w, listName(a, h.Lists, through))
	}
}

// listName names the frames slice written through value through: the
// handed-over list it re-slices or is (msg.Frames, frames), else the first
// one visible in the syntax.
func listName(a *buffers.Aliases, lists []buffers.Frame, through ssa.Value) ast.Expr {
	chain := buffers.Chain(through)
	for _, l := range lists {
		if l.Expr != nil && slices.Contains(chain, l.Value) {
			return l.Expr
		}
	}
	for _, l := range lists {
		if l.Expr != nil && a.Same(l.Value, through) {
			return l.Expr
		}
	}
	return nil
}

func (c *checker) reportFramesReuse(h *buffers.HandOver, w ssa.Instruction, list ast.Expr) {
	name := "the frames slice"
	if list != nil {
		name = astx.Text(c.pass, list)
	}
	d := buffers.Finding(h, w, catFramesReuse, name, fmt.Sprintf(
		"%s was handed over to %s on line %d, which keeps it after returning, and here %s: the queued message changes under the library (hand over a copy)",
		name, sendName(h), astx.Line(c.pass, h.Instr.Pos()), writeText(w)))
	if fix, ok := c.copyFix(h); ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.report(report.NoFix(d, "frames-not-copyable"))
}

// sendName names the hand-over for messages.
func sendName(h *buffers.HandOver) string {
	switch {
	case h.Kind == buffers.ChannelerSend:
		return "SendChan"
	case h.Kind == buffers.ChannelSend:
		return "the channel send"
	case h.Callee != nil:
		return h.Callee.Name()
	}
	return "the send"
}

// writeText says how write w (found by the buffers Writer) modifies the
// frames slice.
func writeText(w ssa.Instruction) string {
	switch w := w.(type) {
	case *ssa.Store:
		return "a frame of it is replaced"
	case ssa.CallInstruction:
		common := w.Common()
		if b, ok := common.Value.(*ssa.Builtin); ok {
			switch b.Name() {
			case "append":
				return "it is appended to from a shorter reslice, over its old frames"
			case "copy":
				return "frames are copied into it"
			case "clear":
				return "its frames are cleared"
			}
		}
		fn := calleeFunc(common)
		switch {
		case fn == nil || fn.Pkg() == nil:
			return "it is modified in place by a function literal"
		case buffers.StdWrites(fn, 0):
			return "it is reordered or modified in place by " + fn.Pkg().Name() + "." + fn.Name()
		}
		return "it is written by " + fn.Name() // writesParams

	}
	return "it is modified"
}

// calleeFunc returns the function or method a call names, if any.
func calleeFunc(common *ssa.CallCommon) *types.Func {
	if common.IsInvoke() {
		return common.Method
	}
	if fn := common.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj
		}
	}
	return nil
}

// copyFix hands over a copy: slices.Clone(frames) where the frames slice
// is passed in the send (or wrapper) call or channel send itself; else,
// for a go-zeromq Send of a Msg built before it (say, once before a
// loop), a deep copy taken at the send (Msg.Clone): a copy where the Msg
// is built would be a snapshot of the frames before the loop.
func (c *checker) copyFix(h *buffers.HandOver) (analysis.SuggestedFix, bool) {
	at := c.handOverNode(h)
	if at == nil {
		return analysis.SuggestedFix{}, false
	}
	var fe ast.Expr
	for _, l := range h.Lists {
		if l.Expr != nil && at.Pos() <= l.Expr.Pos() && l.Expr.End() <= at.End() {
			fe = l.Expr
			break
		}
	}
	if fe == nil {
		call, ok := at.(*ast.CallExpr)
		if h.Kind != buffers.MsgSend || !ok || len(call.Args) != 1 {
			return analysis.SuggestedFix{}, false
		}
		arg := call.Args[0]
		text := astx.Text(c.pass, arg)
		if text == "" {
			return analysis.SuggestedFix{}, false
		}
		// The same edit as zerocopy's copy of this argument (edit.CallOn):
		// when both report the send, the driver applies it once.
		return analysis.SuggestedFix{
			Message:   "Send a deep copy of the message (Msg.Clone)",
			TextEdits: []analysis.TextEdit{edit.CallOn(arg, text, "Clone")},
		}, true
	}
	f := astx.File(c.pass, fe.Pos())
	if f == nil {
		return analysis.SuggestedFix{}, false
	}
	pkg, edits, ok := edit.Import(c.pass, f, "slices", fe.Pos())
	text := astx.Text(c.pass, fe)
	if !ok || text == "" {
		return analysis.SuggestedFix{}, false
	}
	edits = append(edits, analysis.TextEdit{Pos: fe.Pos(), End: fe.End(),
		NewText: []byte(pkg + ".Clone(" + text + ")")})
	return analysis.SuggestedFix{Message: "Hand over a copy of the frames slice (slices.Clone)", TextEdits: edits}, true
}

// handOverNode returns the syntax of hand-over h: its call expression, or
// its channel send statement.
func (c *checker) handOverNode(h *buffers.HandOver) ast.Node {
	if _, ok := h.Instr.(*ssa.Send); ok {
		if st, ok := astx.EnclosingStmt(c.pass, h.Instr.Pos()); ok {
			if s, ok := st.Stmt.(*ast.SendStmt); ok {
				return s
			}
		}
		return nil
	}
	if call := c.callExpr(h.Instr.Pos()); call != nil {
		return call
	}
	return nil
}
