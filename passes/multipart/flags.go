package multipart

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// The flags argument of a send is evaluated on a small lattice: the set
// of constants the SSA value can hold (through phis, conversions and the
// bit operators), or "unknown" (a parameter, a field, a call, a set grown
// too large). A set whose every value has the more-flag is a part; one in
// which no value has it is a final part; a mixed set is "more on some
// paths", judged only when a loop's last-index test decides which
// (lastLoop).

// flagSet is an element of the lattice: known constants, or top.
type flagSet struct {
	top  bool
	vals []constant.Value
}

// maxFlagVals bounds a set; a larger one is top.
const maxFlagVals = 8

var topFlags = flagSet{top: true}

func (s flagSet) add(v constant.Value) flagSet {
	if s.top {
		return s
	}
	for _, w := range s.vals {
		if constant.Compare(w, token.EQL, v) {
			return s
		}
	}
	if len(s.vals) >= maxFlagVals {
		return topFlags
	}
	return flagSet{vals: append(append([]constant.Value(nil), s.vals...), v)}
}

func (s flagSet) union(t flagSet) flagSet {
	if s.top || t.top {
		return topFlags
	}
	for _, v := range t.vals {
		s = s.add(v)
	}
	return s
}

// flagValues evaluates v. stack holds the values being evaluated: a cycle
// made of phis only adds nothing (the loop carries the values it has), a
// cycle through an operator (flag |= x in a loop) is top.
func (c *checker) flagValues(v ssa.Value, stack []ssa.Value) flagSet {
	for i, w := range stack {
		if w == v {
			for _, x := range stack[i:] {
				if _, ok := x.(*ssa.Phi); !ok {
					return topFlags
				}
			}
			return flagSet{}
		}
	}
	if len(stack) > 32 {
		return topFlags
	}
	stack = append(stack, v)
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsInteger != 0 {
				return flagSet{}.add(constant.MakeInt64(0))
			}
			return topFlags
		}
		if v.Value.Kind() != constant.Int {
			return topFlags
		}
		return flagSet{}.add(v.Value)
	case *ssa.Phi:
		s := flagSet{}
		for _, e := range v.Edges {
			s = s.union(c.flagValues(e, stack))
			if s.top {
				return s
			}
		}
		return s
	case *ssa.Convert, *ssa.ChangeType:
		// Flags are compared by their bits: any conversion keeps them.
		x, _ := value.Step(v, value.Bits)
		return c.flagValues(x, stack)
	case *ssa.BinOp:
		switch v.Op {
		case token.OR, token.AND, token.XOR, token.AND_NOT:
		default:
			return topFlags
		}
		x, y := c.flagValues(v.X, stack), c.flagValues(v.Y, stack)
		if x.top || y.top {
			return topFlags
		}
		s := flagSet{}
		for _, a := range x.vals {
			for _, b := range y.vals {
				s = s.add(constant.BinaryOp(a, v.Op, b))
				if s.top {
					return s
				}
			}
		}
		return s
	case *ssa.Call:
		// A helper of this module returning flags (its FlagResultFact).
		if f := c.flagResult(v); f != nil {
			s := flagSet{}
			for _, x := range f.Vals {
				s = s.add(constant.MakeInt64(x))
			}
			return s
		}
	}
	return topFlags
}

// flagClass is what a flags value means for the message.
type flagClass uint8

const (
	flagUnknown flagClass = iota // top, or no value at all
	flagMore                     // every value has the more-flag
	flagFinal                    // no value has it
	flagMixed                    // more on some paths, final on others
)

// moreTest says whether a constant flags value has the more-flag.
type moreTest func(constant.Value) bool

// entryMore is the more-flag test of a binding send (pkg: the callee's
// package, where the flag constant is looked up).
func entryMore(e *zmqapi.Entry, pkg *types.Package) moreTest {
	return func(v constant.Value) bool { return e.HasMoreFlag(pkg, v) }
}

// bitMore is the more-flag test for the bit value more (from a fact).
func bitMore(more int64) moreTest {
	return func(v constant.Value) bool {
		n, ok := constant.Int64Val(v)
		return ok && n&more != 0
	}
}

func classify(isMore moreTest, s flagSet) flagClass {
	if s.top || len(s.vals) == 0 {
		return flagUnknown
	}
	more, final := 0, 0
	for _, v := range s.vals {
		if isMore(v) {
			more++
		} else {
			final++
		}
	}
	switch {
	case final == 0:
		return flagMore
	case more == 0:
		return flagFinal
	}
	return flagMixed
}

// flagOf classifies the flags argument of a binding send.
func (c *checker) flagOf(call zmqssa.Call) flagClass {
	e := call.Entry
	if e.FlagArg < 0 || e.MoreFlag == "" || e.FlagArg >= len(call.Args) {
		return flagUnknown
	}
	return classify(entryMore(e, call.Callee.Pkg()), c.flagValues(call.Args[e.FlagArg], nil))
}

// lastLoop is a counting loop (range over a slice or an int, or
// for i := ...; i < n; i++) whose header tests the index against a bound
// that does not change in the loop.
type lastLoop struct {
	header      *ssa.BasicBlock // ends with the If of the loop test
	body, done  *ssa.BasicBlock // the header's successors: next iteration, loop over
	index       *ssa.Phi        // the header's index phi, stepped by 1
	ch          int64           // the test is index+ch < bound+dh
	bound       ssa.Value
	dh          int64
	indexSyntax ssa.Value // the compared index value, for messages
}

// linear splits v into atom + c, through +/- constants and conversions.
func linear(v ssa.Value) (ssa.Value, int64) {
	var c int64
	for i := 0; i < 8; i++ {
		// Integer conversions keep the value (ConvertValue: only
		// Convert, as this loop peeled before the value model).
		if x, ok := value.Step(v, value.ConvertValue); ok {
			v = x
			continue
		}
		switch x := v.(type) {
		case *ssa.BinOp:
			if k, ok := x.Y.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
				n, exact := constant.Int64Val(k.Value)
				if exact && x.Op == token.ADD {
					v, c = x.X, c+n
					continue
				}
				if exact && x.Op == token.SUB {
					v, c = x.X, c-n
					continue
				}
			}
		}
		break
	}
	return v, c
}

// sameBound reports whether a and b are the same loop-invariant bound:
// one value, or len() of one slice value.
func sameBound(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, okA := lenArg(a)
	lb, okB := lenArg(b)
	return okA && okB && la == lb
}

func lenArg(v ssa.Value) (ssa.Value, bool) {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil, false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || b.Name() != "len" || len(call.Call.Args) != 1 {
		return nil, false
	}
	return call.Call.Args[0], true
}

// loopOf returns the counting loop whose header is h, or nil.
func loopOf(h *ssa.BasicBlock) *lastLoop {
	if len(h.Instrs) == 0 || len(h.Succs) != 2 {
		return nil
	}
	ifi, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	cmp, ok := ifi.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return nil
	}
	x, ch := linear(cmp.X)
	phi, ok := x.(*ssa.Phi)
	if !ok {
		return nil
	}
	switch phi.Block() {
	case h:
		// The test at the top (range over a slice, a for loop).
	case h.Succs[0]:
		// A loop tested at the bottom (range over an int): h is the
		// latch, which tests the next index, phi+1; in the body the
		// index phi itself passed the test.
		ch--
	default:
		return nil
	}
	bound, dh := linear(cmp.Y)
	if !invariant(bound, h) {
		return nil
	}
	// The index is stepped by one on every edge coming back from the body.
	body := h.Succs[0]
	for i, e := range phi.Edges {
		pred := phi.Block().Preds[i]
		if !body.Dominates(pred) {
			continue // the entry edge
		}
		a, c := linear(e)
		if a != ssa.Value(phi) || c != 1 {
			return nil
		}
	}
	return &lastLoop{header: h, body: body, done: h.Succs[1], index: phi, ch: ch, bound: bound, dh: dh, indexSyntax: cmp.X}
}

// invariant reports whether bound is defined outside the loop of header h
// (a constant, a parameter, or a value whose block dominates h), or is
// len() of such a value.
func invariant(bound ssa.Value, h *ssa.BasicBlock) bool {
	if arg, ok := lenArg(bound); ok && bound.(*ssa.Call).Block() == h {
		bound = arg
	}
	switch b := bound.(type) {
	case *ssa.Const, *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
		return true
	case ssa.Instruction:
		bb := b.Block()
		return bb != h && bb.Dominates(h)
	}
	return false
}

// lastTest recognises cond, a comparison in the body of loop l, as a test
// of the last iteration: it returns lastWhenTrue, whether cond holds
// exactly on the last iteration (false: exactly on the others).
func (l *lastLoop) lastTest(cond ssa.Value) (lastWhenTrue, ok bool) {
	neg := false
	for {
		u, isNot := cond.(*ssa.UnOp)
		if !isNot || u.Op != token.NOT {
			break
		}
		neg, cond = !neg, u.X
	}
	cmp, isCmp := cond.(*ssa.BinOp)
	if !isCmp {
		return false, false
	}
	xa, c1 := linear(cmp.X)
	ya, c2 := linear(cmp.Y)
	last, ok := l.lastCmp(cmp.Op, xa, c1, ya, c2)
	return last != neg, ok
}

// lastCmp is lastTest for the comparison xa+c1 op ya+c2.
func (l *lastLoop) lastCmp(op token.Token, xa ssa.Value, c1 int64, ya ssa.Value, c2 int64) (lastWhenTrue, ok bool) {
	if xa != ssa.Value(l.index) {
		// bound OP index: mirror it.
		xa, ya, c1, c2 = ya, xa, c2, c1
		switch op {
		case token.LSS:
			op = token.GTR
		case token.GTR:
			op = token.LSS
		case token.LEQ:
			op = token.GEQ
		case token.GEQ:
			op = token.LEQ
		}
	}
	if xa != ssa.Value(l.index) || !sameBound(ya, l.bound) {
		return false, false
	}
	// In the body e = index+ch - (bound+dh) <= -1, and the last
	// iteration is e == -1. cond is e OP k.
	k := c2 - c1 + l.ch - l.dh
	var atLast bool
	var others int // 1: true on every other iteration, 0: false on every one, -1: depends
	switch op {
	case token.EQL:
		atLast, others = k == -1, ifThen(k >= -1, 0, -1)
	case token.NEQ:
		atLast, others = k != -1, ifThen(k >= -1, 1, -1)
	case token.LSS:
		atLast, others = -1 < k, ifThen(k >= -1, 1, -1)
	case token.LEQ:
		atLast, others = -1 <= k, ifThen(k >= -2, 1, -1)
	case token.GTR:
		atLast, others = -1 > k, ifThen(k >= -2, 0, -1)
	case token.GEQ:
		atLast, others = -1 >= k, ifThen(k >= -1, 0, -1)
	default:
		return false, false
	}
	if others < 0 || atLast == (others == 1) {
		return false, false
	}
	return atLast, true
}

// testsIndex reports whether cond compares the loop's index.
func (l *lastLoop) testsIndex(cond ssa.Value) bool {
	for {
		u, isNot := cond.(*ssa.UnOp)
		if !isNot || u.Op != token.NOT {
			break
		}
		cond = u.X
	}
	cmp, ok := cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	x, _ := linear(cmp.X)
	y, _ := linear(cmp.Y)
	return x == ssa.Value(l.index) || y == ssa.Value(l.index)
}

func ifThen(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

// inLoop reports whether block b is in the body of loop l: dominated by
// its body block and able to come back to its header without leaving it.
func (l *lastLoop) inLoop(b *ssa.BasicBlock) bool {
	return l.body.Dominates(b)
}

// enclosingLoops returns the counting loops around block b, innermost
// first.
func enclosingLoops(b *ssa.BasicBlock) []*lastLoop {
	var ls []*lastLoop
	for d := b; d != nil; d = d.Idom() {
		if l := loopOf(d); l != nil && d != b && l.inLoop(b) {
			ls = append(ls, l)
		}
		// A loop tested at the bottom: d is its body, the latch a
		// predecessor that d dominates.
		for _, p := range d.Preds {
			if !d.Dominates(p) {
				continue
			}
			if l := loopOf(p); l != nil && l.body == d && l.inLoop(b) {
				ls = append(ls, l)
			}
		}
	}
	return ls
}

// guard is why a part is sent with the more-flag only on iterations that
// are not the last of a loop: the flag is chosen by the loop's last-index
// test, or the send sits in the branch of that test that is not the last.
type guard struct {
	loop *lastLoop
	test *ssa.If // the last-index test
}

// lastGuard returns the guard of a send at block b with flags value flag
// of class fc, or nil.
func (c *checker) lastGuard(isMore moreTest, b *ssa.BasicBlock, flag ssa.Value, fc flagClass) *guard {
	loops := enclosingLoops(b)
	if len(loops) == 0 {
		return nil
	}
	switch fc {
	case flagMixed:
		if call, ok := value.Peel(flag, value.Bits).(*ssa.Call); ok {
			return c.helperGuard(isMore, loops, call)
		}
		phi, ok := value.Peel(flag, value.Bits).(*ssa.Phi)
		if !ok {
			return nil
		}
		d := phi.Block().Idom()
		if d == nil || len(d.Succs) != 2 {
			return nil
		}
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			return nil
		}
		var cls [2]flagClass
		for i, v := range phi.Edges {
			k := branchOf(d, phi.Block(), phi.Block().Preds[i])
			if k < 0 {
				return nil
			}
			fc := classify(isMore, c.flagValues(v, nil))
			if fc != flagMore && fc != flagFinal || cls[k] != flagUnknown && cls[k] != fc {
				return nil
			}
			cls[k] = fc
		}
		for _, l := range loops {
			if !l.inLoop(d) {
				continue
			}
			lastTrue, ok := l.lastTest(ifi.Cond)
			if !ok {
				continue
			}
			last := 1
			if lastTrue {
				last = 0
			}
			if cls[last] == flagFinal && cls[1-last] == flagMore {
				return &guard{loop: l, test: ifi}
			}
			return nil
		}
	case flagMore:
		for d := b.Idom(); d != nil; d = d.Idom() {
			if len(d.Succs) != 2 {
				continue
			}
			ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			for _, l := range loops {
				if !l.inLoop(d) || d == l.header {
					continue
				}
				lastTrue, ok := l.lastTest(ifi.Cond)
				if !ok {
					continue
				}
				notLast := d.Succs[0]
				if lastTrue {
					notLast = d.Succs[1]
				}
				if len(notLast.Preds) == 1 && notLast.Dominates(b) {
					return &guard{loop: l, test: ifi}
				}
			}
		}
	}
	return nil
}

// branchOf returns which successor of the If block d the edge pred->m
// comes through: 0 or 1, -1 when it cannot be told.
func branchOf(d, m, pred *ssa.BasicBlock) int {
	for k, s := range d.Succs {
		other := d.Succs[1-k]
		if pred == d && s == m && other != m {
			return k
		}
		if pred != d && s != m && len(s.Preds) == 1 && s.Dominates(pred) {
			return k
		}
	}
	return -1
}
