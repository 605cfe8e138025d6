package zmqssa

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// Call is a call instruction resolved to what it calls.
type Call struct {
	Instr ssa.CallInstruction
	// Callee is the called function or method (generic origin), nil for
	// a dynamic call through a function value.
	Callee *types.Func
	// Entry is the binding table row for Callee, nil if Callee is not a
	// binding function.
	Entry *zmqapi.Entry
	// Recv is the receiver of a method call, however it was written:
	// a static call, an interface call, a method value (bound closure)
	// or a method expression. Nil for package-level functions.
	Recv ssa.Value
	// Args are the explicit arguments, without the receiver.
	Args []ssa.Value
}

// Resolve resolves a call, go or defer instruction. Static calls, method
// values, method expressions and interface method calls (go-zeromq's
// Socket) are all mapped to their *types.Func by object identity.
func (r *Result) Resolve(instr ssa.CallInstruction) Call {
	return Resolve(r.Model, instr)
}

// Resolve is Result.Resolve for callers without a Result.
func Resolve(m *zmqapi.Model, instr ssa.CallInstruction) Call {
	c := Call{Instr: instr}
	common := instr.Common()
	if common.IsInvoke() {
		c.Callee = common.Method
		c.Recv = common.Value
		c.Args = common.Args
	} else if fn := common.StaticCallee(); fn != nil {
		obj, _ := fn.Object().(*types.Func)
		c.Callee = obj
		args := common.Args
		if obj != nil && isMethod(obj) {
			switch {
			case fn.Signature.Recv() != nil && len(args) > 0:
				// Static method call: receiver is the first argument.
				c.Recv, args = args[0], args[1:]
			case isBound(fn, common.Value):
				// Method value: the receiver is bound in the closure.
				c.Recv = common.Value.(*ssa.MakeClosure).Bindings[0]
			case len(args) > 0 && len(fn.Params) == len(args) && fn.Signature.Recv() == nil:
				// Method expression thunk: receiver is the first argument.
				c.Recv, args = args[0], args[1:]
			}
		}
		c.Args = args
	} else {
		c.Args = common.Args
	}
	if c.Callee != nil {
		c.Callee = c.Callee.Origin()
		c.Entry = m.Lookup(c.Callee)
	}
	return c
}

func isMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

func isBound(fn *ssa.Function, v ssa.Value) bool {
	mc, ok := v.(*ssa.MakeClosure)
	return ok && mc.Fn == fn && len(mc.Bindings) == 1 && len(fn.FreeVars) == 1
}

// Role returns the role of the resolved call, None if unknown.
func (c Call) Role() zmqapi.Role {
	if c.Entry == nil {
		return zmqapi.None
	}
	return c.Entry.Role
}
