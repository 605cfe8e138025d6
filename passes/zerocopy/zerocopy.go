package zerocopy

import (
	_ "embed"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

//go:embed doc.go
var doc string

// URL is the documentation page of this check; each diagnostic links to
// the section named by its category (passes/registry).
const URL = registry.DocsBase + "zerocopy.md"

// Analyzer reports byte buffers modified, or modified and sent again,
// after a ZeroMQ send that keeps a reference to them.
var Analyzer = &analysis.Analyzer{
	Name:       "zerocopy",
	Doc:        report.Doc(doc, "zerocopy"),
	URL:        URL,
	Run:        run,
	ResultType: report.ResultType,
	Flags:      registry.Flags("zerocopy"),
	Requires:   []*analysis.Analyzer{astx.Analyzer, zmqssa.Analyzer, buffers.Analyzer, owner.Analyzer},
}

// Diagnostic categories; each is an anchor in docs/zerocopy.md.
const (
	catModified = "modified-after-handover"
	catResent   = "resent-after-modification"
	catReused   = "reused-after-handover"
)

type checker struct {
	pass *analysis.Pass
	res  *zmqssa.Result
	buf  *buffers.Result
	diag []analysis.Diagnostic
	// reported writes and re-sends, so that a write reached from several
	// sends, or through several frames of one class, is reported once.
	done map[ssa.Instruction]bool
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return &registry.Result{}, nil // this package cannot touch ZeroMQ
	}
	c := &checker{pass: pass, res: res, buf: pass.ResultOf[buffers.Analyzer].(*buffers.Result), done: map[ssa.Instruction]bool{}}
	c.buf.Use(func() {
		for _, fn := range res.SrcFuncs {
			c.checkFunc(fn)
		}
		// After the path walks, whose findings in a method take
		// precedence over the type-level rule.
		c.checkFields(pass.ResultOf[owner.Analyzer].(*owner.Result))
	})
	return report.Flush(pass, c.diag), nil
}

// report is the single funnel of every diagnostic.
func (c *checker) report(d analysis.Diagnostic) {
	c.diag = append(c.diag, d)
}

// checkFunc follows, from every ownership-transferring send of fn, the
// paths on which the memory it handed over is written or sent again.
func (c *checker) checkFunc(fn *ssa.Function) {
	hs := c.buf.HandOvers(fn)
	if len(hs) == 0 {
		return
	}
	a := c.buf.Writer.Aliases(fn)
	for _, h := range hs {
		var classes [][]ssa.Value
		for _, t := range c.targets(a, h) {
			if sameClassSeen(a, classes, t.frame.Value) {
				continue
			}
			classes = append(classes, a.Class(t.frame.Value))
			c.follow(fn, a, hs, h, t)
			c.followViews(fn, a, h, t)
		}
	}
}

// target is memory that a send keeps: one of its frames, with the frames
// read back out of its frames slice that may be it (fs[0] when it is
// stored at index 0, fs[i], a range variable over fs), and the alias
// class of both. Writing hdr[1] or fs[0][1] is one hazard, found by one
// walk.
type target struct {
	frame buffers.Frame
	elems []buffers.Element
	class []ssa.Value
	list  string // the frames slice's source text, for messages
	// renew are the instructions that make a target read out of a frames
	// slice new memory: a received Msg's Frames (buffers.Renewals).
	renew map[ssa.Instruction]bool
}

// targets returns the memory of h's frames: each frame, joined with the
// elements of its frames slice that may be it; then the elements no known
// frame claims (a frames slice built elsewhere), as one more target.
func (c *checker) targets(a *buffers.Aliases, h *buffers.HandOver) []target {
	elems := map[ssa.Value][]buffers.Element{}
	names := map[ssa.Value]string{}
	for _, l := range h.Lists {
		if _, ok := elems[l.Value]; !ok {
			elems[l.Value] = c.buf.Elements(a.Class(l.Value))
		}
		if l.Expr != nil && names[l.Value] == "" {
			names[l.Value] = astx.Text(c.pass, l.Expr)
		}
	}
	claimed := map[ssa.Value]bool{}
	var ts []target
	for _, f := range h.Frames {
		t := target{frame: f, list: names[f.List]}
		for _, e := range elems[f.List] {
			if e.Index < 0 || f.Index < 0 || e.Index == f.Index {
				t.elems = append(t.elems, e)
				claimed[e.Value] = true
			}
		}
		ts = append(ts, t)
	}
	for _, l := range h.Lists {
		var rest []buffers.Element
		for _, e := range elems[l.Value] {
			if !claimed[e.Value] {
				rest = append(rest, e)
				claimed[e.Value] = true
			}
		}
		if len(rest) > 0 {
			// No expression: a copy of one element at the send is no fix.
			ts = append(ts, target{frame: buffers.Frame{Value: rest[0].Value, List: l.Value, Index: -1}, elems: rest, list: names[l.Value],
				renew: c.buf.Renewals(a.Class(l.Value))})
		}
	}
	for i := range ts {
		class := a.Class(ts[i].frame.Value)
		for _, e := range ts[i].elems {
			for _, v := range a.Class(e.Value) {
				if !slices.Contains(class, v) {
					class = append(class, v)
				}
			}
		}
		ts[i].class = class
	}
	return ts
}

func sameClassSeen(a *buffers.Aliases, classes [][]ssa.Value, v ssa.Value) bool {
	for _, cl := range classes {
		if a.Same(cl[0], v) {
			return true
		}
	}
	return false
}

// The walk state: bit 0 says the handed-over bytes were modified on the
// path; bit j+1 says value j of the frame's re-slice chain (buffers.Chain)
// was computed again on the path (a loop iteration), so that it may now
// stand for other memory than at the send.
const (
	unmodified uint8 = 0
	modified   uint8 = 1
)

func recomputed(j int) uint8 { return 1 << (j + 1) }

// follow walks the paths after send h of frame f (whose alias class is
// class): the first write on a path into bytes the send may share is
// reported, and a later send of the modified bytes is reported as a
// re-send. A path ends where the buffer is allocated afresh, and at
// another send of the same bytes while still unmodified (that send's own
// walk takes over).
func (c *checker) follow(fn *ssa.Function, a *buffers.Aliases, hs []*buffers.HandOver, h *buffers.HandOver, t target) {
	f, class := t.frame, t.class
	inClass := func(v ssa.Value) bool {
		for _, m := range class {
			if m == v {
				return true
			}
		}
		return false
	}
	sendOf := map[ssa.Instruction]*buffers.HandOver{}
	for _, o := range hs {
		for _, fr := range o.Frames {
			if inClass(fr.Value) {
				sendOf[o.Instr] = o
			}
		}
	}
	chain := buffers.Chain(f.Value)
	c.deferredWrites(fn, a, h, t, chain)
	flow.WalkState(h.Instr, unmodified, func(instr ssa.Instruction, s uint8) (flow.Verdict, uint8) {
		if t.renew[instr] {
			return flow.Stop, s // the frames of a new message from here on
		}
		if v, ok := instr.(ssa.Value); ok && inClass(v) {
			if c.buf.Writer.IsFresh(v) {
				return flow.Stop, s // a new buffer from here on
			}
			for j, m := range chain {
				if m == v {
					s |= recomputed(j)
				}
			}
		}
		stable := func(j int) bool { return s&recomputed(j) == 0 }
		if o := sendOf[instr]; o != nil {
			again, ok := c.sharedFrame(o, chain, stable, inClass)
			if !ok {
				return flow.Continue, s // other bytes of the same array
			}
			if s&modified != 0 && o != h && !c.done[instr] {
				c.done[instr] = true
				c.reportResent(h, o, f, again)
			}
			return flow.Stop, s
		}
		if w, ok := c.buf.Writer.Write(instr, a, class); ok {
			if !buffers.MayOverlap(chain, stable, w, isAppend(instr)) {
				return flow.Continue, s // other bytes of the same array
			}
			if s&modified == 0 && !c.done[instr] {
				c.done[instr] = true
				c.reportModified(fn, h, f, c.elemName(a, t, w), class, instr)
			}
			return flow.Continue, s | modified
		}
		return flow.Continue, s
	}, nil)
}

// sharedFrame returns the frame of send o that may share bytes with the
// frame whose re-slice chain is chain.
func (c *checker) sharedFrame(o *buffers.HandOver, chain []ssa.Value, stable func(int) bool, inClass func(ssa.Value) bool) (buffers.Frame, bool) {
	for _, fr := range o.Frames {
		if inClass(fr.Value) && buffers.MayOverlap(chain, stable, fr.Value, false) {
			return fr, true
		}
	}
	return buffers.Frame{}, false
}

// isAppend reports whether instr is a call of the append builtin, which
// writes past its argument's length into its capacity.
func isAppend(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "append"
}

// deferredWrites reports the deferred calls registered before send h (on
// every path to it) that write into target t's bytes: they run at the
// function's exit, after the send (defer clear(b), defer zero(b), a
// deferred closure that writes b). Reported at the defer statement. A
// defer registered after the send is an instruction on follow's paths.
func (c *checker) deferredWrites(fn *ssa.Function, a *buffers.Aliases, h *buffers.HandOver, t target, chain []ssa.Value) {
	all := func(int) bool { return true }
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok || c.done[d] || !flow.Before(d, h.Instr) {
				continue
			}
			w, ok := c.buf.Writer.Write(d, a, t.class)
			if !ok || !buffers.MayOverlap(chain, all, w, false) {
				continue
			}
			c.done[d] = true
			c.reportModified(fn, h, t.frame, c.elemName(a, t, w), t.class, d)
		}
	}
}
