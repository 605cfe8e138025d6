package buffers

import (
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// Analyzer is the helper pass that computes, for the packages that can
// touch ZeroMQ, which functions write into their buffer parameters
// (WritesParams), which hand them over to an ownership-transferring send
// (HandsOver) and which return one of them appended to (AppendsParam,
// appenders.go), and exports them as object facts. Checks that reason about
// buffer memory (zerocopy, multipart) Require it and use its Result; it
// reports nothing.
var Analyzer = &analysis.Analyzer{
	Name:       "zmqbuffers",
	Doc:        "compute which functions write into or hand over their byte-buffer parameters (zmqlint helper; reports nothing)",
	URL:        "https://github.com/zmqlint/zmqlint/blob/main/docs/zerocopy.md",
	Run:        run,
	Requires:   []*analysis.Analyzer{astx.Analyzer, zmqssa.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(WritesParams), new(HandsOver), new(AppendsParam)},
}

// Result answers buffer questions for one package. It is nil-safe to ask
// only when the zmqssa result has a package (Pkg != nil).
type Result struct {
	// Writer decides which instructions write into buffer memory.
	Writer *Writer

	// mu serialises the checks that share this Result: its memo tables
	// (and its Writer's and Aliases') fill lazily, and the checker runs
	// zerocopy and multipart on one package concurrently. A check calls
	// Use once around all its work with the Result.
	mu sync.Mutex

	pass *analysis.Pass
	ssa  *zmqssa.Result

	ho       [2]*summary.Table[[]*HandOver] // without, with handing channels (hoTable)
	rootMemo map[ssa.Value][]any
	sites    map[*ssa.Function][]ssa.CallInstruction
	handing  map[any]bool
	releases map[*ssa.Function]bool
}

// Use runs f while no other check uses r (see mu).
func (r *Result) Use(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	r := &Result{
		pass: pass, ssa: res,
		rootMemo: map[ssa.Value][]any{},
	}
	if res.Pkg == nil {
		if res.Helper != nil {
			// A ZeroMQ-free package of the user's code: only the
			// WritesParams facts of its exported functions, for the
			// ZeroMQ code that calls them (zmqssa.HelperCandidate).
			w := NewWriter(pass, res.Helper)
			for _, fn := range res.HelperFuncs {
				obj, ok := fn.Object().(*types.Func)
				if !ok || fn.Parent() != nil || fn.Blocks == nil || !obj.Exported() {
					continue
				}
				if f, ok := w.Fact(fn); ok {
					pass.ExportObjectFact(obj, &f)
				}
				if f, ok := w.AppendsFact(fn); ok {
					pass.ExportObjectFact(obj, &f)
				}
			}
		}
		return r, nil
	}
	r.Writer = NewWriter(pass, res.Pkg)
	r.handingRoots()
	for _, fn := range res.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Blocks == nil {
			continue
		}
		if f, ok := r.Writer.Fact(fn); ok {
			pass.ExportObjectFact(obj, &f)
		}
		if f, ok := r.handsOverFact(fn); ok {
			pass.ExportObjectFact(obj, &f)
		}
		if f, ok := r.Writer.AppendsFact(fn); ok {
			pass.ExportObjectFact(obj, &f)
		}
	}
	return r, nil
}

// handsOverFact computes the HandsOver fact of fn.
func (r *Result) handsOverFact(fn *ssa.Function) (HandsOver, bool) {
	var f HandsOver
	off := recvOffset(fn)
	for i, p := range fn.Params {
		if !r.ParamHandedOver(fn, i) {
			continue
		}
		if i < off {
			f.Recv = true
		} else {
			f.Params = append(f.Params, i-off)
		}
		_ = p
	}
	f.Params = sortedInts(f.Params)
	return f, f.Recv || len(f.Params) > 0
}

// ParamHandedOver reports whether fn, a function of this package, hands
// over the memory of its SSA parameter i (the receiver is parameter 0 of a
// method).
func (r *Result) ParamHandedOver(fn *ssa.Function, i int) bool {
	if i < 0 || i >= len(fn.Params) {
		return false
	}
	p := fn.Params[i]
	if !isBufferLike(p.Type()) {
		if _, ok := r.ssa.Model.MsgFramesField(p.Type()); !ok {
			return false
		}
	}
	return r.valueHandedOver(fn, p)
}

// Release drops what r holds (its pass, the SSA result and the memo
// tables) once no analysis of its package will read it again (see
// zmqssa.Result.Release). r must not be used afterwards.
func (r *Result) Release() {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Writer, r.pass, r.ssa = nil, nil, nil
	r.ho = [2]*summary.Table[[]*HandOver]{}
	r.rootMemo, r.sites, r.handing, r.releases = nil, nil, nil, nil
}
