package zerocopy

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// followViews reports, for target t of send h, the first call on a path
// after the send that lets an owner other than the frame's variable
// overwrite its bytes: the next Scan of the bufio.Scanner whose Bytes were
// sent, a write to the bytes.Buffer whose Bytes were sent, a sync.Pool Put
// of the buffer (buffers.StdViews, buffers.StdReleasers). A deferred such
// call that was registered before the send runs after it, at the
// function's exit: it is reported at its defer statement.
func (c *checker) followViews(fn *ssa.Function, a *buffers.Aliases, h *buffers.HandOver, t target) {
	views := c.buf.Views(t.class)
	if len(views) == 0 && !c.buf.Releases(fn) {
		return // nothing here can let another owner reuse the bytes
	}
	owners := map[ssa.Instruction]bool{}
	for _, v := range views {
		if in, ok := value.Peel(v.Owner, value.Ref).(ssa.Instruction); ok {
			owners[in] = true
		}
	}
	// The walk state: armed says that a view's owner freed the bytes or
	// moved its read offset since the view was taken, so that its next
	// write may overwrite them (buffers.ViewAPI.Armed).
	const armed uint8 = 1
	check := func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		u, ok := c.buf.ReuseAt(instr, t.class, views)
		if !ok {
			return flow.Continue, s
		}
		switch {
		case u.Advances():
			return flow.Continue, s | armed
		case u.Frees() && buffers.OwnedLocally(u.View):
			return flow.Continue, s | armed // the write that follows, if any, is the reuse
		case u.Armed() && s&armed == 0 && !u.View.Row.Advanced:
			return flow.Continue, s // appends after the view's bytes
		}
		if !c.done[instr] {
			c.done[instr] = true
			c.reportReused(h, t, u)
		}
		return flow.Found, s
	}
	// Deferred reuses registered before the send run at exit, after it.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && flow.Before(d, h.Instr) {
				if v, _ := check(d, 0); v == flow.Found {
					return
				}
			}
		}
	}
	flow.WalkState(h.Instr, 0, func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		if owners[instr] {
			return flow.Stop, s // a new owner from here on: its buffer is another
		}
		if v, ok := instr.(ssa.Value); ok && len(views) == 0 && c.buf.Writer.IsFresh(v) && containsValue(t.class, v) {
			return flow.Stop, s // a new buffer from here on
		}
		return check(instr, s)
	}, nil)
}

func containsValue(vs []ssa.Value, v ssa.Value) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// reportReused reports reuse u of the memory of target t, handed over by
// send h.
func (c *checker) reportReused(h *buffers.HandOver, t target, u buffers.Reuse) {
	name := c.bufName(t.frame, t.class)
	what := c.callText(u.Instr)
	_, deferred := u.Instr.(*ssa.Defer)
	switch {
	case u.Inner != nil && deferred:
		what = c.callText(u.Inner) + " in the deferred function"
	case u.Inner != nil:
		what = c.callText(u.Inner) + " in the function called here"
	case deferred:
		what = "the deferred " + what
	}
	var msg string
	var related []analysis.RelatedInformation
	switch {
	case u.View != nil && u.Method == "":
		owner := c.ownerName(u.View)
		msg = fmt.Sprintf("%s gives %s back to the pool while %s (%s on line %d, a view into its buffer) is held by %s: another Get may overwrite the queued message (send a copy)",
			what, owner, name, c.callText(u.View.Call), c.line(u.View.Call.Pos()), c.sendText(h))
		related = append(related, analysis.RelatedInformation{Pos: u.View.Call.Pos(), Message: name + " is a view into " + owner + "'s buffer"})
	case u.View != nil:
		msg = fmt.Sprintf("%s reuses the buffer that %s views (%s on line %d, valid only until %s) after it was handed to %s: the queued message may carry the new bytes (send a copy)",
			what, name, c.callText(u.View.Call), c.line(u.View.Call.Pos()), u.View.Row.When, c.sendText(h))
		related = append(related, analysis.RelatedInformation{Pos: u.View.Call.Pos(), Message: name + " is a view into " + c.ownerName(u.View) + "'s buffer"})
	default:
		msg = fmt.Sprintf("%s gives %s back to the pool after it was handed to %s: another Get may overwrite the queued message (send a copy)",
			what, name, c.sendText(h))
	}
	d := buffers.Finding(h, u.Instr, catReused, name, msg)
	d.Related = append(d.Related, related...)
	d.SuggestedFixes = c.fixes(h, t.frame, name)
	c.report(report.NoFix(d, "view-no-copy-point"))
}

// callText is the source text of the call instr makes (sc.Scan()), or the
// callee's name when it is long or not visible.
func (c *checker) callText(instr ssa.CallInstruction) string {
	pos := instr.Pos()
	if d, ok := instr.(*ssa.Defer); ok {
		pos = d.Call.Pos()
	}
	for _, n := range astx.Path(c.pass, pos) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			if s := astx.Text(c.pass, call); s != "" && len(s) <= 40 {
				return s
			}
			break
		}
	}
	if fn := instr.Common().StaticCallee(); fn != nil {
		return fn.Name()
	}
	return "the call"
}

// ownerName names the owner of view v for messages: the receiver
// expression of the call that returned it (sc, e.buf).
func (c *checker) ownerName(v *buffers.View) string {
	pos := v.Call.Pos()
	for _, n := range astx.Path(c.pass, pos) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if s := astx.Text(c.pass, sel.X); s != "" && len(s) <= 30 {
					return s
				}
			}
			break
		}
	}
	return "its owner"
}
