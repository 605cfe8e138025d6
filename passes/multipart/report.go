package multipart

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// callExpr returns the call expression of an SSA call (whose position is
// the call's left parenthesis).
func (c *checker) callExpr(pos token.Pos) *ast.CallExpr {
	for _, n := range astx.Path(c.pass, pos) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			return call
		}
	}
	return nil
}

// sockExpr returns the source expression of the socket a part is sent on.
func (c *checker) sockExpr(p *openPart) ast.Expr {
	call := c.callExpr(p.instr.Pos())
	if call == nil {
		return nil
	}
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if p.helper == nil {
		if isSel {
			return sel.X
		}
		return nil
	}
	// A helper: find which syntactic argument is the SSA argument.
	j := -1
	for i, a := range p.instr.Call.Args {
		if a == p.sock {
			j = i
		}
	}
	sig, _ := p.helper.Type().(*types.Signature)
	if j < 0 || sig == nil {
		return nil
	}
	if sig.Recv() != nil && isSel {
		if sel, ok := c.pass.TypesInfo.Selections[sel]; ok && sel.Kind() == types.MethodVal {
			if j == 0 {
				return ast.Unparen(call.Fun).(*ast.SelectorExpr).X
			}
			j--
		}
	}
	if j < len(call.Args) {
		return call.Args[j]
	}
	return nil
}

func (c *checker) sockName(p *openPart) string {
	if e := c.sockExpr(p); e != nil {
		if s := astx.Text(c.pass, e); s != "" {
			return s
		}
	}
	// A method value call: name the receiver's variable if it is one.
	switch v := value.Peel(p.sock, value.Ref).(type) {
	case *ssa.Parameter:
		return v.Name()
	case *ssa.FreeVar:
		return v.Name()
	}
	return "the socket"
}

// exitPos returns the position of a return, or the closing brace of the
// function for an implicit one.
func exitPos(fn *ssa.Function, ret ssa.Instruction) token.Pos {
	if p := ret.Pos(); p.IsValid() {
		return p
	}
	if body := fn.Syntax(); body != nil {
		return body.End() - 1
	}
	return token.NoPos
}

func (c *checker) reportAbandoned(fn *ssa.Function, a *abandonment, idx *partIndex) {
	p := a.part
	name := c.sockName(p)
	var what string
	switch {
	case p.viaWrapper && p.guard != nil:
		what = fmt.Sprintf("this part is sent on %s through %s with %s on every iteration of the loop but the last", name, p.helper.Name(), p.flag)
	case p.viaWrapper:
		what = fmt.Sprintf("this part is sent on %s through %s with %s", name, p.helper.Name(), p.flag)
	case p.helper != nil:
		what = fmt.Sprintf("%s leaves a multipart message open on %s", p.helper.Name(), name)
	case p.guard != nil:
		what = fmt.Sprintf("this part is sent on %s with %s on every iteration of the loop but the last", name, p.flag)
	default:
		what = fmt.Sprintf("this part is sent on %s with %s", name, p.flag)
	}
	d := analysis.Diagnostic{Pos: p.instr.Pos(), Category: catAbandoned}
	fix, reason, culprits := c.finishFix(fn, a, idx)
	if move, ok := c.moveFix(a); ok {
		fix, reason = move, fixOK
	}
	via := ""
	if len(culprits) > 0 {
		br := culprits[0]
		label := ""
		if br.Label != nil {
			label = " " + br.Label.Name
		}
		via = fmt.Sprintf(" through the %s%s on line %d", br.Tok, label, astx.Line(c.pass, br.Pos()))
	}
	advice := "send the last part or close the socket first"
	if reason != fixOK {
		advice = reason.advice()
	}
	switch {
	case a.skipped:
		line := astx.Line(c.pass, exitPos(fn, a.exits[0].instr))
		d.Message = fmt.Sprintf("%s, but an iteration can go on or leave the loop without sending it: when that is the last iteration, the return on line %d is reached without the final part, the message stays open and the next send on %s is glued onto it (%s)",
			what, line, name, advice)
	case !a.loop:
		line := astx.Line(c.pass, exitPos(fn, a.exits[0].instr))
		d.Message = fmt.Sprintf("%s, but the return on line %d is reached%s without the final part: the message stays open and the next send on %s is glued onto it (%s)",
			what, line, via, name, advice)
	default:
		d.Message = fmt.Sprintf("%s, but the loop can come back to it%s without the final part: the parts of the next iteration are glued onto the open message", what, via)
		if reason != fixOK {
			d.Message += " (" + advice + ")"
		}
	}
	for _, ex := range a.exits {
		if pos := exitPos(fn, ex.instr); pos.IsValid() {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: pos, Message: "returns with the message on " + name + " open"})
		}
	}
	if reason == fixOK {
		d.SuggestedFixes = append(d.SuggestedFixes, fix)
	}
	c.report(report.NoFix(d, reason.shape()))
}
