package zerocopy

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// The field rule: a method of a type hands over the bytes of a buffer
// field F (c.buf, c.hdr[:], c.bbuf.Bytes()) to a send that keeps them, and
// a method of the type (the same one, on its next call, or another)
// writes F's bytes in place. The queued message then changes under the
// library. Reported at the hand-over, with the write as related position.
// The per-type model of fields and their accesses is owner's
// (Result.BufferTypes, BufferAccesses).

// fieldMethods groups the accesses of f made from methods of its type
// (or their function literals that captured the receiver), by function,
// in order of first access.
func fieldMethods(own *owner.Result, f *owner.Field) ([]*ssa.Function, map[*ssa.Function][]*owner.Access) {
	var fns []*ssa.Function
	by := map[*ssa.Function][]*owner.Access{}
	for _, a := range own.BufferAccessesOf(f) {
		if a.Method() == nil {
			continue // a constructor or another type's function
		}
		if _, ok := by[a.Fn]; !ok {
			fns = append(fns, a.Fn)
		}
		by[a.Fn] = append(by[a.Fn], a)
	}
	return fns, by
}

// fieldValues returns the values through which accs reach f's bytes: the
// loaded slice or *bytes.Buffer, or the address of an array or
// bytes.Buffer field.
func fieldValues(f *owner.Field, accs []*owner.Access) []ssa.Value {
	var vs []ssa.Value
	seen := map[ssa.Value]bool{}
	add := func(v ssa.Value) {
		if v != nil && !seen[v] {
			seen[v] = true
			vs = append(vs, v)
		}
	}
	for _, a := range accs {
		switch f.Buf {
		case owner.ByteSlice, owner.BytesBufferPtr:
			if a.Kind == owner.Load {
				add(a.Value)
			}
		case owner.ByteArray, owner.BytesBuffer:
			if _, ok := a.Sel.(*ssa.FieldAddr); ok {
				add(a.Sel)
			}
		}
	}
	return vs
}

func (c *checker) checkFields(own *owner.Result) {
	for _, t := range own.BufferTypes {
		for _, f := range t.Fields {
			c.checkField(t, f, own)
		}
	}
}

func (c *checker) checkField(t *owner.Type, f *owner.Field, own *owner.Result) {
	fns, by := fieldMethods(own, f)
	for _, fn := range fns {
		hs := c.buf.HandOvers(fn)
		if len(hs) == 0 {
			continue
		}
		al := c.buf.Writer.Aliases(fn)
		vals := fieldValues(f, by[fn])
		renewed := freshStores(c.buf.Writer, by[fn])
		for _, h := range hs {
			if replacedAfter(h, renewed) {
				continue // the field holds new memory before any later call
			}
			for _, fr := range h.Frames {
				class := al.Class(fr.Value)
				row, ok := c.handsField(f, class, vals)
				if !ok {
					continue
				}
				if w, wfn := c.firstFieldWrite(f, fns, by, row); w != nil {
					c.reportField(t, f, h, fr, w, wfn, fn)
					break
				}
			}
		}
	}
}

// handsField reports whether a frame of alias class class carries f's
// bytes: one of vals, or (a bytes.Buffer field) a view of it, whose
// StdViews row it returns.
func (c *checker) handsField(f *owner.Field, class, vals []ssa.Value) (*buffers.ViewAPI, bool) {
	switch f.Buf {
	case owner.ByteSlice, owner.ByteArray:
		for _, v := range vals {
			if inValues(class, v) {
				return nil, true
			}
		}
	case owner.BytesBuffer, owner.BytesBufferPtr:
		for _, vw := range c.buf.Views(class) {
			if inValues(vals, vw.Owner) {
				row := vw.Row
				return &row, true
			}
		}
	}
	return nil, false
}

func inValues(vs []ssa.Value, v ssa.Value) bool {
	for _, m := range vs {
		if m == v {
			return true
		}
	}
	return false
}

// firstFieldWrite returns the first write (in source order) of f's
// existing bytes by a method of its type, and the function it is in, not
// counting those the path walk already reported.
func (c *checker) firstFieldWrite(f *owner.Field, fns []*ssa.Function, by map[*ssa.Function][]*owner.Access, row *buffers.ViewAPI) (ssa.Instruction, *ssa.Function) {
	truncated := f.Buf == owner.ByteSlice && truncates(fns, by)
	armed := row != nil && c.bufferArmed(f, fns, by, row)
	var best ssa.Instruction
	var bestFn *ssa.Function
	for _, fn := range fns {
		vals := fieldValues(f, by[fn])
		fresh := freshStores(c.buf.Writer, by[fn])
		for _, w := range c.fieldWrites(f, fn, vals, truncated, row, armed) {
			if c.done[w] || dominated(fresh, w) {
				continue
			}
			if best == nil || w.Pos() < best.Pos() {
				best, bestFn = w, fn
			}
		}
	}
	return best, bestFn
}

// fieldWrites lists the instructions of fn that write f's bytes in place
// through vals.
func (c *checker) fieldWrites(f *owner.Field, fn *ssa.Function, vals []ssa.Value, truncated bool, row *buffers.ViewAPI, armed bool) []ssa.Instruction {
	var out []ssa.Instruction
	switch f.Buf {
	case owner.ByteSlice, owner.ByteArray:
		al := c.buf.Writer.Aliases(fn)
		var classes [][]ssa.Value
		for _, v := range vals {
			if !sameClassSeen(al, classes, v) {
				classes = append(classes, al.Class(v))
			}
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if _, ok := instr.(*ssa.Defer); ok {
					continue // runs at exit, before the next call: the walk's case
				}
				for _, cl := range classes {
					if w, ok := c.buf.Writer.Write(instr, al, cl); ok && inValues(vals, value.Peel(w, value.Memory)) {
						out = append(out, instr)
						break
					}
				}
				// c.buf = c.buf[:0] somewhere, then append(c.buf, ...)
				// or a helper of the user's appending to it and
				// returning it (appendQuote(c.buf, q), AppendsParam):
				// the append fills the old capacity.
				if call, ok := instr.(*ssa.Call); ok && truncated {
					if k := c.buf.Writer.AppendArg(call.Call); k < 0 || !inValues(vals, call.Call.Args[k]) {
						continue
					}
					if len(out) == 0 || out[len(out)-1] != instr {
						out = append(out, instr)
					}
				}
			}
		}
	case owner.BytesBuffer, owner.BytesBufferPtr:
		if row == nil {
			return nil
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				call := c.res.Resolve(ci)
				if call.Callee == nil || call.Recv == nil || !inValues(vals, call.Recv) {
					continue
				}
				name := call.Callee.Name()
				if contains(row.Reuse, name) || armed && contains(row.Frees, name) {
					out = append(out, instr)
				}
			}
		}
	}
	return out
}

// truncates reports whether a method stores a shortened re-slice of the
// field back into it (c.buf = c.buf[:0]): an append to the field then
// fills the capacity the earlier bytes occupy.
func truncates(fns []*ssa.Function, by map[*ssa.Function][]*owner.Access) bool {
	for _, fn := range fns {
		for _, a := range by[fn] {
			if a.Kind != owner.Store {
				continue
			}
			s, ok := a.Value.(*ssa.Slice)
			if ok && s.High != nil && s.Max == nil {
				return true
			}
		}
	}
	return false
}

// bufferArmed reports whether a method calls one of row's Armed methods
// (a write) on the field: a Reset or Truncate is then the reuse.
func (c *checker) bufferArmed(f *owner.Field, fns []*ssa.Function, by map[*ssa.Function][]*owner.Access, row *buffers.ViewAPI) bool {
	for _, fn := range fns {
		for _, v := range fieldValues(f, by[fn]) {
			refs := v.Referrers()
			if refs == nil {
				continue
			}
			for _, instr := range *refs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				call := c.res.Resolve(ci)
				if call.Callee != nil && call.Recv == v && contains(row.Armed, call.Callee.Name()) {
					return true
				}
			}
		}
	}
	return false
}

// freshStores are the stores of new memory into the field: make, a copy,
// append to nil, a new bytes.Buffer.
func freshStores(w *buffers.Writer, accs []*owner.Access) []ssa.Instruction {
	var out []ssa.Instruction
	for _, a := range accs {
		if a.Kind != owner.Store || a.Elem {
			continue
		}
		if isFreshStore(w, a) {
			out = append(out, a.Instr)
		}
	}
	return out
}

func isFreshStore(w *buffers.Writer, a *owner.Access) bool {
	switch a.Field.Buf {
	case owner.BytesBuffer, owner.BytesBufferPtr:
		return true // a new buffer value: the old array is no longer the field's
	case owner.ByteArray:
		return false // *p = [N]byte{...} writes the field's own memory
	}
	v := a.Value
	if call, ok := v.(*ssa.Call); ok && buffers.Appends(call.Call) {
		if k, ok := call.Call.Args[0].(*ssa.Const); ok && k.IsNil() {
			return true // append([]byte(nil), ...)
		}
	}
	if sl, ok := v.(*ssa.Slice); ok {
		if _, ok := sl.X.(*ssa.Alloc); ok {
			v = sl.X // make([]byte, 4) is a new [4]byte, sliced
		}
	}
	return w.IsFresh(v) // an AppendsParam helper's result is not new memory
}

// dominated reports whether one of stores runs before w on every path to
// it.
func dominated(stores []ssa.Instruction, w ssa.Instruction) bool {
	for _, s := range stores {
		if s.Parent() == w.Parent() && flow.Before(s, w) {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// methodOf is the method fn belongs to: fn, or the outermost function
// around a function literal.
func methodOf(fn *ssa.Function) *ssa.Function {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	return fn
}

// reportField reports the hand-over h of field f's bytes (frame fr), with
// w, in wfn, the write that changes them under the queued message.
func (c *checker) reportField(t *owner.Type, f *owner.Field, h *buffers.HandOver, fr buffers.Frame, w ssa.Instruction, wfn, hfn *ssa.Function) {
	name := "field " + f.Name
	if fr.Expr != nil {
		if s := astx.Text(c.pass, fr.Expr); s != "" && len(s) <= 40 {
			name = s
		}
	}
	wm := methodOf(wfn)
	who := fmt.Sprintf("method %s.%s", t.Obj.Name(), wm.Name())
	if wm == methodOf(hfn) {
		who = fmt.Sprintf("%s.%s itself, on its next call,", t.Obj.Name(), wm.Name())
	}
	d := analysis.Diagnostic{
		Pos:      h.Instr.Pos(),
		Category: catModified,
		Message: fmt.Sprintf("%s (field %s of %s) is handed to %s, and %s writes the field's bytes again on line %d: the queued message may change under the library (send a copy)",
			name, f.Name, t.Obj.Name(), c.sendText(h), who, c.line(w.Pos())),
		Related: []analysis.RelatedInformation{{Pos: w.Pos(), Message: fmt.Sprintf("%s is written again here", f.Name)}},
	}
	d.SuggestedFixes = c.fixes(h, fr, name)
	c.report(report.NoFix(d, "field-no-copy-point"))
}

// replacedAfter reports whether every path from hand-over h to the exit
// of its function stores new memory into the field (one of stores): the
// handed-over bytes are then no longer the field's when any method runs
// next. (A write on the way is the path walk's.)
func replacedAfter(h *buffers.HandOver, stores []ssa.Instruction) bool {
	if len(stores) == 0 {
		return false
	}
	renew := map[ssa.Instruction]bool{}
	for _, s := range stores {
		renew[s] = true
	}
	exits := false
	flow.WalkState(h.Instr, 0, func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		if renew[instr] {
			return flow.Stop, s
		}
		if _, ok := instr.(*ssa.Return); ok {
			exits = true
			return flow.Stop, s
		}
		return flow.Continue, s
	}, nil)
	return !exits
}
