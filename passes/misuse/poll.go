package misuse

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// checkPoll reports a socket closed while it is registered with a pebbe
// Poller that is polled again afterwards: poll returns ErrorSocketClosed
// as long as a closed socket is registered (polling.go poll).
func (c *checker) checkPoll(fn *ssa.Function, calls []zmqssa.Call) {
	var adds, closes []zmqssa.Call
	for _, call := range calls {
		if _, ok := call.Instr.(*ssa.Call); !ok {
			continue // deferred or started: a deferred Close runs at the end
		}
		switch {
		case c.res.Model.TrapOf(call.Callee) == zmqapi.PollAdd && call.Recv != nil && len(call.Args) > 0:
			adds = append(adds, call)
		case call.Entry != nil && call.Entry.Role == zmqapi.Close && call.Entry.Binding == zmqapi.Pebbe && call.Recv != nil:
			closes = append(closes, call)
		}
	}
	for _, add := range adds {
		for _, cl := range closes {
			if !value.SameRef(add.Args[0], cl.Recv) || !flow.Reachable(add.Instr, cl.Instr, nil) {
				continue
			}
			if poll := c.polledAfterClose(add, cl); poll != nil {
				c.reportPoll(add, cl, poll)
			}
		}
	}
}

const sockClosed uint8 = 1

// polledAfterClose returns a poll of add's poller that a path from add
// reaches after close cl, with the socket still registered.
func (c *checker) polledAfterClose(add, cl zmqssa.Call) ssa.Instruction {
	poller := add.Recv
	found, _ := flow.WalkState(add.Instr, 0, func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		if instr == cl.Instr {
			return flow.Continue, s | sockClosed
		}
		switch in := instr.(type) {
		case ssa.CallInstruction:
			r := c.res.Resolve(in)
			onPoller := r.Recv != nil && value.SameRef(r.Recv, poller)
			switch {
			case onPoller && c.res.Model.IsPoll(r.Callee):
				if s&sockClosed != 0 {
					return flow.Found, s
				}
				return flow.Continue, s
			case onPoller && (c.res.Model.TrapOf(r.Callee) == zmqapi.PollRemove || c.res.Model.TrapOf(r.Callee) == zmqapi.PollRemoveID):
				return flow.Stop, s // removed (Remove by id counts: we do not follow ids)
			case onPoller:
				return flow.Continue, s // Add of another socket, Update...
			}
			for _, a := range in.Common().Args {
				if value.SameRef(a, poller) {
					return flow.Stop, s // a helper may remove it: unknown
				}
			}
		case *ssa.MakeClosure:
			for _, b := range in.Bindings {
				if value.SameRef(b, poller) {
					return flow.Stop, s
				}
			}
		}
		return flow.Continue, s
	}, nil)
	return found
}

func (c *checker) reportPoll(add, cl zmqssa.Call, poll ssa.Instruction) {
	ce := c.callExpr(cl.Instr)
	ae := c.callExpr(add.Instr)
	if ce == nil || ae == nil || len(ae.Args) == 0 {
		return
	}
	sock := astx.Text(c.pass, recvExpr(ce))
	poller := astx.Text(c.pass, recvExpr(ae))
	remove := fmt.Sprintf("%s.RemoveBySocket(%s)", poller, sock)
	msg := fmt.Sprintf("%s is closed here while still registered with poller %s (Add on line %d), which is polled again on line %d: Poll returns ErrorSocketClosed from then on, so a loop around it spins (call %s before closing)",
		sock, poller, c.line(add.Instr.Pos()), c.line(poll.Pos()), remove)
	var fixes []analysis.SuggestedFix
	st, ok := astx.EnclosingStmt(c.pass, ce.Pos())
	if ok && plain(recvExpr(ce).(ast.Expr)) && c.visibleAt(recvExpr(ae).(ast.Expr), ce.Pos()) {
		fixes = []analysis.SuggestedFix{{
			Message:   "Remove " + sock + " from " + poller + " before closing it",
			TextEdits: []analysis.TextEdit{edit.InsertBefore(c.pass, st.Stmt, remove)},
		}}
	}
	c.report(report.NoFix(analysis.Diagnostic{
		Pos: ce.Pos(), End: ce.End(), Category: catClosePoll, Message: msg,
		Related: []analysis.RelatedInformation{
			{Pos: add.Instr.Pos(), Message: sock + " is registered here"},
			{Pos: poll.Pos(), Message: poller + " is polled here"},
		},
		SuggestedFixes: fixes,
	}, "poller-no-remove-point"))
}

// visibleAt reports whether e, a variable or a selection on one, names
// the same variable at pos.
func (c *checker) visibleAt(e ast.Expr, pos token.Pos) bool {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.SelectorExpr:
			e = x.X
			continue
		case *ast.Ident:
			obj := c.pass.TypesInfo.Uses[x]
			return obj != nil && astx.InScope(c.pass.Pkg, pos, x.Name, obj)
		}
		return false
	}
}
