package multipart

import (
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// handKind is how a frames slice was handed over.
type handKind uint8

const (
	viaNewMsgFrom handKind = iota // zmq4.NewMsgFrom(frames...) then Send
	viaLiteral                    // zmq4.Msg{Frames: frames} then Send
	viaChan                       // goczmq Channeler.SendChan <- frames
)

// handover is a [][]byte whose backing array a send keeps after it
// returns (§1.2, §1.3).
type handover struct {
	kind   handKind
	send   ssa.Instruction // the Send call, or the channel send
	frames ssa.Value
	ctor   *ssa.Call // NewMsgFrom call (viaNewMsgFrom)
	store  *ssa.Store
}

// modification is a write into a handed-over frames slice or its frames.
type modification struct {
	instr  ssa.Instruction
	buffer bool // written into a frame's bytes, not the [][]byte itself
	what   string
}

// checkFramesReuse reports frames slices modified after a send that keeps
// them, before they are allocated anew.
func (c *checker) checkFramesReuse(fn *ssa.Function) {
	for _, h := range c.handovers(fn) {
		if m := c.modifiedAfter(h); m != nil {
			c.reportFramesReuse(h, m)
		}
	}
}

// handovers finds fn's frames handovers, in source order.
func (c *checker) handovers(fn *ssa.Function) []*handover {
	var hs []*handover
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Call:
				call := c.res.Resolve(instr)
				if call.Role() != zmqapi.AliasMsg || !instr.Call.Signature().Variadic() || len(call.Args) != 1 || isVarargs(call.Args[0]) {
					continue // NewMsg(buf), NewMsgFrom(a, b): byte buffers, not a frames slice
				}
				for _, s := range c.msgSends(instr) {
					hs = append(hs, &handover{kind: viaNewMsgFrom, send: s, frames: call.Args[0], ctor: instr})
				}
			case *ssa.Store:
				fa, ok := instr.Addr.(*ssa.FieldAddr)
				if !ok || !c.res.Model.IsFramesField(fieldVar(fa)) {
					continue
				}
				alloc, ok := fa.X.(*ssa.Alloc)
				if !ok {
					continue
				}
				for _, load := range loadsOf(alloc) {
					for _, s := range c.msgSends(load) {
						hs = append(hs, &handover{kind: viaLiteral, send: s, frames: instr.Val, store: instr})
					}
				}
			case *ssa.Send:
				load, ok := instr.Chan.(*ssa.UnOp)
				if !ok || load.Op != token.MUL {
					continue
				}
				fa, ok := load.X.(*ssa.FieldAddr)
				if ok && c.res.Model.FieldRole(fieldVar(fa)) == zmqapi.HandOverSend {
					hs = append(hs, &handover{kind: viaChan, send: instr, frames: instr.X})
				}
			}
		}
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].send.Pos() < hs[j].send.Pos() })
	return hs
}

// isVarargs reports whether v is the slice the compiler built for the
// variadic arguments of a call written without "...".
func isVarargs(v ssa.Value) bool {
	s, ok := v.(*ssa.Slice)
	if !ok {
		return false
	}
	a, ok := s.X.(*ssa.Alloc)
	return ok && a.Comment == "varargs"
}

func fieldVar(fa *ssa.FieldAddr) *types.Var {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil
	}
	return st.Field(fa.Field)
}

func loadsOf(addr ssa.Value) []ssa.Value {
	var ls []ssa.Value
	if refs := addr.Referrers(); refs != nil {
		for _, r := range *refs {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
				ls = append(ls, u)
			}
		}
	}
	return ls
}

// msgSends returns the ownership-transferring sends that message value
// msg reaches directly, through phis or through a local variable.
func (c *checker) msgSends(msg ssa.Value) []ssa.Instruction {
	var sends []ssa.Instruction
	seen := map[ssa.Value]bool{}
	work := []ssa.Value{msg}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[v] {
			continue
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				work = append(work, r)
			case *ssa.Store:
				if a, ok := r.Addr.(*ssa.Alloc); ok && r.Val == v {
					work = append(work, loadsOf(a)...)
				}
			case *ssa.Call:
				call := c.res.Resolve(r)
				if call.Role() == zmqapi.HandOverSend && len(call.Args) > 0 && call.Args[0] == v {
					sends = append(sends, r)
				}
			}
		}
	}
	return sends
}

// sharers returns the values that share frames' backing array: frames,
// what it was sliced from, and reslices and merges of those.
func sharers(frames ssa.Value) map[ssa.Value]bool {
	out := map[ssa.Value]bool{}
	var work []ssa.Value
	add := func(v ssa.Value) {
		if !out[v] {
			out[v] = true
			work = append(work, v)
		}
	}
	for v := frames; v != nil; {
		add(v)
		switch x := v.(type) {
		case *ssa.Slice:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.UnOp:
			// A variable captured by a closure lives in a cell: its
			// other loads are the same slice until it is reassigned.
			if cell, ok := x.X.(*ssa.Alloc); ok && x.Op == token.MUL {
				for _, l := range loadsOf(cell) {
					add(l)
				}
			}
			v = nil
		default:
			v = nil
		}
	}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				add(r)
			case *ssa.Slice:
				add(r)
			case *ssa.ChangeType:
				add(r)
			}
		}
	}
	return out
}

// allocations returns the instructions that allocate the backing arrays
// among sh: reaching one of them again means the slice is new.
func allocations(sh map[ssa.Value]bool) map[ssa.Instruction]bool {
	out := map[ssa.Instruction]bool{}
	for v := range sh {
		switch v := v.(type) {
		case *ssa.Alloc, *ssa.MakeSlice:
			out[v.(ssa.Instruction)] = true
		case *ssa.Slice:
			if a, ok := v.X.(*ssa.Alloc); ok {
				out[a] = true
			}
		case *ssa.UnOp:
			// A reassignment of the captured variable.
			if cell, ok := v.X.(*ssa.Alloc); ok {
				if refs := cell.Referrers(); refs != nil {
					for _, r := range *refs {
						if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
							out[st] = true
						}
					}
				}
			}
		}
	}
	return out
}

// modifiedAfter returns the first modification of h's frames on a path
// from the send, before the slice is allocated anew.
func (c *checker) modifiedAfter(h *handover) *modification {
	sh := sharers(h.frames)
	allocs := allocations(sh)
	var found *modification
	flow.Walk(h.send, func(instr ssa.Instruction) flow.Verdict {
		if m := c.modifies(instr, sh); m != nil {
			found = m
			return flow.Found
		}
		if allocs[instr] {
			return flow.Stop // a fresh backing array from here on
		}
		return flow.Continue
	}, nil)
	return found
}

// modifies reports whether instr writes into the frames slice (any of sh)
// or into one of its frames.
func (c *checker) modifies(instr ssa.Instruction, sh map[ssa.Value]bool) *modification {
	isFrame := func(v ssa.Value) bool { return frameOf(v, sh) }
	switch instr := instr.(type) {
	case *ssa.Store:
		ia, ok := instr.Addr.(*ssa.IndexAddr)
		if !ok {
			return nil
		}
		switch {
		case sh[ia.X]:
			return &modification{instr: instr, what: "a frame of it is replaced"}
		case isFrame(ia.X):
			return &modification{instr: instr, buffer: true, what: "a byte of one of its frames is written"}
		}
	case *ssa.Call:
		if b, ok := instr.Call.Value.(*ssa.Builtin); ok && len(instr.Call.Args) > 0 {
			dst := instr.Call.Args[0]
			switch b.Name() {
			case "append":
				// Appending to a reslice writes over the elements the
				// message still has; appending at the end does not.
				if s, ok := dst.(*ssa.Slice); ok && sh[s] && isReslice(s) {
					return &modification{instr: instr, what: "it is appended to from a shorter reslice, over its old frames"}
				}
				if s, ok := dst.(*ssa.Slice); ok && isFrame(s) {
					return &modification{instr: instr, buffer: true, what: "one of its frames is appended to over its old bytes"}
				}
			case "copy":
				if sh[dst] {
					return &modification{instr: instr, what: "frames are copied into it"}
				}
				if isFrame(dst) {
					return &modification{instr: instr, buffer: true, what: "bytes are copied into one of its frames"}
				}
			}
			return nil
		}
		callee := instr.Call.StaticCallee()
		if callee == nil || len(instr.Call.Args) == 0 || !sh[flow.Strip(instr.Call.Args[0])] {
			return nil
		}
		if obj, ok := callee.Object().(*types.Func); ok && inPlace(obj.Origin()) {
			return &modification{instr: instr, what: "it is reordered or modified in place by " + obj.Pkg().Name() + "." + obj.Name()}
		}
	}
	return nil
}

// frameOf reports whether v is one of the frames held by the slices sh
// (frames[i], a reslice of it, a range variable over frames).
func frameOf(v ssa.Value, sh map[ssa.Value]bool) bool {
	for v != nil {
		switch x := v.(type) {
		case *ssa.Slice:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			ia, ok := x.X.(*ssa.IndexAddr)
			return ok && sh[ia.X]
		case *ssa.Index:
			return sh[x.X]
		default:
			return false
		}
	}
	return false
}

// isReslice reports whether s reslices a slice (frames[:0]), rather than
// making a slice of a fresh array (a composite literal).
func isReslice(s *ssa.Slice) bool {
	_, isSlice := s.X.Type().Underlying().(*types.Slice)
	return isSlice
}
