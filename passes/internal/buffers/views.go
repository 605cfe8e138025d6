package buffers

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// Bytes the program does not own: a standard-library method that returns
// a view into a buffer its receiver (the owner) keeps and overwrites later,
// and the calls that make the owner reuse that buffer. Handing such a view
// to a send that keeps a reference, then letting the owner reuse the
// buffer, sends bytes that are no longer the message's.

// ViewAPI is one row of StdViews: a method whose result is a view, and
// the methods of the same owner (by name) that end the view's validity.
type ViewAPI struct {
	// Result is the index of the view among the method's results.
	Result int
	// Reuse are the methods after which the view's bytes may be
	// overwritten (the docs' "valid only until the next ...").
	Reuse []string
	// Frees are the methods that do not write but let the owner's next
	// write overwrite the bytes (Reset, Truncate, Flush). They count as a
	// reuse, except on an owner that only this function reaches
	// (OwnedLocally): there they arm the Armed methods, and the write
	// that follows, if any, is the reuse.
	Frees []string
	// Armed are the methods that overwrite the view's bytes only once the
	// owner freed them or moved its read offset (a Frees or Advances
	// method on the path since the view was taken, or the view's own call
	// when Advanced): a bytes.Buffer write appends after the unread bytes,
	// unless the buffer was reset, or its offset moved and the write
	// slides the unread bytes down to make room.
	Armed []string
	// Advances are the methods that move the owner's read offset; they
	// never overwrite by themselves.
	Advances []string
	// Advanced says that the view's own call moves the offset
	// (bytes.Buffer.Next).
	Advanced bool
	// Through, when set, says that the result is not itself the view:
	// the views are its values asserted to one of these types (named by
	// package path and name: xml.Decoder.Token's xml.CharData).
	Through []string
	// When says in words what reuses the buffer, for messages.
	When string
}

// role tells how the owner's method name can overwrite the view's
// bytes: by itself (Reuse), as a free (Frees), or once armed (Armed).
func (v ViewAPI) role(name string) viewRole {
	switch {
	case contains(v.Reuse, name):
		return roleReuse
	case contains(v.Frees, name):
		return roleFree
	case contains(v.Armed, name):
		return roleArmed
	case contains(v.Advances, name):
		return roleAdvance
	}
	return 0
}

type viewRole uint8

const (
	roleReuse viewRole = iota + 1
	roleFree
	roleArmed
	roleAdvance
)

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

var (
	// Every read of a bufio.Reader may refill (and slide) its buffer.
	bufioReaderReuse = []string{"Read", "ReadByte", "ReadRune", "ReadSlice", "ReadLine", "ReadBytes",
		"ReadString", "Peek", "Discard", "WriteTo"}
	bufioWriterReuse = []string{"Write", "WriteByte", "WriteRune", "WriteString", "ReadFrom"}
	bytesWrites      = []string{"Write", "WriteByte", "WriteRune", "WriteString", "ReadFrom", "Grow"}
	bytesFrees       = []string{"Reset", "Truncate"}
	// Reads of a bytes.Buffer move its offset (and Read, WriteTo reset it
	// when they drain it).
	bytesReads = []string{"Read", "ReadByte", "ReadRune", "ReadBytes", "ReadString", "Next", "WriteTo"}
)

// StdViews lists, by types.Func.FullName, the standard-library methods
// whose result is a view into a buffer their receiver reuses, and what
// reuses it. strings.Builder is not here: its String aliases bytes that
// are never overwritten (Reset drops them), and a string is immutable.
var StdViews = map[string]ViewAPI{
	"(*bufio.Scanner).Bytes":          {Reuse: []string{"Scan"}, When: "the next Scan"},
	"(*bufio.Reader).ReadSlice":       {Reuse: bufioReaderReuse, Frees: []string{"Reset"}, When: "the next read"},
	"(*bufio.Reader).ReadLine":        {Reuse: bufioReaderReuse, Frees: []string{"Reset"}, When: "the next read"},
	"(*bufio.Reader).Peek":            {Reuse: bufioReaderReuse, Frees: []string{"Reset"}, When: "the next read"},
	"(*bufio.Writer).AvailableBuffer": {Reuse: bufioWriterReuse, Frees: []string{"Flush", "Reset"}, When: "the next write"},
	"(*bytes.Buffer).Bytes":           {Frees: bytesFrees, Armed: bytesWrites, Advances: bytesReads, When: "the next buffer modification"},
	"(*bytes.Buffer).Peek":            {Frees: bytesFrees, Armed: bytesWrites, Advances: bytesReads, When: "the next buffer modification"},
	"(*bytes.Buffer).Next":            {Frees: bytesFrees, Armed: bytesWrites, Advances: bytesReads, Advanced: true, When: "the next buffer modification"},
	"(*bytes.Buffer).AvailableBuffer": {Reuse: bytesWrites, Frees: bytesFrees, When: "the next write"},
	// "Slices of bytes in the returned token data refer to the parser's
	// internal buffer and remain valid only until the next call to Token."
	"(*encoding/xml.Decoder).Token":    {Reuse: xmlReads, Through: xmlBytes, When: "the next Token"},
	"(*encoding/xml.Decoder).RawToken": {Reuse: xmlReads, Through: xmlBytes, When: "the next Token"},
}

var (
	xmlReads = []string{"Token", "RawToken", "Decode", "DecodeElement", "Skip"}
	xmlBytes = []string{"encoding/xml.CharData", "encoding/xml.Comment", "encoding/xml.Directive"}
)

// StdReleasers lists, by FullName, the standard-library functions that
// give the memory of an argument (index among the explicit arguments)
// back to a pool, whose next Get, in any goroutine, hands it to a writer.
// The memory of the buffers viewed through that argument (a pooled
// *bytes.Buffer's Bytes) goes with it.
var StdReleasers = map[string]int{
	"(*sync.Pool).Put": 0,
}

// View is a value in a handed-over frame's alias class that a StdViews
// method returned: memory its Owner will overwrite. (Memory given back to
// a pool needs no View: ReuseAt finds the Put of the class itself.)
type View struct {
	// Call is the call that returned the view (sc.Bytes()); Owner is its
	// receiver.
	Call  ssa.CallInstruction
	Owner ssa.Value
	// API is the StdViews key of Call's method, and Row its row.
	API string
	Row ViewAPI
}

// Views returns the views among the values of class (an alias class of
// fn), in instruction order.
func (r *Result) Views(class []ssa.Value) []View {
	var out []View
	seen := map[ssa.CallInstruction]bool{}
	for _, v := range class {
		v, asserted := throughAssert(v)
		call, i := resultOf(v)
		if call == nil || seen[call] {
			continue
		}
		c := r.ssa.Resolve(call)
		if c.Callee == nil || c.Recv == nil {
			continue
		}
		name := c.Callee.FullName()
		row, ok := StdViews[name]
		if !ok || row.Result != i || (len(row.Through) > 0) != (asserted != "") ||
			asserted != "" && !contains(row.Through, asserted) {
			continue
		}
		seen[call] = true
		out = append(out, View{Call: call, Owner: c.Recv, API: name, Row: row})
	}
	return out
}

// throughAssert returns the operand of a type assertion that v is the
// value of (tok.(xml.CharData), a case of a type switch), and the
// asserted type as "path.Name"; otherwise v and "".
func throughAssert(v ssa.Value) (ssa.Value, string) {
	if e, ok := v.(*ssa.Extract); ok && e.Index == 0 {
		if ta, ok := e.Tuple.(*ssa.TypeAssert); ok {
			v = ta
		}
	}
	ta, ok := v.(*ssa.TypeAssert)
	if !ok {
		return v, ""
	}
	n, ok := types.Unalias(ta.AssertedType).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return v, ""
	}
	return ta.X, n.Obj().Pkg().Path() + "." + n.Obj().Name()
}

// resultOf returns the call whose result v is, and the result's index.
func resultOf(v ssa.Value) (ssa.CallInstruction, int) {
	switch x := v.(type) {
	case *ssa.Call:
		return x, 0
	case *ssa.Extract:
		if c, ok := x.Tuple.(*ssa.Call); ok {
			return c, x.Index
		}
	}
	return nil, -1
}

// Releases reports whether fn calls a StdReleasers function (a
// sync.Pool.Put) anywhere: without one, and without views, no reuse can
// be found in it.
func (r *Result) Releases(fn *ssa.Function) bool {
	if v, ok := r.releases[fn]; ok {
		return v
	}
	found := false
	for _, anon := range fn.AnonFuncs {
		if r.Releases(anon) {
			found = true
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if c := r.ssa.Resolve(ci); c.Callee != nil {
				if _, ok := StdReleasers[c.Callee.FullName()]; ok {
					found = true
				}
			}
		}
	}
	if r.releases == nil {
		r.releases = map[*ssa.Function]bool{}
	}
	r.releases[fn] = found
	return found
}

// Reuse is an instruction that lets memory handed over be overwritten by
// someone else.
type Reuse struct {
	Instr ssa.CallInstruction
	// Method is the owner's method called (Scan, Reset), or "" for a
	// release into a pool.
	Method string
	// View is the view whose owner reuses its buffer, or nil when the
	// class's memory itself is released (Callee).
	View *View
	// Callee is the releasing function (sync.Pool.Put), for a release.
	Callee *types.Func
	// Inner is the call inside a closure that Instr runs, when the reuse
	// is in the closure's body (defer func() { pool.Put(buf) }()).
	Inner ssa.CallInstruction
	role  viewRole
}

// Frees reports whether the call only frees the view's bytes (Reset).
func (u Reuse) Frees() bool { return u.role == roleFree }

// Armed reports whether the call overwrites the view's bytes only when
// armed (see ViewAPI.Armed).
func (u Reuse) Armed() bool { return u.role == roleArmed }

// Advances reports whether the call only moves the owner's read offset.
func (u Reuse) Advances() bool { return u.role == roleAdvance }

// ReuseAt reports whether instr (a call, go or defer) is a call that may
// let another owner overwrite memory of class or of one of its views: a
// method of a view's owner that its row names (Reuse, Frees, Armed,
// Advances: the caller decides with the Reuse's methods), or a
// StdReleasers call given a value of class or a view's owner.
func (r *Result) ReuseAt(instr ssa.Instruction, class []ssa.Value, views []View) (Reuse, bool) {
	ci, ok := instr.(ssa.CallInstruction)
	if !ok {
		return Reuse{}, false
	}
	if _, ok := ci.Common().Value.(*ssa.Builtin); ok {
		return Reuse{}, false
	}
	if mc, ok := ci.Common().Value.(*ssa.MakeClosure); ok {
		return r.closureReuse(ci, mc, class, views, 0)
	}
	c := r.ssa.Resolve(ci)
	if c.Callee == nil {
		return Reuse{}, false
	}
	if k, ok := StdReleasers[c.Callee.FullName()]; ok && k < len(c.Args) {
		arg := value.Peel(c.Args[k], value.Ref)
		if inClass(class, arg) {
			return Reuse{Instr: ci, Callee: c.Callee, role: roleReuse}, true
		}
		for i := range views {
			if sameOwner(arg, views[i].Owner) {
				return Reuse{Instr: ci, Callee: c.Callee, View: &views[i], role: roleReuse}, true
			}
		}
		return Reuse{}, false
	}
	if c.Recv == nil {
		return Reuse{}, false
	}
	for i := range views {
		v := &views[i]
		if !sameMethodSet(c.Callee, v) || !sameOwner(c.Recv, v.Owner) {
			continue
		}
		if role := v.Row.role(c.Callee.Name()); role != 0 {
			return Reuse{Instr: ci, Method: c.Callee.Name(), View: v, role: role}, true
		}
	}
	return Reuse{}, false
}

// closureReuse looks for a reuse inside the body of a closure of this
// package that call ci runs (defer func() { pool.Put(buf) }()): of a
// captured buffer of class, or on a captured owner of one of views. The
// Reuse is placed at ci; Inner is the call in the closure.
func (r *Result) closureReuse(ci ssa.CallInstruction, mc *ssa.MakeClosure, class []ssa.Value, views []View, depth int) (Reuse, bool) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || fn.Pkg != r.ssa.Pkg || fn.Blocks == nil || len(fn.FreeVars) != len(mc.Bindings) || depth > 2 {
		return Reuse{}, false
	}
	var inClassFV []ssa.Value
	var inViews []View
	var outer []int
	a := r.Writer.Aliases(fn)
	for j, b := range mc.Bindings {
		fv := fn.FreeVars[j]
		if inClass(class, b) {
			inClassFV = append(inClassFV, a.Class(fv)...)
		}
		for i := range views {
			owner := ssa.Value(nil)
			if sameOwner(b, views[i].Owner) {
				owner = fv
			} else if l, ok := value.Peel(views[i].Owner, value.Ref).(*ssa.UnOp); ok && l.Op == token.MUL && l.X == b {
				// A captured variable: b is its cell, the owner a load of
				// it; in the closure, a load of the free variable.
				if ls := loadsOf(fv); len(ls) > 0 {
					owner = ls[0]
				}
			}
			if owner != nil {
				v := views[i]
				v.Owner = owner
				inViews = append(inViews, v)
				outer = append(outer, i)
			}
		}
	}
	if len(inClassFV) == 0 && len(inViews) == 0 {
		return Reuse{}, false
	}
	// The closure's body is not walked path by path: its first reuse by
	// itself (a Put, a Scan) wins, else its first free (a Reset); writes
	// that overwrite only once armed, and reads, are not counted.
	var best Reuse
	found := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var u Reuse
			var ok bool
			if inner, isCall := instr.(ssa.CallInstruction); isCall {
				if mc2, isMC := inner.Common().Value.(*ssa.MakeClosure); isMC {
					u, ok = r.closureReuse(inner, mc2, inClassFV, inViews, depth+1)
				} else {
					u, ok = r.ReuseAt(instr, inClassFV, inViews)
				}
			}
			if !ok || u.role != roleReuse && u.role != roleFree || found && (best.role == roleReuse || u.role == roleFree) {
				continue
			}
			if u.View != nil {
				for k := range inViews {
					if u.View == &inViews[k] {
						u.View = &views[outer[k]]
					}
				}
			}
			if u.Inner == nil {
				u.Inner = u.Instr
			}
			u.Instr = ci
			best, found = u, true
		}
	}
	return best, found
}

// sameMethodSet reports whether fn is a method of the type that declares
// the view's method (a Scan of a bufio.Scanner, not of another type).
func sameMethodSet(fn *types.Func, v *View) bool {
	c, ok := v.Call.Common().Value.(*ssa.Function)
	var vf *types.Func
	if ok {
		vf, _ = c.Object().(*types.Func)
	}
	if vf == nil {
		return false
	}
	return recvNamed(fn) != nil && recvNamed(fn) == recvNamed(vf)
}

func recvNamed(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	if n := value.Named(sig.Recv().Type()); n != nil {
		return n.Obj()
	}
	return nil
}

// OwnedLocally reports whether the owner of view v is a variable this
// function allocated and no one else can reach (used only as the receiver
// of its own methods): a reuse of it at the function's exit (a deferred
// Reset) overwrites nothing, since no one writes into it afterwards.
func OwnedLocally(v *View) bool {
	alloc, ok := value.Peel(v.Owner, value.Ref).(*ssa.Alloc)
	if !ok {
		return false
	}
	refs := alloc.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		switch ref := ref.(type) {
		case *ssa.DebugRef:
			continue
		case ssa.CallInstruction:
			c := ref.Common()
			if c.IsInvoke() || len(c.Args) == 0 || c.Args[0] != alloc {
				return false
			}
			for _, a := range c.Args[1:] {
				if a == alloc {
					return false
				}
			}
			fn := c.StaticCallee()
			if fn == nil || fn.Signature.Recv() == nil {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sameOwner reports whether a and b denote the same owner object: the same
// reference (value.SameRef), or the address of the same field of the same
// holder (&e.buf taken twice, the receiver of e.buf.Reset()).
func sameOwner(a, b ssa.Value) bool {
	if value.SameRef(a, b) {
		return true
	}
	fa, ok1 := value.Peel(a, value.Ref).(*ssa.FieldAddr)
	fb, ok2 := value.Peel(b, value.Ref).(*ssa.FieldAddr)
	return ok1 && ok2 && fa.Field == fb.Field && sameOwner(fa.X, fb.X)
}
