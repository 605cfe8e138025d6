package buffers

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/internal/value"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// WritesParams is an object fact on a function that writes into the
// memory of some of its slice (or array pointer) parameters: Params lists
// their indexes among the explicit parameters; Recv marks a method that
// writes into its slice-typed receiver. Example: func fill(b []byte) {
// b[0] = 1 } has WritesParams{Params: [0]}.
type WritesParams struct{ ParamSet }

func (*WritesParams) AFact() {}

func (f *WritesParams) String() string { return f.format("writesParams") }

// Writes reports whether the fact says argument i (-1: the receiver) is
// written.
func (f *WritesParams) Writes(i int) bool { return f.Has(i) }

// StdWriters lists standard-library functions and methods, by
// types.Func.FullName, that write into the memory of a slice argument, with
// the indexes (among the explicit arguments) of those arguments. Besides
// this table, any method named Read or ReadAt with io.Reader's (io.ReaderAt's)
// signature writes into its argument 0: that is the io.Reader contract.
var StdWriters = map[string][]int{
	"io.ReadFull":                              {1},
	"io.ReadAtLeast":                           {1},
	"io.CopyBuffer":                            {2},
	"crypto/rand.Read":                         {0},
	"math/rand.Read":                           {0},
	"(*math/rand.Rand).Read":                   {0},
	"(*math/rand/v2.ChaCha8).Read":             {0},
	"(*math/rand/v2.PCG).Read":                 {0},
	"(encoding/binary.ByteOrder).PutUint16":    {0},
	"(encoding/binary.ByteOrder).PutUint32":    {0},
	"(encoding/binary.ByteOrder).PutUint64":    {0},
	"(encoding/binary.bigEndian).PutUint16":    {0},
	"(encoding/binary.bigEndian).PutUint32":    {0},
	"(encoding/binary.bigEndian).PutUint64":    {0},
	"(encoding/binary.littleEndian).PutUint16": {0},
	"(encoding/binary.littleEndian).PutUint32": {0},
	"(encoding/binary.littleEndian).PutUint64": {0},
	"(encoding/binary.nativeEndian).PutUint16": {0},
	"(encoding/binary.nativeEndian).PutUint32": {0},
	"(encoding/binary.nativeEndian).PutUint64": {0},
	"encoding/binary.PutUvarint":               {0},
	"encoding/binary.PutVarint":                {0},
	"encoding/binary.Read":                     {2},
	"encoding/hex.Encode":                      {0},
	"encoding/hex.Decode":                      {0},
	"(*encoding/base64.Encoding).Encode":       {0},
	"(*encoding/base64.Encoding).Decode":       {0},
	"(*encoding/base32.Encoding).Encode":       {0},
	"(*encoding/base32.Encoding).Decode":       {0},
	"encoding/ascii85.Encode":                  {0},
	"unicode/utf8.EncodeRune":                  {0},
	"(crypto/cipher.Stream).XORKeyStream":      {0},
	"(crypto/cipher.Block).Encrypt":            {0},
	"(crypto/cipher.Block).Decrypt":            {0},
	"(crypto/cipher.BlockMode).CryptBlocks":    {0},
	"(net.PacketConn).ReadFrom":                {0},
	"(*net.UDPConn).ReadFromUDP":               {0},
	"(*net.UDPConn).ReadMsgUDP":                {0, 1},
	"(*bufio.Reader).Read":                     {0},
	"(*bytes.Buffer).Read":                     {0},
	"(*bytes.Reader).Read":                     {0},
	"(*bytes.Reader).ReadAt":                   {0},
	"(*strings.Reader).Read":                   {0},
	"(*strings.Reader).ReadAt":                 {0},
	"(*os.File).Read":                          {0},
	"(*os.File).ReadAt":                        {0},
	// Functions that reorder or overwrite the elements of a slice in
	// place: for a [][]byte frames slice they replace its frames, for a
	// []byte its bytes. sort.Sort and sort.Stable take the slice wrapped
	// in a sort.Interface (byLen(frames)): the interface's value counts.
	"sort.Slice":                          {0},
	"sort.SliceStable":                    {0},
	"sort.Sort":                           {0},
	"sort.Stable":                         {0},
	"slices.Sort":                         {0},
	"slices.SortFunc":                     {0},
	"slices.SortStableFunc":               {0},
	"slices.Reverse":                      {0},
	"slices.Delete":                       {0},
	"slices.DeleteFunc":                   {0},
	"slices.Compact":                      {0},
	"slices.CompactFunc":                  {0},
	"slices.Replace":                      {0},
	"slices.Insert":                       {0},
	"(*compress/flate.decompressor).Read": {0},
	"(*compress/gzip.Reader).Read":        {0},
	"(*crypto/tls.Conn).Read":             {0},
	"(*net.conn).Read":                    {0},
	"(net.Conn).Read":                     {0},
	"(io.Reader).Read":                    {0},
	"(io.ReaderAt).ReadAt":                {0},
	"(io.ReadWriter).Read":                {0},
	"(io.ReadCloser).Read":                {0},
	"(io.ReadWriteCloser).Read":           {0},
	"(*io.SectionReader).Read":            {0},
	"(*io.SectionReader).ReadAt":          {0},
	"(*io.LimitedReader).Read":            {0},
	"(*io.PipeReader).Read":               {0},
	"(*bufio.ReadWriter).Read":            {0},
	"(*crypto/cipher.StreamReader).Read":  {0},
	"(*math/big.Int).FillBytes":           {0},
}

// StdWrites reports whether the standard-library function fn writes into
// its explicit argument i, per StdWriters and the io.Reader contract.
func StdWrites(fn *types.Func, i int) bool {
	fn = fn.Origin()
	for _, k := range StdWriters[fn.FullName()] {
		if k == i {
			return true
		}
	}
	return i == 0 && isReadMethod(fn)
}

// isReadMethod reports whether fn is a method Read(p []byte) (int, error)
// or ReadAt(p []byte, off int64) (int, error): by the io.Reader and
// io.ReaderAt contracts it fills p.
func isReadMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	if fn.Name() != "Read" && fn.Name() != "ReadAt" {
		return false
	}
	ps, rs := sig.Params(), sig.Results()
	want := 1
	if fn.Name() == "ReadAt" {
		want = 2
	}
	if ps.Len() != want || rs.Len() != 2 {
		return false
	}
	if s, ok := ps.At(0).Type().Underlying().(*types.Slice); !ok || !isByte(s.Elem()) {
		return false
	}
	if want == 2 && !types.Identical(ps.At(1).Type(), types.Typ[types.Int64]) {
		return false
	}
	return types.Identical(rs.At(0).Type(), types.Typ[types.Int]) && rs.At(1).Type().String() == "error"
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

// Writer decides which instructions write into buffer memory. It computes
// WritesParams summaries for the functions of the package under analysis
// on the summary framework (summary.Table), and reads the facts of other
// packages.
type Writer struct {
	pass  *analysis.Pass
	pkg   *ssa.Package
	table *summary.Table[writes]
	apps  *summary.Table[int] // AppendsParam (appenders.go)
	alias map[*ssa.Function]*Aliases
}

// writes is a function's summary: whether it writes into the memory of
// each parameter (receiver first) and of each free variable. Only buffer
// parameters are computed: a value of an alias class is a buffer, so
// nothing else is asked for.
type writes struct {
	params, free []bool
}

func (s writes) equal(t writes) bool {
	return slices.Equal(s.params, t.params) && slices.Equal(s.free, t.free)
}

func at(bs []bool, i int) bool { return i >= 0 && i < len(bs) && bs[i] }

// NewWriter returns a Writer for pass, whose SSA package is pkg.
func NewWriter(pass *analysis.Pass, pkg *ssa.Package) *Writer {
	w := &Writer{pass: pass, pkg: pkg, alias: map[*ssa.Function]*Aliases{}}
	w.table = summary.New(summary.Config[writes]{
		Pkg:     pkg,
		Compute: func(fn *ssa.Function, _ func(*ssa.Function) (writes, bool)) writes { return w.compute(fn) },
		Equal:   writes.equal,
		// Bottom (a cycle's start) and Unknown are "writes nothing":
		// the summary only grows with its callees', so a cycle settles
		// at the least fixed point, and a false "writes" would report
		// a hand-over that is not overwritten. Other packages' functions
		// are not imported here: Write reads their WritesParams facts.
	})
	w.apps = newAppendTable(w)
	return w
}

// Aliases returns the (cached) alias classes of fn.
func (w *Writer) Aliases(fn *ssa.Function) *Aliases {
	a, ok := w.alias[fn]
	if !ok {
		a = analyze(fn, w.UserAppendArg)
		w.alias[fn] = a
	}
	return a
}

// Fact computes the WritesParams fact of fn, a function of this package;
// ok is false when it writes none of its parameters.
func (w *Writer) Fact(fn *ssa.Function) (WritesParams, bool) {
	var f WritesParams
	off := 0
	if fn.Signature.Recv() != nil {
		off = 1
		if len(fn.Params) > 0 && isBufferLike(fn.Params[0].Type()) && w.param(fn, 0) {
			f.Recv = true
		}
	}
	for i := off; i < len(fn.Params); i++ {
		if isBufferLike(fn.Params[i].Type()) && w.param(fn, i) {
			f.Params = append(f.Params, i-off)
		}
	}
	sort.Ints(f.Params)
	return f, f.Recv || len(f.Params) > 0
}

// param reports whether fn (of this package) writes into the memory of
// its SSA parameter i.
func (w *Writer) param(fn *ssa.Function, i int) bool {
	s, _ := w.table.Of(fn)
	return at(s.params, i)
}

// freeVar reports whether closure fn writes into the memory of its free
// variable i (a captured slice, or the variable holding it).
func (w *Writer) freeVar(fn *ssa.Function, i int) bool {
	s, _ := w.table.Of(fn)
	return at(s.free, i)
}

func (w *Writer) compute(fn *ssa.Function) writes {
	var s writes
	for _, p := range fn.Params {
		s.params = append(s.params, isBufferLike(p.Type()) && w.writesInto(fn, p))
	}
	for _, fv := range fn.FreeVars {
		s.free = append(s.free, isBufferLike(fv.Type()) && w.writesInto(fn, fv))
	}
	return s
}

// writesInto reports whether some instruction of fn writes into memory
// that v may share.
func (w *Writer) writesInto(fn *ssa.Function, v ssa.Value) bool {
	a := w.Aliases(fn)
	class := a.Class(v)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := w.Write(instr, a, class); ok {
				return true
			}
		}
	}
	return false
}

// inClass reports whether v is one of class (a may-alias class).
func inClass(class []ssa.Value, v ssa.Value) bool {
	for _, c := range class {
		if c == v {
			return true
		}
	}
	return false
}

// Write reports whether instr writes into the memory of a value of class
// (computed with a, the Aliases of instr's function), and which value it
// writes through. Writes are: an element assignment (b[i] = x, also
// through an array pointer), copy(b, ...), append into the spare capacity
// of a shortened slice (append(b[:0], ...)), and calls (also go and defer)
// of functions that write into that argument: StdWriters, the io.Reader
// contract, WritesParams facts, and closures of this package that write
// into a captured buffer.
func (w *Writer) Write(instr ssa.Instruction, a *Aliases, class []ssa.Value) (ssa.Value, bool) {
	switch in := instr.(type) {
	case *ssa.Store:
		if ia, ok := in.Addr.(*ssa.IndexAddr); ok && inClass(class, ia.X) {
			return ia.X, true
		}
		if p, ok := in.Addr.Type().Underlying().(*types.Pointer); ok && inClass(class, in.Addr) {
			if _, arr := p.Elem().Underlying().(*types.Array); arr {
				return in.Addr, true // *p = [N]byte{...}
			}
		}
	case ssa.CallInstruction:
		return w.callWrites(in, class)
	}
	return nil, false
}

func (w *Writer) callWrites(ci ssa.CallInstruction, class []ssa.Value) (ssa.Value, bool) {
	common := ci.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "copy":
			if len(common.Args) > 0 && inClass(class, common.Args[0]) {
				return common.Args[0], true
			}
		case "append":
			if len(common.Args) > 0 && inClass(class, common.Args[0]) && mayBeShortened(common.Args[0], 0) {
				return common.Args[0], true
			}
		case "clear":
			if len(common.Args) > 0 && inClass(class, common.Args[0]) {
				return common.Args[0], true
			}
		}
		return nil, false
	}
	// A closure of this package that writes a captured buffer.
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		if fn, ok := mc.Fn.(*ssa.Function); ok && fn.Pkg == w.pkg {
			for j, b := range mc.Bindings {
				if inClass(class, b) && w.freeVar(fn, j) {
					return b, true
				}
			}
		}
	}
	// A helper of the user's code that appends to a shortened slice
	// argument and returns it (AppendsParam): the append builtin's case.
	if k := w.UserAppendArg(*common); k >= 0 && inClass(class, common.Args[k]) && shortened(common.Args[k]) {
		return common.Args[k], true
	}
	var recv ssa.Value
	args := common.Args
	var callee *types.Func
	static := common.StaticCallee()
	switch {
	case common.IsInvoke():
		recv, callee = common.Value, common.Method
	case static != nil:
		if static.Pkg == w.pkg && static.Blocks != nil && w.isPlainCall(common, static) {
			for i, arg := range args {
				if inClass(class, arg) && w.param(static, i) {
					return arg, true
				}
			}
			return nil, false
		}
		callee, _ = static.Object().(*types.Func)
		if callee != nil && static.Signature.Recv() != nil && len(args) > 0 {
			recv, args = args[0], args[1:]
		} else if callee != nil && isMethodFunc(callee) && len(args) > 0 && len(static.Params) == len(args) {
			recv, args = args[0], args[1:] // method expression thunk
		}
	}
	if callee == nil {
		return nil, false
	}
	callee = callee.Origin()
	var fact WritesParams
	hasFact := callee.Pkg() != nil && callee.Pkg() != w.pass.Pkg && w.pass.ImportObjectFact(callee, &fact)
	if recv != nil && inClass(class, recv) && hasFact && fact.Recv {
		return recv, true
	}
	for i, arg := range args {
		if mi, ok := arg.(*ssa.MakeInterface); ok && StdWrites(callee, i) {
			arg = mi.X // sort.Slice(frames, ...), sort.Sort(byLen(frames))
		}
		if !inClass(class, arg) {
			continue
		}
		if StdWrites(callee, i) || hasFact && fact.Writes(i) {
			return arg, true
		}
		if i == 0 && stdAppenders[callee.FullName()] && shortened(arg) {
			return arg, true
		}
	}
	return nil, false
}

// isPlainCall reports whether the call passes its arguments to static's
// parameters one to one (not a bound method value, whose receiver is a
// free variable).
func (w *Writer) isPlainCall(common *ssa.CallCommon, static *ssa.Function) bool {
	if mc, ok := common.Value.(*ssa.MakeClosure); ok && mc.Fn == static {
		return len(static.FreeVars) == 0
	}
	return len(common.Args) == len(static.Params)
}

func isMethodFunc(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// shortened reports whether v is a re-slice with an explicit high bound
// (b[:0], b[i:j]): appending to it writes into the elements after its
// length, which may belong to the original slice. Appending to a slice at
// its full length writes past every element it shares.
func shortened(v ssa.Value) bool {
	s, ok := v.(*ssa.Slice)
	if !ok || s.High == nil {
		return false
	}
	// make([]byte, n, c) with constants is built as a slice of a new
	// array: that slice is the buffer itself, not a shortened view of it.
	if a, ok := s.X.(*ssa.Alloc); ok && a.Comment == "makeslice" {
		return false
	}
	// b[:n:n], b[:0:0]: a full slice expression whose capacity is its
	// length has no spare capacity, so append allocates a new array.
	if s.Max != nil && sameBound(s.High, s.Max) {
		return false
	}
	return true
}

// mayBeShortened reports whether v is a shortened slice, or a variable
// that holds one on some path (buf = buf[:0] in one statement, then a later
// append(buf, ...) in the next round of a loop).
func mayBeShortened(v ssa.Value, depth int) bool {
	if shortened(v) {
		return true
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || depth > 2 {
		return false
	}
	for _, e := range phi.Edges {
		if e != v && mayBeShortened(e, depth+1) {
			return true
		}
	}
	return false
}

// stdAppenders are standard-library functions, by FullName, that append
// to their first argument: like the builtin append, they write into the
// spare capacity of a shortened slice (buf = strconv.AppendInt(buf[:0],
// ...)), and past the shared bytes otherwise.
var stdAppenders = map[string]bool{
	"strconv.AppendInt":                              true,
	"strconv.AppendUint":                             true,
	"strconv.AppendFloat":                            true,
	"strconv.AppendBool":                             true,
	"strconv.AppendQuote":                            true,
	"(encoding/binary.bigEndian).AppendUint16":       true,
	"(encoding/binary.bigEndian).AppendUint32":       true,
	"(encoding/binary.bigEndian).AppendUint64":       true,
	"(encoding/binary.littleEndian).AppendUint16":    true,
	"(encoding/binary.littleEndian).AppendUint32":    true,
	"(encoding/binary.littleEndian).AppendUint64":    true,
	"(encoding/binary.AppendByteOrder).AppendUint16": true,
	"(encoding/binary.AppendByteOrder).AppendUint32": true,
	"(encoding/binary.AppendByteOrder).AppendUint64": true,
	"encoding/binary.AppendUvarint":                  true,
	"encoding/binary.AppendVarint":                   true,
	"encoding/hex.AppendEncode":                      true,
	"encoding/hex.AppendDecode":                      true,
	"(*encoding/base64.Encoding).AppendEncode":       true,
	"(*encoding/base64.Encoding).AppendDecode":       true,
}

// sameBound reports whether two slice bounds are the same value: one SSA
// value, or equal constants.
func sameBound(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	ka, ok1 := a.(*ssa.Const)
	kb, ok2 := b.(*ssa.Const)
	return ok1 && ok2 && ka.Value != nil && kb.Value != nil && constant.Compare(ka.Value, token.EQL, kb.Value)
}

// FirstWriteAfter returns the first instruction, on some path after from,
// that writes into the memory of class (an alias class of a's function),
// and the value it writes through, before the path executes again one of
// the class's Renewals (the slice is new memory from there on); nil if
// there is none. It is the whole search for a frames slice ([][]byte)
// handed over: its frames are replaced as a whole, so, unlike bytes, no
// sub-range of it is told apart, and a re-send of it unmodified harms
// nothing.
func (r *Result) FirstWriteAfter(from ssa.Instruction, a *Aliases, class []ssa.Value) (ssa.Instruction, ssa.Value) {
	renew := r.Renewals(class)
	var through ssa.Value
	w := flow.Walk(from, func(instr ssa.Instruction) flow.Verdict {
		if renew[instr] {
			return flow.Stop
		}
		if v, ok := r.Writer.Write(instr, a, class); ok {
			through = v
			return flow.Found
		}
		return flow.Continue
	}, nil)
	return w, through
}

// Renewals returns the instructions after which the values of class (an
// alias class) stand for new memory when a path executes them again: a
// member that allocates (IsFresh); msg.Frames read from a Msg that a call
// returns, such as a received message (its frames are new each time, while
// a Msg built by NewMsg or NewMsgFrom shares the caller's; an unknown
// call's result counts as new, as IsFresh counts any call's: silence over
// a guess); and a store of such a Msg into the variable whose Frames the
// class reads (msg, err = s.Recv() in a loop).
func (r *Result) Renewals(class []ssa.Value) map[ssa.Instruction]bool {
	out := map[ssa.Instruction]bool{}
	for _, v := range class {
		instr, ok := v.(ssa.Instruction)
		if !ok {
			continue
		}
		switch x := v.(type) {
		case *ssa.Field:
			r.msgRenewals(x.X, out)
			continue
		case *ssa.UnOp:
			fa, ok := x.X.(*ssa.FieldAddr)
			if !ok || x.Op != token.MUL {
				continue
			}
			if p, ok := fa.X.Type().Underlying().(*types.Pointer); ok {
				if _, isMsg := r.ssa.Model.MsgFramesField(p.Elem()); isMsg {
					r.varRenewals(fa.X, out)
				}
			}
			continue
		}
		if r.Writer.IsFresh(v) {
			out[instr] = true
		}
	}
	return out
}

// msgRenewals adds to out the instructions that make Msg value msg a new
// message when executed again.
func (r *Result) msgRenewals(msg ssa.Value, out map[ssa.Instruction]bool) {
	if r.freshMsg(msg) {
		out[msg.(ssa.Instruction)] = true
		return
	}
	if u, ok := msg.(*ssa.UnOp); ok && u.Op == token.MUL {
		r.varRenewals(u.X, out)
	}
}

// varRenewals adds the stores of a new Msg into the variable at addr.
func (r *Result) varRenewals(addr ssa.Value, out map[ssa.Instruction]bool) {
	if _, ok := addr.(*ssa.Alloc); !ok {
		return // a field or global: others may store there too
	}
	for _, st := range value.Stores(addr) {
		if r.freshMsg(st.Val) {
			out[st] = true
		}
	}
}

// freshMsg reports whether Msg value v is the result of a call that does
// not build it from the caller's memory (Recv, Clone, an unknown function).
func (r *Result) freshMsg(v ssa.Value) bool {
	var call *ssa.Call
	switch x := v.(type) {
	case *ssa.Call:
		call = x
	case *ssa.Extract:
		call, _ = x.Tuple.(*ssa.Call)
	}
	if call == nil {
		return false
	}
	if _, ok := call.Call.Value.(*ssa.Builtin); ok {
		return false
	}
	return r.ssa.Resolve(call).Role() != zmqapi.AliasMsg
}

// Appends reports whether call appends to its first argument (the builtin
// append, or a standard-library Append* function): the result may reuse
// that argument's array, writing into its spare capacity.
func Appends(call ssa.CallCommon) bool { return appends(call) }
