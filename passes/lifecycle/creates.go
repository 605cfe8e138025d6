package lifecycle

import (
	"fmt"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/internal/summary"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// CreatesFact is an object fact on a function that creates a socket or
// context and hands it to its caller as result Result, and keeps no other
// reference to it: a constructor wrapper such as
//
//	func newSub(ep string) (*zmq.Socket, error)
//
// Its callers own the result, so lifecycle checks them as if they had
// called the binding's constructor. NilOnError: every return that gives a
// non-nil error gives a nil result. LiveOnError: some return gives the
// created socket together with an error that may be non-nil (a wrapper of
// a goczmq constructor, which returns a live socket on error, or "return
// s, err" after a failed Connect): the caller's error path owns it
// (NilOnError is then false). MayBeNil: with LiveOnError, some other
// return may give a nil result, so a caller's fix guards its close with a
// nil check.
type CreatesFact struct {
	Result      int
	Context     bool
	NilOnError  bool
	LiveOnError bool
	MayBeNil    bool
	Binding     zmqapi.Binding
}

func (*CreatesFact) AFact() {}

func (f *CreatesFact) String() string {
	kind := "Socket"
	if f.Context {
		kind = "Context"
	}
	s := fmt.Sprintf("creates%s(%d)", kind, f.Result)
	if f.NilOnError {
		s += " nilOnError"
	}
	if f.LiveOnError {
		s += " liveOnError"
	}
	if f.MayBeNil {
		s += " mayBeNil"
	}
	return s
}

// constructorOf returns the constructor entry for a call: a binding
// constructor, or a function with a CreatesFact (factOf: this package's
// functions' summaries, imported for others' ones), and the result index
// of the socket, and the wrapper's fact (nil for a binding constructor).
func (c *checker) constructorOf(ci *ssa.Call, call zmqssa.Call, factOf func(*ssa.Function) *CreatesFact) (*zmqapi.Entry, int, *CreatesFact) {
	if call.Entry != nil {
		if call.Entry.Role == zmqapi.NewSocket || call.Entry.Role == zmqapi.NewContext {
			return call.Entry, 0, nil
		}
		return nil, 0, nil
	}
	callee := ci.Call.StaticCallee()
	if callee == nil {
		return nil, 0, nil
	}
	f := factOf(callee)
	if f == nil {
		return nil, 0, nil
	}
	role := zmqapi.NewSocket
	if f.Context {
		role = zmqapi.NewContext
	}
	return c.res.Model.Wrapper(f.Binding, role, f.NilOnError), f.Result, f
}

// newCreates returns the table of this package's constructor wrappers
// (createsSocket), on the one summary framework: callees first, other
// packages' functions from their CreatesFact. A nil summary is "creates
// nothing". A cycle (a recursive wrapper) starts from it, as the recursion
// guard of the memo this replaces answered for a function in progress, and
// an unsettled one ends with it: a false "creates" would make callers own
// what they may not.
func (c *checker) newCreates() *summary.Table[*CreatesFact] {
	return summary.New(summary.Config[*CreatesFact]{
		Pkg: c.res.Pkg,
		Compute: func(fn *ssa.Function, get func(*ssa.Function) (*CreatesFact, bool)) *CreatesFact {
			return c.computeCreates(fn, get)
		},
		Equal: func(a, b *CreatesFact) bool {
			if a == nil || b == nil {
				return a == b
			}
			return *a == *b
		},
		Import: func(obj *types.Func) (*CreatesFact, bool) {
			var f CreatesFact
			if c.pass.ImportObjectFact(obj, &f) {
				return &f, true
			}
			return nil, false
		},
	})
}

// createsFact returns fn's CreatesFact, or nil.
func (c *checker) createsFact(fn *ssa.Function) *CreatesFact {
	f, _ := c.creates.Of(fn)
	return f
}

// computeCreates decides whether fn is a constructor wrapper: exactly one
// of the sockets or contexts it creates escapes, only by being returned,
// always as the same result, and no path leaks it. Its callees' facts come
// from get, which on a cycle gives approximations: the resources found are
// kept as a draft (see resources), not in the resource memo.
func (c *checker) computeCreates(fn *ssa.Function, get func(*ssa.Function) (*CreatesFact, bool)) *CreatesFact {
	if _, ok := fn.Object().(*types.Func); !ok || fn.Signature.Results().Len() == 0 {
		return nil // a function literal or a synthetic wrapper: never a constructor
	}
	d := draft{used: map[*ssa.Function]*CreatesFact{}}
	d.rs = c.findResources(fn, func(g *ssa.Function) *CreatesFact {
		if g == fn {
			return nil // see notSelf
		}
		f, _ := get(g)
		d.used[g] = f
		return f
	})
	c.drafts[fn] = d
	var found *CreatesFact
	for _, r := range d.rs {
		k, ok := returnedOnly(r)
		if !ok {
			continue
		}
		c.findLeaks(r)
		if r.loop || len(r.leaks) > 0 || found != nil {
			return nil // leaks, or two candidates: not a simple constructor
		}
		found = &CreatesFact{Result: k, Context: r.context, Binding: r.call.Entry.Binding, NilOnError: nilOnError(fn, k)}
		if c.liveOnError(r, k) {
			found.NilOnError, found.LiveOnError, found.MayBeNil = false, true, mayBeNil(r, k)
		}
	}
	return found
}

// notSelf is factOf for fn's own body: a recursive call of fn is not a
// constructor there. A recursive wrapper ("retry: return dial(ep, n-1)")
// hands its caller what the inner call created; taken as a second
// candidate it would stop being a wrapper, and on the table it would
// oscillate (wrapper, then two candidates, ...) to unknown. This is what
// the memo's recursion guard answered before the table.
func notSelf(fn *ssa.Function, factOf func(*ssa.Function) *CreatesFact) func(*ssa.Function) *CreatesFact {
	return func(g *ssa.Function) *CreatesFact {
		if g == fn {
			return nil
		}
		return factOf(g)
	}
}

// draft is the resources of a function found by the latest computeCreates
// of it, and the callees' facts that it used. They are the function's
// resources once those facts are final (always, outside a cycle; on a
// settled cycle, the last round's): resources then reuses them rather
// than tracking every socket again.
type draft struct {
	rs   []*resource
	used map[*ssa.Function]*CreatesFact
}

// current reports whether d was computed with the final facts.
func (c *checker) current(d draft) bool {
	for g, f := range d.used {
		final := c.createsFact(g)
		if (f == nil) != (final == nil) || (f != nil && *f != *final) {
			return false
		}
	}
	return true
}

// liveOnError reports whether a return of wrapper r.fn that some path from
// r's creation reaches (past its constructor's error check, if the
// constructor is nil-on-error) gives r as result k together with an error
// result that is not the constant nil, and is not the constructor's own
// error (nil-on-error: r is nil when that one is set).
func (c *checker) liveOnError(r *resource, k int) bool {
	last := r.fn.Signature.Results().Len() - 1
	if last == k || !isErrorType(r.fn.Signature.Results().At(last).Type()) {
		return false
	}
	return flow.Walk(r.create, func(instr ssa.Instruction) flow.Verdict {
		switch r.track.Events[instr] {
		case flow.Close, flow.DeferClose:
			return flow.Stop
		}
		if isNoReturnCall(c.res, instr) {
			return flow.Stop
		}
		ret, ok := instr.(*ssa.Return)
		if !ok {
			return flow.Continue
		}
		if len(ret.Results) <= last || !r.track.Values[ret.Results[k]] {
			return flow.Stop
		}
		e := ret.Results[last]
		if isNilConst(e) || (r.errVal != nil && onlyErr(e, r.errVal, map[ssa.Value]bool{})) {
			return flow.Stop
		}
		return flow.Found
	}, r.skip) != nil
}

// mayBeNil reports whether a caller of live-on-error wrapper r.fn may get
// a nil result k: r's constructor is itself nil-on-error or may give nil,
// or some return of the wrapper gives another value than r.
func mayBeNil(r *resource, k int) bool {
	if r.errVal != nil || r.maybeNil {
		return true
	}
	for _, b := range r.fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if len(ret.Results) <= k || !r.track.Values[ret.Results[k]] {
				return true
			}
		}
	}
	return false
}

func isNilConst(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value == nil
}

func isErrorType(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// returnedOnly reports whether every escape of r is a return of it as the
// same result, and there is at least one. (It may be closed on the paths
// that fail, and is not deferred-closed: that would close what the
// caller gets.)
func returnedOnly(r *resource) (int, bool) {
	k := -1
	for instr, e := range r.track.Events {
		switch e {
		case flow.DeferClose:
			return 0, false
		case flow.Escape:
			ret, ok := instr.(*ssa.Return)
			if !ok {
				return 0, false
			}
			idx := -1
			for i, v := range ret.Results {
				if r.track.Values[v] {
					if idx >= 0 {
						return 0, false
					}
					idx = i
				}
			}
			if idx < 0 || (k >= 0 && idx != k) {
				return 0, false
			}
			k = idx
		}
	}
	return k, k >= 0
}

// nilOnError reports whether callers should leave a constructor wrapper's
// error path out: when the wrapper returns an error as its last result, we
// assume, as for pebbe's constructors, that the result is not the
// caller's to close when the error is non-nil. Proving it would need the
// wrapper's every return; assuming the opposite reports the common
// "return nil, err" wrappers' callers falsely. (Precision first.)
func nilOnError(fn *ssa.Function, k int) bool {
	res := fn.Signature.Results()
	last := res.Len() - 1
	return last != k && types.Identical(res.At(last).Type(), types.Universe.Lookup("error").Type())
}

// exportCreates exports the CreatesFact of this package's constructor
// wrappers.
func (c *checker) exportCreates() {
	for _, fn := range c.res.SrcFuncs {
		if fn.Parent() != nil {
			continue
		}
		if f := c.createsFact(fn); f != nil {
			obj := fn.Object().(*types.Func)
			c.pass.ExportObjectFact(obj.Origin(), f)
		}
	}
}

// onlyErr reports whether v is err, through phis whose other edges are nil
// constants or such phis: "for ... { s, err = New() }; return s, err".
func onlyErr(v, err ssa.Value, seen map[ssa.Value]bool) bool {
	if v == err {
		return true
	}
	phi, ok := v.(*ssa.Phi)
	if !ok {
		return false
	}
	if seen[v] {
		return true
	}
	seen[v] = true
	for _, e := range phi.Edges {
		if !isNilConst(e) && !onlyErr(e, err, seen) {
			return false
		}
	}
	return true
}
