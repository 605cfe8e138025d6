package misuse

import (
	"fmt"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// Walk state of checkAuth.
const (
	authRunning uint8 = 1 << iota // AuthStart ran and no AuthStop since
	termPending                   // the tracked deferred Term is registered and would run before any deferred AuthStop
)

// checkAuth reports a Term of pebbe's default context that runs while the
// ZAP handler started by AuthStart is running: directly, or deferred so
// that it runs before AuthStop (defers run last-in first-out).
func (c *checker) checkAuth(fn *ssa.Function, calls []zmqssa.Call) {
	var starts, terms, deferredTerms []zmqssa.Call
	kind := map[ssa.Instruction]zmqapi.Trap{}
	isTerm := map[ssa.Instruction]bool{}
	errVals := map[ssa.Value]bool{}
	for _, call := range calls {
		t := c.res.Model.TrapOf(call.Callee)
		switch _, deferred := call.Instr.(*ssa.Defer); {
		case t == zmqapi.AuthStart && !deferred:
			if v, ok := call.Instr.(*ssa.Call); ok {
				starts = append(starts, call)
				kind[call.Instr] = t
				errVals[v] = true
			}
		case t == zmqapi.AuthStop || c.stopsAuth(call.Instr):
			kind[call.Instr] = zmqapi.AuthStop
		case call.Entry != nil && call.Entry.Role == zmqapi.Term && call.Entry.DefaultContext && call.Entry.TermWaits:
			isTerm[call.Instr] = true
			if deferred {
				deferredTerms = append(deferredTerms, call)
			} else if _, ok := call.Instr.(*ssa.Call); ok {
				terms = append(terms, call)
			}
		}
	}
	if len(starts) == 0 || len(terms)+len(deferredTerms) == 0 {
		return
	}
	skip := func(ifi *ssa.If) int { return flow.ErrorBranch(ifi, errVals) }
	// started returns the AuthStart that the path reaching a report ran
	// last; there is usually one.
	startOf := func(at ssa.Instruction) zmqssa.Call {
		for _, s := range starts {
			if flow.Reachable(s.Instr, at, nil) {
				return s
			}
		}
		return starts[0]
	}
	step := func(track ssa.Instruction) func(ssa.Instruction, uint8) (uint8, bool) {
		return func(instr ssa.Instruction, s uint8) (uint8, bool) {
			switch kind[instr] {
			case zmqapi.AuthStart:
				s |= authRunning
			case zmqapi.AuthStop:
				if _, deferred := instr.(*ssa.Defer); deferred {
					s &^= termPending // runs before every Term deferred earlier
				} else {
					s &^= authRunning
				}
			}
			if instr == track {
				if _, deferred := instr.(*ssa.Defer); deferred {
					s |= termPending
				} else if s&authRunning != 0 {
					return s, true
				}
			}
			if _, ok := instr.(*ssa.Return); ok && track != nil && s&termPending != 0 && s&authRunning != 0 {
				return s, true
			}
			return s, false
		}
	}
	for _, t := range append(terms, deferredTerms...) {
		if found := walkFromEntry(fn, step(t.Instr), skip); found != nil {
			c.reportAuth(t, startOf(found))
		}
	}
}

// stopsAuth reports whether instr calls (or defers) a function of this
// package, typically a closure, whose body calls AuthStop:
// defer func() { zmq.AuthStop(); ... }() stops auth like defer
// zmq.AuthStop() does.
func (c *checker) stopsAuth(instr ssa.CallInstruction) bool {
	fn := instr.Common().StaticCallee()
	if fn == nil || fn.Blocks == nil || fn.Pkg != c.res.Pkg {
		return false
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok {
				if _, isCall := ci.(*ssa.Call); isCall && c.res.Model.TrapOf(c.res.Resolve(ci).Callee) == zmqapi.AuthStop {
					return true
				}
			}
		}
	}
	return false
}

// walkFromEntry runs a state walk over every path of fn from its first
// instruction; step returns the new state and whether the path is the one
// searched for. It returns the instruction where it was found, or nil.
func walkFromEntry(fn *ssa.Function, step func(ssa.Instruction, uint8) (uint8, bool), skip func(*ssa.If) int) ssa.Instruction {
	if len(fn.Blocks) == 0 || len(fn.Blocks[0].Instrs) == 0 {
		return nil
	}
	first := fn.Blocks[0].Instrs[0]
	s, found := step(first, 0)
	if found {
		return first
	}
	at, _ := flow.WalkState(first, s, func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		s, found := step(instr, s)
		if found {
			return flow.Found, s
		}
		return flow.Continue, s
	}, skip)
	return at
}

func (c *checker) reportAuth(term, start zmqssa.Call) {
	ce := c.callExpr(term.Instr)
	if ce == nil {
		return
	}
	text := astx.Text(c.pass, ce)
	qual := ""
	if sel, ok := ast.Unparen(ce.Fun).(*ast.SelectorExpr); ok {
		if id, ok := sel.X.(*ast.Ident); ok {
			qual = id.Name + "."
		}
	}
	stop := qual + "AuthStop()"
	why := "AuthStart opens a REQ socket in the default context that only AuthStop closes, so Term blocks forever"
	var msg, fixMsg, insert string
	st, ok := astx.EnclosingStmt(c.pass, ce.Pos())
	_, deferred := term.Instr.(*ssa.Defer)
	if deferred {
		msg = fmt.Sprintf("the deferred %s runs while the auth handler started on line %d is still running: %s (defer %s after it, so that it runs first)",
			text, c.line(start.Instr.Pos()), why, stop)
		fixMsg, insert = "Defer "+stop+" after the Term, so that it runs first", "defer "+stop
	} else {
		msg = fmt.Sprintf("%s is reached while the auth handler started on line %d is still running: %s (call %s first)",
			text, c.line(start.Instr.Pos()), why, stop)
		fixMsg, insert = "Call "+stop+" before the Term", stop
	}
	var fixes []analysis.SuggestedFix
	if ok && qual != "" {
		var e analysis.TextEdit
		if deferred {
			if _, isDefer := st.Stmt.(*ast.DeferStmt); !isDefer {
				ok = false
			}
			e = edit.InsertAfter(c.pass, st.Stmt, insert)
		} else {
			e = edit.InsertBefore(c.pass, st.Stmt, insert)
		}
		if ok {
			fixes = []analysis.SuggestedFix{{Message: fixMsg, TextEdits: []analysis.TextEdit{e}}}
		}
	}
	c.report(report.NoFix(analysis.Diagnostic{
		Pos: ce.Pos(), End: ce.End(), Category: catAuth, Message: msg,
		Related:        []analysis.RelatedInformation{{Pos: start.Instr.Pos(), Message: "auth is started here"}},
		SuggestedFixes: fixes,
	}, "auth-no-stop-point"))
}
