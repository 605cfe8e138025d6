package multipart

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// SendsFlagFact is an object fact on a function that sends one part on
// its socket parameter Sock with its flags parameter Flag, on every path
// that returns, and does nothing else with the socket: a call of it is
// that send, with the flags its caller passes. Params index the SSA
// parameters (a method's receiver is 0). More is the value of the
// binding's more-flag, Name its name.
type SendsFlagFact struct {
	Sock, Flag int
	More       int64
	Name       string
}

func (*SendsFlagFact) AFact() {}

func (f *SendsFlagFact) String() string {
	return fmt.Sprintf("sendsWithFlag(%d, %d)", f.Sock, f.Flag)
}

// FlagResultFact is an object fact on a function that returns a flags
// value: one of Vals on every path; with Rel, the value follows a test of
// its parameters (Rel.True when it holds, Rel.False otherwise).
type FlagResultFact struct {
	Vals []int64
	Rel  *FlagRel
}

// FlagRel is the test a FlagResultFact's value follows: the bool
// parameter Bool (negated when Neg), or, when Bool < 0, the comparison
// param X + XC  Op  param Y + YC.
type FlagRel struct {
	Bool        int
	Neg         bool
	Op          token.Token
	X, Y        int
	XC, YC      int64
	True, False []int64
}

func (*FlagResultFact) AFact() {}

func (f *FlagResultFact) String() string {
	if f.Rel != nil {
		return fmt.Sprintf("returnsFlags%v(test)", f.Vals)
	}
	return fmt.Sprintf("returnsFlags%v", f.Vals)
}

// flagFacts holds both facts for the functions of this package.
// sendsWithFlag is a plain memo: computeSendsFlag asks no callee for
// anything (only the binding's own send), so a function's fact never
// depends on a cycle. returnsFlags follows the returned flags into
// helpers' results, so it is a summary.Table: callees first, other
// packages' functions from their FlagResultFact.
type flagFacts struct {
	sends   map[*ssa.Function]*SendsFlagFact
	results *summary.Table[*FlagResultFact]
	methods map[string]finishMethods // socket type -> its close and final-part methods
}

// newFlagResults returns the returnsFlags table. A nil summary is "no
// known flags" (a call of it is top). A cycle starts from it, as the
// recursion guard of the memo this replaces answered for a function in
// progress; since a call of a nil-summary helper makes the returned
// value top, and top absorbs, a cycle's rounds only confirm that, or
// settle the members that do not return a member's result.
func newFlagResults(c *checker) *summary.Table[*FlagResultFact] {
	return summary.New(summary.Config[*FlagResultFact]{
		Pkg: c.res.Pkg,
		// c.flagResultOfFunc asks the table itself, which is what the
		// get argument does.
		Compute: func(fn *ssa.Function, _ func(*ssa.Function) (*FlagResultFact, bool)) *FlagResultFact {
			return c.computeFlagResult(fn)
		},
		Equal: equalFlagResult,
		Import: func(obj *types.Func) (*FlagResultFact, bool) {
			var f FlagResultFact
			if c.pass.ImportObjectFact(obj, &f) {
				return &f, true
			}
			return nil, false
		},
	})
}

func equalFlagResult(a, b *FlagResultFact) bool {
	if a == nil || b == nil {
		return a == b
	}
	if !slices.Equal(a.Vals, b.Vals) || (a.Rel == nil) != (b.Rel == nil) {
		return false
	}
	if a.Rel == nil {
		return true
	}
	x, y := *a.Rel, *b.Rel
	return slices.Equal(x.True, y.True) && slices.Equal(x.False, y.False) &&
		x.Bool == y.Bool && x.Neg == y.Neg && x.Op == y.Op && x.X == y.X && x.Y == y.Y && x.XC == y.XC && x.YC == y.YC
}

func (c *checker) funcObj(fn *ssa.Function) *types.Func {
	if fn == nil {
		return nil
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// importFact imports fact f of fn, a function of another package (of its
// generic origin when fn is an instance).
func (c *checker) importFact(fn *ssa.Function, f analysis.Fact) bool {
	obj := c.funcObj(fn.Origin())
	if obj == nil {
		obj = c.funcObj(fn)
	}
	return obj != nil && c.pass.ImportObjectFact(obj, f)
}

// sendsFlag returns the SendsFlagFact of the callee of call, or nil.
func (c *checker) sendsFlag(call *ssa.Call) *SendsFlagFact {
	fn := call.Call.StaticCallee()
	if fn == nil || isBoundMethod(call) {
		return nil
	}
	if fn.Pkg != c.res.Pkg {
		var f SendsFlagFact
		if c.importFact(fn, &f) {
			return &f
		}
		return nil
	}
	return c.sendsFlagOf(fn)
}

func (c *checker) sendsFlagOf(fn *ssa.Function) *SendsFlagFact {
	if f, ok := c.ff.sends[fn]; ok {
		return f
	}
	f := c.computeSendsFlag(fn) // asks no other function: no recursion
	c.ff.sends[fn] = f
	return f
}

// computeSendsFlag: exactly one binding send on a socket parameter, with
// a flags parameter as its flags, before every return, and no other call
// given the socket.
func (c *checker) computeSendsFlag(fn *ssa.Function) *SendsFlagFact {
	if len(fn.Blocks) == 0 {
		return nil
	}
	for si, sp := range fn.Params {
		if !c.res.Model.IsSocketType(sp.Type()) {
			continue
		}
		var send *ssa.Call
		var entry *zmqapi.Entry
		var pkg *types.Package
		flagParam := -1
		ok := true
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, isCall := instr.(ssa.CallInstruction)
				if !isCall || !involves(ci, []ssa.Value{sp}) {
					continue
				}
				call, isPlain := ci.(*ssa.Call)
				if !isPlain {
					ok = false
					continue
				}
				r := c.res.Resolve(call)
				e := r.Entry
				if e == nil || r.Recv == nil || !value.SameRef(r.Recv, sp) || !e.Role.IsSend() || e.FlagArg < 0 || e.FlagArg >= len(r.Args) || send != nil {
					ok = false
					continue
				}
				prm, isPrm := value.Peel(r.Args[e.FlagArg], value.Bits).(*ssa.Parameter)
				if !isPrm {
					ok = false
					continue
				}
				if prm.Parent() == fn {
					flagParam = value.ParamIndex(prm)
				}
				send, entry, pkg = call, e, r.Callee.Pkg()
			}
		}
		if !ok || send == nil || flagParam < 0 {
			continue
		}
		for _, b := range fn.Blocks {
			if ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return); isRet && !flow.Before(send, ret) {
				ok = false
			}
		}
		if !ok || pkg == nil {
			continue
		}
		k, isConst := pkg.Scope().Lookup(entry.MoreFlag).(*types.Const)
		if !isConst {
			continue
		}
		more, exact := constant.Int64Val(k.Val())
		if !exact {
			continue
		}
		return &SendsFlagFact{Sock: si, Flag: flagParam, More: more, Name: entry.MoreFlag}
	}
	return nil
}

// flagResult returns the FlagResultFact of the callee of call, or nil.
func (c *checker) flagResult(call *ssa.Call) *FlagResultFact {
	fn := call.Call.StaticCallee()
	if fn == nil || isBoundMethod(call) {
		return nil
	}
	return c.flagResultOfFunc(fn) // the table imports others' facts
}

func (c *checker) computeFlagResult(fn *ssa.Function) *FlagResultFact {
	sig := fn.Signature
	if sig.Results().Len() != 1 || len(fn.Blocks) == 0 {
		return nil
	}
	// Only functions returning the binding's own flags type (pebbe's
	// zmq.Flag): an int result is a count, a size, anything.
	rt := sig.Results().At(0).Type()
	named, ok := rt.(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !c.res.Model.IsBindingPackage(zmqapi.PathOf(named.Obj().Pkg())) {
		return nil
	}
	if b, ok := rt.Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return nil
	}
	var rets []*ssa.Return
	all := flagSet{}
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			rets = append(rets, ret)
			all = all.union(c.flagValues(ret.Results[0], nil))
		}
	}
	if all.top || len(all.vals) == 0 {
		return nil
	}
	f := &FlagResultFact{Vals: ints(all)}
	if len(all.vals) > 1 {
		f.Rel = c.flagRel(fn, rets)
	}
	return f
}

func ints(s flagSet) []int64 {
	var out []int64
	for _, v := range s.vals {
		if n, ok := constant.Int64Val(v); ok {
			out = append(out, n)
		}
	}
	return out
}

// flagRel finds the one test of fn's parameters that decides which of
// its returns runs.
func (c *checker) flagRel(fn *ssa.Function, rets []*ssa.Return) *FlagRel {
	param := func(v ssa.Value) int {
		if p, ok := v.(*ssa.Parameter); ok && p.Parent() == fn {
			return value.ParamIndex(p)
		}
		return -1
	}
	for _, d := range fn.Blocks {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		var side [2]flagSet
		good := true
		for _, ret := range rets {
			k := -1
			for i, s := range d.Succs {
				if len(s.Preds) == 1 && s.Dominates(ret.Block()) {
					k = i
				}
			}
			if k < 0 {
				good = false
				break
			}
			side[k] = side[k].union(c.flagValues(ret.Results[0], nil))
		}
		if !good || side[0].top || side[1].top || len(side[0].vals) == 0 || len(side[1].vals) == 0 {
			continue
		}
		rel := &FlagRel{Bool: -1, True: ints(side[0]), False: ints(side[1])}
		cond := ifi.Cond
		for {
			u, isNot := cond.(*ssa.UnOp)
			if !isNot || u.Op != token.NOT {
				break
			}
			rel.Neg, cond = !rel.Neg, u.X
		}
		if i := param(cond); i >= 0 {
			rel.Bool = i
			return rel
		}
		cmp, ok := cond.(*ssa.BinOp)
		if !ok {
			return nil
		}
		xa, xc := linear(cmp.X)
		ya, yc := linear(cmp.Y)
		rel.Op, rel.X, rel.XC, rel.Y, rel.YC = cmp.Op, param(xa), xc, param(ya), yc
		if rel.X < 0 || rel.Y < 0 {
			return nil
		}
		if rel.Neg {
			return nil // !(a < b): not worth the cases
		}
		return rel
	}
	return nil
}

// helperGuard: a flag returned by a helper whose FlagRel, at this call,
// is a last-index test of an enclosing loop.
func (c *checker) helperGuard(isMore moreTest, loops []*lastLoop, call *ssa.Call) *guard {
	f := c.flagResult(call)
	if f == nil || f.Rel == nil {
		return nil
	}
	rel := f.Rel
	set := func(xs []int64) flagSet {
		s := flagSet{}
		for _, x := range xs {
			s = s.add(constant.MakeInt64(x))
		}
		return s
	}
	whenTrue, whenFalse := classify(isMore, set(rel.True)), classify(isMore, set(rel.False))
	args := call.Call.Args
	for _, l := range loops {
		if !l.inLoop(call.Block()) {
			continue
		}
		var lastTrue, ok bool
		switch {
		case rel.Bool >= 0 && rel.Bool < len(args):
			lastTrue, ok = l.lastTest(args[rel.Bool])
			lastTrue = lastTrue != rel.Neg
		case rel.Bool < 0 && rel.X < len(args) && rel.Y < len(args):
			xa, c1 := linear(args[rel.X])
			ya, c2 := linear(args[rel.Y])
			lastTrue, ok = l.lastCmp(rel.Op, xa, c1+rel.XC, ya, c2+rel.YC)
		}
		if !ok {
			continue
		}
		last, other := whenFalse, whenTrue
		if lastTrue {
			last, other = whenTrue, whenFalse
		}
		if last == flagFinal && other == flagMore {
			return &guard{loop: l}
		}
		return nil
	}
	return nil
}

// exportFlagFacts records both facts for this package's named functions.
func (c *checker) exportFlagFacts() {
	for _, fn := range c.res.SrcFuncs {
		obj := c.funcObj(fn)
		if obj == nil || fn.Parent() != nil {
			continue
		}
		if f := c.sendsFlagOf(fn); f != nil {
			c.pass.ExportObjectFact(obj, f)
		}
		if f := c.flagResultOfFunc(fn); f != nil {
			c.pass.ExportObjectFact(obj, f)
		}
	}
}

func (c *checker) flagResultOfFunc(fn *ssa.Function) *FlagResultFact {
	f, _ := c.ff.results.Of(fn)
	return f
}
