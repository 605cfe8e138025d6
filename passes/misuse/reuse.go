package misuse

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// checkReuse reports sends whose constant flags argument has a flag that
// leaks memory on every call (goczmq SendFrame with FlagReuse).
func (c *checker) checkReuse(calls []zmqssa.Call) {
	for _, call := range calls {
		lf, ok := c.res.Model.LeakFlagOf(call.Callee)
		if !ok || lf.Arg >= len(call.Args) {
			continue
		}
		ce := c.callExpr(call.Instr)
		if ce == nil || lf.Arg >= len(ce.Args) {
			continue
		}
		arg := ce.Args[lf.Arg]
		tv, ok := c.pass.TypesInfo.Types[arg]
		if !ok || tv.Value == nil || !lf.Has(call.Callee.Pkg(), tv.Value) {
			continue
		}
		c.report(report.NoFix(analysis.Diagnostic{
			Pos: arg.Pos(), End: arg.End(), Category: catReuse,
			Message: fmt.Sprintf("the flags %s of %s include %s: %s makes a new C frame for each call, and zframe_send, told to reuse it, sends a copy and never frees it, so every call leaks the frame on the C heap (drop the flag: the data is copied anyway)",
				astx.Text(c.pass, arg), call.Callee.Name(), lf.Flag, call.Callee.Name()),
			SuggestedFixes: c.reuseFix(call.Callee.Pkg(), lf, arg, tv.Value),
		}, "own-flag-constant"))
	}
}

// reuseFix removes the flag from the argument: the other operand of
// X|FlagReuse (or X+FlagReuse), 0 for the flag alone, and the value
// without the bit for an integer literal. A flags value named otherwise
// (a constant of the user's) gets no fix.
func (c *checker) reuseFix(pkg *types.Package, lf zmqapi.LeakFlag, arg ast.Expr, v constant.Value) []analysis.SuggestedFix {
	isFlag := func(e ast.Expr) bool {
		var obj types.Object
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			obj = c.pass.TypesInfo.Uses[e]
		case *ast.SelectorExpr:
			obj = c.pass.TypesInfo.Uses[e.Sel]
		}
		k, ok := obj.(*types.Const)
		return ok && k.Pkg() == pkg && k.Name() == lf.Flag
	}
	var text string
	switch a := ast.Unparen(arg).(type) {
	case *ast.BinaryExpr:
		if a.Op != token.OR && a.Op != token.ADD {
			return nil
		}
		switch {
		case isFlag(a.Y):
			text = astx.Text(c.pass, a.X)
		case isFlag(a.X):
			text = astx.Text(c.pass, a.Y)
		default:
			return nil
		}
	case *ast.BasicLit:
		bit := lf.Bit(pkg)
		if bit == nil {
			return nil
		}
		text = constant.BinaryOp(v, token.AND_NOT, bit).ExactString()
	default:
		if !isFlag(a) {
			return nil
		}
		text = "0"
	}
	if text == "" {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message:   "Drop " + lf.Flag,
		TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(text)}},
	}}
}
