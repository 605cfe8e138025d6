package zerocopy

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/report"
)

func (c *checker) line(pos token.Pos) int { return astx.Line(c.pass, pos) }

// sendText describes send h for messages: "Send on line 12".
func (c *checker) sendText(h *buffers.HandOver) string {
	line := c.line(h.Instr.Pos())
	switch h.Kind {
	case buffers.MsgSend:
		return fmt.Sprintf("%s on line %d, which keeps a reference to the message's frames", h.Callee.Name(), line)
	case buffers.ChannelerSend:
		return fmt.Sprintf("Channeler.SendChan on line %d, whose goroutine sends the frames later", line)
	case buffers.WrapperCall:
		name := "the function"
		if h.Callee != nil {
			name = h.Callee.Name()
		}
		return fmt.Sprintf("%s on line %d, which hands it to a send that keeps a reference", name, line)
	case buffers.ChannelSend:
		return fmt.Sprintf("the channel send on line %d, whose receiver hands it to a send that keeps a reference", line)
	}
	return fmt.Sprintf("the send on line %d", line)
}

// bufName names the buffer of frame f for messages.
func (c *checker) bufName(f buffers.Frame, class []ssa.Value) string {
	if id, ok := ast.Unparen(f.Expr).(*ast.Ident); ok {
		return id.Name
	}
	for _, v := range append([]ssa.Value{f.Value}, class...) {
		switch v := v.(type) {
		case *ssa.Parameter:
			return v.Name()
		case *ssa.FreeVar:
			return v.Name()
		}
	}
	for _, v := range class {
		if !buffers.IsFresh(v) {
			continue
		}
		if name, _ := astx.AssignedExpr(c.pass, v.Pos(), 0); name != "" {
			return name
		}
		switch v.(type) {
		case *ssa.Alloc:
			// var arr [N]byte: the Alloc's position is the variable's.
			for _, n := range astx.Path(c.pass, v.Pos()) {
				if id, ok := n.(*ast.Ident); ok {
					return id.Name
				}
			}
		}
	}
	if f.Expr != nil {
		if t := astx.Text(c.pass, f.Expr); t != "" && len(t) <= 40 {
			return t
		}
	}
	return "the buffer"
}

// elemName names the element of t's frames slice that write target w
// goes through (fs[0]), or "" when w writes through the frame itself.
func (c *checker) elemName(a *buffers.Aliases, t target, w ssa.Value) string {
	for _, e := range t.elems {
		if !a.Same(e.Value, w) {
			continue
		}
		if e.Expr != nil {
			if s := astx.Text(c.pass, e.Expr); s != "" && len(s) <= 40 {
				return s
			}
		}
		if t.list != "" && len(t.list) <= 40 {
			return "a frame of " + t.list // a range variable over the slice
		}
		return "a frame of the frames slice"
	}
	return ""
}

// reportModified reports write w into frame f of send h; elem, if not
// empty, names the element of the frames slice written through.
func (c *checker) reportModified(fn *ssa.Function, h *buffers.HandOver, f buffers.Frame, elem string, class []ssa.Value, w ssa.Instruction) {
	name := c.bufName(f, class)
	if elem != "" {
		name = elem
	}
	d := buffers.Finding(h, w, catModified, name, fmt.Sprintf(
		"%s is modified after it was handed to %s: the queued message may carry the new bytes (send a copy)",
		name, c.sendText(h)))
	d.SuggestedFixes = c.fixes(h, f, c.bufName(f, class))
	c.report(report.NoFix(d, "no-copy-point"))
}

// reportResent reports send again of frame af, whose bytes were modified
// since send h of frame f. The message names af (the expression sent
// again); the fix copies f at the first send, whose message must keep its
// bytes.
func (c *checker) reportResent(h, again *buffers.HandOver, f, af buffers.Frame) {
	name := c.bufName(af, nil)
	d := analysis.Diagnostic{
		Pos:      again.Instr.Pos(),
		Category: catResent,
		Message: fmt.Sprintf("%s is sent again after being modified since it was handed to %s: the first message now carries the second's bytes (send a copy)",
			name, c.sendText(h)),
		Related: []analysis.RelatedInformation{{Pos: h.Instr.Pos(), Message: name + " is first handed over here"}},
	}
	d.SuggestedFixes = c.fixes(h, f, c.bufName(f, nil))
	c.report(report.NoFix(d, "resent-no-copy-point"))
}

// fixes builds the suggested fixes at send h: pass bytes.Clone of the
// frame's expression, or, for a go-zeromq send of a Msg built elsewhere,
// send msg.Clone() (a deep copy of every frame).
func (c *checker) fixes(h *buffers.HandOver, f buffers.Frame, name string) []analysis.SuggestedFix {
	// Copying the frame where the Msg is built is right only if that runs
	// at each send: a Msg built once before a loop and sent in it would
	// carry the snapshot taken before the loop. Otherwise copy the Msg at
	// the send.
	atSend := true
	if h.Kind == buffers.MsgSend && f.Expr != nil {
		if arg := c.callArg(h.Instr, 0); arg == nil || f.Expr.Pos() < arg.Pos() || f.Expr.End() > arg.End() {
			atSend = false
		}
	}
	if atSend && f.Expr != nil && isByteSliceExpr(c.pass, f.Expr) {
		file := astx.File(c.pass, f.Expr.Pos())
		if file == nil {
			return nil
		}
		// A local variable named bytes would capture bytes.Clone: no fix.
		pkg, edits, ok := edit.Import(c.pass, file, "bytes", f.Expr.Pos())
		text := astx.Text(c.pass, f.Expr)
		if !ok || text == "" {
			return nil
		}
		edits = append(edits, analysis.TextEdit{Pos: f.Expr.Pos(), End: f.Expr.End(),
			NewText: []byte(pkg + ".Clone(" + text + ")")})
		return []analysis.SuggestedFix{{Message: fmt.Sprintf("Send a copy of %s (%s.Clone)", name, pkg), TextEdits: edits}}
	}
	if h.Kind == buffers.MsgSend {
		if arg := c.callArg(h.Instr, 0); arg != nil {
			text := astx.Text(c.pass, arg)
			if text == "" {
				return nil
			}
			return []analysis.SuggestedFix{{
				Message:   "Send a deep copy of the message (Msg.Clone)",
				TextEdits: []analysis.TextEdit{edit.CallOn(arg, text, "Clone")},
			}}
		}
	}
	return nil
}

// callArg returns argument k of the call expression of instr, or nil.
func (c *checker) callArg(instr ssa.Instruction, k int) ast.Expr {
	for _, n := range astx.Path(c.pass, instr.Pos()) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == instr.Pos() {
			if k < len(call.Args) {
				return call.Args[k]
			}
			return nil
		}
	}
	return nil
}

// isByteSliceExpr reports whether e's type is []byte (so bytes.Clone(e)
// has the same type and can replace it).
func isByteSliceExpr(pass *analysis.Pass, e ast.Expr) bool {
	t := pass.TypesInfo.TypeOf(e)
	if t == nil {
		return false
	}
	return t.String() == "[]byte" || t.String() == "[]uint8"
}
