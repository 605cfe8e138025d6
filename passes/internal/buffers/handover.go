package buffers

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// HandsOver is an object fact on a function that hands the memory of some
// of its parameters to an ownership-transferring send (a send that keeps a
// reference after it returns), directly, through another such function, or
// by sending it on a channel whose receiver does. Params lists explicit
// parameter indexes; Recv marks the receiver. Parameters may be []byte
// buffers, [][]byte frame lists or go-zeromq Msg values.
type HandsOver struct{ ParamSet }

func (*HandsOver) AFact() {}

func (f *HandsOver) String() string { return f.format("handsOver") }

func (f *HandsOver) has(i int) bool { return f.Has(i) }

// Kind is the kind of an ownership-transferring send.
type Kind uint8

const (
	// MsgSend is go-zeromq Socket.Send/SendMulti: the Msg's frames stay
	// referenced (§1.2, §6.1).
	MsgSend Kind = iota + 1
	// ChannelerSend is a send statement on goczmq Channeler.SendChan (§1.3).
	ChannelerSend
	// WrapperCall is a call of a function with a HandsOver fact (or, in
	// this package, computed summary).
	WrapperCall
	// ChannelSend is a send on a channel whose receiver hands the value
	// over.
	ChannelSend
)

// Frame is a []byte whose memory an ownership-transferring send keeps, or
// (in HandOver.Lists) a [][]byte frames slice it keeps.
type Frame struct {
	Value ssa.Value
	// Expr is the source expression that passes this buffer into the
	// send (an argument of NewMsg, NewMsgFrom or a wrapper, an element of
	// a frames literal, the value of a channel send, the Frames: value of
	// a Msg literal), or nil when it is not visible in the syntax (frames
	// built elsewhere).
	Expr ast.Expr
	// List is the frames slice this frame was stored into, when it went
	// to the send as an element of one (NewMsgFrom(fs...), Msg{Frames:
	// fs}, SendChan <- fs), and Index its constant position there, or -1.
	List  ssa.Value
	Index int
}

// HandOver is one ownership-transferring send in a function.
type HandOver struct {
	Instr ssa.Instruction // the call or channel send
	Kind  Kind
	// Callee is the called function for MsgSend and WrapperCall.
	Callee *types.Func
	// Arg is the operand handed over: a Msg, a [][]byte or a []byte.
	Arg ssa.Value
	// Frames are the []byte buffers whose memory goes with the send.
	Frames []Frame
	// Lists are the [][]byte frame lists handed over (NewMsgFrom(fs...)
	// makes fs itself the message's frame list; Msg{Frames: fs};
	// Channeler.SendChan <- fs; a wrapper's [][]byte parameter).
	Lists []Frame
	// Msgs are the Msg values handed over that were not built in this
	// function (parameters, results of unknown calls).
	Msgs []ssa.Value
}

// Values returns every value whose memory the send keeps: frames, lists
// and messages.
func (h *HandOver) Values() []ssa.Value {
	var vs []ssa.Value
	for _, f := range h.Frames {
		vs = append(vs, f.Value)
	}
	for _, l := range h.Lists {
		vs = append(vs, l.Value)
	}
	return append(vs, h.Msgs...)
}

// HandOvers returns the ownership-transferring sends of fn (a function of
// the package under analysis), in instruction order.
func (r *Result) HandOvers(fn *ssa.Function) []*HandOver {
	return r.handOvers(fn, true)
}

func (r *Result) handOvers(fn *ssa.Function, withChannels bool) []*HandOver {
	hs, _ := r.hoTable(withChannels).Of(fn)
	return hs
}

// hoTable returns the summary table of functions' hand-overs (with or
// without the sends on handing channels). A function's hand-overs depend
// on its callees' (a call of a helper that hands over a parameter hands
// over the argument), so they are summaries: callees first, a cycle from
// "no hand-overs" until it settles. Bottom and Unknown are nil: the list
// only grows with the callees', and a hand-over invented on a cycle that
// did not settle would be a false report.
func (r *Result) hoTable(withChannels bool) *summary.Table[[]*HandOver] {
	i := 0
	if withChannels {
		i = 1
	}
	if r.ho[i] == nil {
		r.ho[i] = summary.New(summary.Config[[]*HandOver]{
			// Pkg nil: every function with a body is computed (the
			// callees asked for are of this package; a generic
			// instance of another package's function is too).
			Compute: func(fn *ssa.Function, _ func(*ssa.Function) ([]*HandOver, bool)) []*HandOver {
				var hs []*HandOver
				for _, b := range fn.Blocks {
					for _, instr := range b.Instrs {
						if h := r.handOver(instr, withChannels); h != nil {
							hs = append(hs, h)
						}
					}
				}
				return hs
			},
			Equal: sameHandOvers,
		})
	}
	return r.ho[i]
}

// sameHandOvers reports whether two lists hand over the same values at
// the same instructions.
func sameHandOvers(a, b []*HandOver) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Instr != b[i].Instr || !slices.Equal(a[i].Values(), b[i].Values()) {
			return false
		}
	}
	return true
}

// handOver classifies one instruction.
func (r *Result) handOver(instr ssa.Instruction, withChannels bool) *HandOver {
	switch in := instr.(type) {
	case *ssa.Send:
		kind := Kind(0)
		if r.isChannelerSendChan(in.Chan) {
			kind = ChannelerSend
		} else if withChannels && r.handingChannel(in.Chan) {
			kind = ChannelSend
		}
		if kind == 0 {
			return nil
		}
		h := &HandOver{Instr: in, Kind: kind, Arg: in.X}
		r.trace(h, in.X, r.sendValueExpr(in), map[ssa.Value]bool{})
		return h
	case *ssa.Call, *ssa.Go:
		ci := in.(ssa.CallInstruction)
		call := r.ssa.Resolve(ci)
		if call.Entry != nil {
			if call.Entry.Role != zmqapi.HandOverSend || call.Entry.BufArg < 0 || call.Entry.BufArg >= len(call.Args) {
				return nil
			}
			arg := call.Args[call.Entry.BufArg]
			h := &HandOver{Instr: in, Kind: MsgSend, Callee: call.Callee, Arg: arg}
			r.trace(h, arg, nil, map[ssa.Value]bool{})
			return h
		}
		return r.wrapperCall(ci, call)
	}
	return nil
}

// wrapperCall recognises a call of a function that hands over some of its
// parameters (or a closure that hands over a captured buffer).
func (r *Result) wrapperCall(ci ssa.CallInstruction, call zmqssa.Call) *HandOver {
	common := ci.Common()
	var h *HandOver
	add := func(v ssa.Value, e ast.Expr) {
		if h == nil {
			h = &HandOver{Instr: ci, Kind: WrapperCall, Callee: call.Callee, Arg: v}
		}
		r.trace(h, v, e, map[ssa.Value]bool{})
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		if fn, ok := mc.Fn.(*ssa.Function); ok && fn.Pkg == r.ssa.Pkg && len(fn.FreeVars) == len(mc.Bindings) {
			for j, b := range mc.Bindings {
				if r.valueHandedOver(fn, fn.FreeVars[j]) {
					add(b, nil)
				}
			}
			if !isBoundMethod(fn) {
				for i, a := range common.Args {
					if i < len(fn.Params) && r.valueHandedOver(fn, fn.Params[i]) {
						add(a, argExpr(r, ci, i))
					}
				}
				return h
			}
		}
	}
	static := common.StaticCallee()
	if static != nil && static.Pkg == r.ssa.Pkg && static.Blocks != nil && len(common.Args) == len(static.Params) {
		for i, a := range common.Args {
			if r.valueHandedOver(static, static.Params[i]) {
				add(a, argExpr(r, ci, i-recvOffset(static)))
			}
		}
		return h
	}
	if call.Callee == nil || call.Callee.Pkg() == nil || call.Callee.Pkg() == r.pass.Pkg {
		return nil
	}
	var f HandsOver
	if !r.pass.ImportObjectFact(call.Callee, &f) {
		return nil
	}
	if call.Recv != nil && f.Recv {
		add(call.Recv, nil)
	}
	for i, a := range call.Args {
		if f.has(i) {
			add(a, argExpr(r, ci, i))
		}
	}
	return h
}

func isBoundMethod(fn *ssa.Function) bool {
	return fn.Signature.Recv() == nil && len(fn.FreeVars) == 1 && strings.HasSuffix(fn.Name(), "$bound")
}

func recvOffset(fn *ssa.Function) int {
	if fn.Signature.Recv() != nil {
		return 1
	}
	return 0
}

// trace records in h what value v (a Msg, [][]byte or []byte operand of a
// send) carries. e is v's source expression, if known.
func (r *Result) trace(h *HandOver, v ssa.Value, e ast.Expr, seen map[ssa.Value]bool) {
	if seen[v] {
		return
	}
	seen[v] = true
	t := v.Type()
	if fi, ok := r.ssa.Model.MsgFramesField(t); ok {
		r.traceMsg(h, v, seen)
		// msg.Frames read from the sent Msg value is the frames slice
		// the send keeps: s.Send(msg); msg.Frames[1] = x.
		if refs := v.Referrers(); refs != nil {
			for _, ref := range *refs {
				if f, ok := ref.(*ssa.Field); ok && f.X == v && f.Field == fi {
					r.trace(h, f, r.selectorAt(f.Pos()), seen)
				}
			}
		}
		return
	}
	if isFrameList(t) {
		h.Lists = append(h.Lists, Frame{Value: v, Expr: e, Index: -1})
		for _, f := range r.Frames(v) {
			n := len(h.Frames)
			r.trace(h, f.Value, f.Expr, seen)
			for k := n; k < len(h.Frames); k++ {
				h.Frames[k].List, h.Frames[k].Index = v, f.Index
			}
		}
		return
	}
	if isByteSlice(t) {
		h.Frames = append(h.Frames, Frame{Value: v, Expr: e, Index: -1})
		return
	}
	if isBufferLike(t) {
		h.Frames = append(h.Frames, Frame{Value: v, Index: -1})
	}
}

// traceMsg follows a go-zeromq Msg back to how it was built.
func (r *Result) traceMsg(h *HandOver, v ssa.Value, seen map[ssa.Value]bool) {
	switch v := v.(type) {
	case *ssa.Phi:
		for _, e := range v.Edges {
			r.trace(h, e, nil, seen)
		}
		return
	case *ssa.Call:
		call := r.ssa.Resolve(v)
		if call.Entry != nil {
			switch call.Entry.Role {
			case zmqapi.AliasMsg:
				if len(call.Args) == 0 {
					return
				}
				arg := call.Args[0]
				if s, ok := arg.(*ssa.Slice); ok && isVarargs(s.X) {
					// NewMsgFrom(a, b): the frames are the arguments.
					for _, st := range storesInto(s.X) {
						k := indexOf(st)
						r.trace(h, st.Val, argExpr(r, v, k), seen)
					}
					return
				}
				r.trace(h, arg, argExpr(r, v, 0), seen)
				return
			case zmqapi.CopyMsg:
				return // a copy: nothing of the caller's is kept
			}
		}
	case *ssa.UnOp:
		if v.Op == token.MUL {
			if alloc, ok := v.X.(*ssa.Alloc); ok {
				r.traceMsgVar(h, alloc, seen)
				return
			}
		}
	}
	h.Msgs = append(h.Msgs, v)
}

// traceMsgVar follows a Msg held in a local variable (a composite literal
// Msg{Frames: fs}, or a variable whose Frames field is assigned).
func (r *Result) traceMsgVar(h *HandOver, alloc *ssa.Alloc, seen map[ssa.Value]bool) {
	field, _ := r.ssa.Model.MsgFramesField(alloc.Type().(*types.Pointer).Elem())
	refs := alloc.Referrers()
	if refs == nil {
		return
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr == alloc {
				r.trace(h, ref.Val, nil, seen)
			}
		case *ssa.FieldAddr:
			if ref.Field != field {
				continue
			}
			for _, st := range value.Stores(ref) {
				r.trace(h, st.Val, r.fieldValueExpr(st), seen)
			}
			// Reads of msg.Frames are that slice too (msg.Frames[1] = x,
			// msg.Frames = append(msg.Frames[:k], ...) after the send).
			for _, l := range loadsOf(ref) {
				r.trace(h, l, r.selectorAt(ref.Pos()), seen)
			}
		}
	}
}

// Frames returns the []byte elements stored into the frame list v within
// its function: elements of a [][]byte{...} literal, arguments of append,
// element assignments fs[i] = b. A frame list received from elsewhere has
// no frames known here.
// Index is each frame's constant position in v, or -1 (appended frames,
// a computed index).
func (r *Result) Frames(v ssa.Value) []Frame {
	var out []Frame
	r.frames(v, true, map[ssa.Value]bool{}, &out)
	return out
}

// frames collects the frames of v; exact says that indexes into v are
// positions in the frames slice (not in a slice appended to it).
func (r *Result) frames(v ssa.Value, exact bool, seen map[ssa.Value]bool, out *[]Frame) {
	if seen[v] {
		return
	}
	seen[v] = true
	at := func(st *ssa.Store) int {
		if !exact {
			return -1
		}
		return indexOf(st)
	}
	switch v := v.(type) {
	case *ssa.Phi:
		for _, e := range v.Edges {
			r.frames(e, exact, seen, out)
		}
	case *ssa.Slice:
		if alloc, ok := v.X.(*ssa.Alloc); ok {
			for _, st := range storesInto(alloc) {
				*out = append(*out, Frame{Value: st.Val, Expr: r.exprAt(st.Pos()), Index: at(st)})
			}
		} else {
			r.frames(v.X, exact && v.Low == nil, seen, out)
		}
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			for i, a := range v.Call.Args {
				r.frames(a, exact && i == 0, seen, out)
			}
		}
	}
	// Element assignments fs[i] = b anywhere in the function.
	if refs := v.Referrers(); refs != nil {
		for _, ref := range *refs {
			if ia, ok := ref.(*ssa.IndexAddr); ok && ia.X == v {
				for _, st := range value.Stores(ia) {
					*out = append(*out, Frame{Value: st.Val, Index: at(st)})
				}
			}
		}
	}
}

// Element is a frame read out of a frames slice: the load of fs[i], also
// the value of a range variable over fs.
type Element struct {
	Value ssa.Value
	// Index is the constant index read, or -1.
	Index int
	// Expr is the index expression fs[i], or nil (a range variable).
	Expr ast.Expr
}

// Elements returns the frames read out of the [][]byte values of class (an
// alias class of a's function), in instruction order. Writing into an
// element's bytes writes into a frame of the slice.
func (r *Result) Elements(class []ssa.Value) []Element {
	var out []Element
	for _, x := range class {
		if !isFrameList(x.Type()) {
			continue
		}
		refs := x.Referrers()
		if refs == nil {
			continue
		}
		for _, ref := range *refs {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok || ia.X != x {
				continue
			}
			k := -1
			if c, ok := ia.Index.(*ssa.Const); ok && c.Value != nil {
				k = int(c.Int64())
			}
			for _, l := range loadsOf(ia) {
				out = append(out, Element{Value: l, Index: k, Expr: r.indexExprAt(ia.Pos())})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Value.Pos() < out[j].Value.Pos() })
	return out
}

func loadsOf(addr ssa.Value) []ssa.Value {
	var ls []ssa.Value
	if refs := addr.Referrers(); refs != nil {
		for _, ref := range *refs {
			if u, ok := ref.(*ssa.UnOp); ok && u.Op == token.MUL && u.X == addr {
				ls = append(ls, u)
			}
		}
	}
	return ls
}

// storesInto returns the stores into elements of array alloc, in order.
func storesInto(alloc ssa.Value) []*ssa.Store {
	var sts []*ssa.Store
	refs := alloc.Referrers()
	if refs == nil {
		return nil
	}
	for _, ref := range *refs {
		if ia, ok := ref.(*ssa.IndexAddr); ok && ia.X == alloc {
			sts = append(sts, value.Stores(ia)...)
		}
	}
	return sts
}

// indexOf returns the constant index of the element a store writes, or -1.
func indexOf(st *ssa.Store) int {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return -1
	}
	c, ok := ia.Index.(*ssa.Const)
	if !ok || c.Value == nil {
		return -1
	}
	return int(c.Int64())
}

func isVarargs(v ssa.Value) bool {
	a, ok := v.(*ssa.Alloc)
	return ok && a.Comment == "varargs"
}

func isByteSlice(t types.Type) bool {
	s, ok := value.Core(t).(*types.Slice)
	return ok && isByte(s.Elem())
}

func isFrameList(t types.Type) bool {
	s, ok := value.Core(t).(*types.Slice)
	return ok && isByteSlice(s.Elem())
}

// valueHandedOver reports whether fn hands over the memory of v (one of
// its parameters or free variables). It is derived from fn's hand-overs
// (a summary), so it needs no memo of its own: recursion is handOvers'.
func (r *Result) valueHandedOver(fn *ssa.Function, v ssa.Value) bool {
	return r.handedOverIn(fn, v, true)
}

// handedOverIn reports whether some ownership-transferring send of fn
// keeps memory that v may share.
func (r *Result) handedOverIn(fn *ssa.Function, v ssa.Value, withChannels bool) bool {
	a := r.Writer.Aliases(fn)
	for _, h := range r.handOvers(fn, withChannels) {
		for _, hv := range h.Values() {
			if hv == v || a.Same(hv, v) {
				return true
			}
		}
	}
	return false
}

// isChannelerSendChan reports whether ch is a load of a field the model
// marks as a hand-over channel (goczmq Channeler.SendChan).
func (r *Result) isChannelerSendChan(ch ssa.Value) bool {
	for _, root := range r.chanRoots(ch) {
		if f, ok := root.(*types.Var); ok && r.ssa.Model.FieldRole(f) == zmqapi.HandOverSend {
			return true
		}
	}
	return false
}

// argExpr returns argument k of the call expression of ci, or nil.
func argExpr(r *Result, ci ssa.CallInstruction, k int) ast.Expr {
	if k < 0 {
		return nil
	}
	for _, n := range astx.Path(r.pass, ci.Pos()) {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == ci.Pos() {
			if k < len(call.Args) {
				return call.Args[k]
			}
			return nil
		}
	}
	return nil
}

// sendValueExpr returns the value expression of a channel send statement.
func (r *Result) sendValueExpr(s *ssa.Send) ast.Expr {
	for _, n := range astx.Path(r.pass, s.Pos()) {
		if st, ok := n.(*ast.SendStmt); ok && st.Arrow == s.Pos() {
			return st.Value
		}
	}
	return nil
}

// indexExprAt returns the index expression whose '[' is at pos (the
// position SSA gives an IndexAddr), or nil.
func (r *Result) indexExprAt(pos token.Pos) ast.Expr {
	if !pos.IsValid() {
		return nil
	}
	for _, n := range astx.Path(r.pass, pos) {
		if ix, ok := n.(*ast.IndexExpr); ok && ix.Lbrack == pos {
			return ix
		}
	}
	return nil
}

// selectorAt returns the selector expression whose Sel is at pos (the
// position SSA gives a Field or FieldAddr), or nil.
func (r *Result) selectorAt(pos token.Pos) ast.Expr {
	if !pos.IsValid() {
		return nil
	}
	for _, n := range astx.Path(r.pass, pos) {
		if se, ok := n.(*ast.SelectorExpr); ok && se.Sel.Pos() == pos {
			return se
		}
	}
	return nil
}

// fieldValueExpr returns the value expression of the key-value element of
// a composite literal (Msg{Frames: fs}) that store st executes, or nil.
func (r *Result) fieldValueExpr(st *ssa.Store) ast.Expr {
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if !ok || !st.Pos().IsValid() {
		return nil
	}
	for _, n := range astx.Path(r.pass, st.Pos()) {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			continue
		}
		for _, e := range lit.Elts {
			kv, ok := e.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == fieldName(fa) {
				return kv.Value
			}
		}
		return nil
	}
	return nil
}

// fieldName returns the name of the field fa addresses.
func fieldName(fa *ssa.FieldAddr) string {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// exprAt returns the element expression of a composite literal that
// starts at pos (SSA gives an element's store the element's position).
func (r *Result) exprAt(pos token.Pos) ast.Expr {
	if !pos.IsValid() {
		return nil
	}
	path := astx.Path(r.pass, pos)
	for i, n := range path {
		e, ok := n.(ast.Expr)
		if !ok || e.Pos() != pos || i+1 >= len(path) {
			continue
		}
		if lit, ok := path[i+1].(*ast.CompositeLit); ok {
			for _, elt := range lit.Elts {
				if elt == e {
					return e
				}
			}
		}
	}
	return nil
}

// sortedInts is a helper for facts.
func sortedInts(xs []int) []int {
	sort.Ints(xs)
	return xs
}

// Finding is the diagnostic of write w into memory that hand-over h kept
// (zerocopy's bytes, multipart's frames slice): at the write, or at the
// send when the write has no position (a compiler-generated instruction),
// with the send as related position, where name is handed over.
func Finding(h *HandOver, w ssa.Instruction, category, name, message string) analysis.Diagnostic {
	pos := w.Pos()
	if !pos.IsValid() {
		pos = h.Instr.Pos()
	}
	return analysis.Diagnostic{
		Pos:      pos,
		Category: category,
		Message:  message,
		Related:  []analysis.RelatedInformation{{Pos: h.Instr.Pos(), Message: name + " is handed over here"}},
	}
}
