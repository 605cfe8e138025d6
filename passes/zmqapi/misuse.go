package zmqapi

import (
	"go/constant"
	"go/token"
	"go/types"
)

// Binding traps: calls and socket types whose misuse crashes a process,
// hangs its exit or corrupts messages, for the misuse check. The rows are
// in each binding's file (pebbe.go, gozeromq.go, goczmq.go), with the
// binding source they rest on; this file has their types and lookups
// (docs/misuse.md has the details and where docs/semantics.md is wrong or
// incomplete).

// Trap is what a call does that the misuse check follows.
type Trap uint8

const (
	NoTrap Trap = iota
	// AuthStart starts pebbe's ZAP handler: it opens a REP and a REQ
	// socket in the default context; the handler goroutine closes the
	// REP when the context terminates, but only AuthStop closes the REQ
	// (pebbe/zmq4 auth.go AuthStart, auth_do_handler, AuthStop), so a
	// Term of the default context hangs while auth runs.
	AuthStart
	// AuthStop stops the ZAP handler (a no-op when it is not running).
	AuthStop
	// PollAdd registers argument 0 (a socket) with the receiver poller.
	PollAdd
	// PollRemove takes argument 0 (a socket) off the receiver poller
	// (RemoveBySocket).
	PollRemove
	// PollRemoveID takes the socket registered under id argument 0 off
	// the receiver poller (Remove).
	PollRemoveID
)

// TrapRow is one row of the trap table, for the drift test.
type TrapRow struct {
	Pkg, Recv, Name string
	Trap            Trap
	Sig             string
}

// The row types of the trap tables.
type (
	typeRef struct {
		Binding Binding
		Type    string
	}
	sharedRow struct {
		Binding Binding
		Type    string
		Frame   int
	}
	leakRow struct {
		Pkg, Recv, Name string
		Flag            LeakFlag
	}
	argRow struct {
		Pkg, Recv, Name string
		Arg             int
	}
)

// misuseIndex is the trap tables of allTables, indexed; built once.
var misuseIndex = func() (ix struct {
	rows        []TrapRow
	traps       map[key]Trap
	emptyPanics map[typeRef]bool
	sharedRecv  map[typeRef]int
	leakFlags   map[key]LeakFlag
	frameArgs   map[key]int
}) {
	t := allTables()
	ix.rows = t.traps
	ix.traps = map[key]Trap{}
	for _, r := range t.traps {
		ix.traps[key{r.Pkg, r.Recv, r.Name}] = r.Trap
	}
	ix.emptyPanics = map[typeRef]bool{}
	for _, r := range t.emptyPanics {
		ix.emptyPanics[r] = true
	}
	ix.sharedRecv = map[typeRef]int{}
	for _, r := range t.sharedRecv {
		ix.sharedRecv[typeRef{r.Binding, r.Type}] = r.Frame
	}
	ix.leakFlags = map[key]LeakFlag{}
	for _, r := range t.leakFlags {
		ix.leakFlags[key{r.Pkg, r.Recv, r.Name}] = r.Flag
	}
	ix.frameArgs = map[key]int{}
	for _, r := range t.frameArgs {
		ix.frameArgs[key{r.Pkg, r.Recv, r.Name}] = r.Arg
	}
	return ix
}()

// TrapRows returns the trap table, in order.
func (m *Model) TrapRows() []TrapRow { return append([]TrapRow(nil), misuseIndex.rows...) }

// TrapOf returns the trap of fn (generic origin), or NoTrap.
func (m *Model) TrapOf(fn *types.Func) Trap {
	if fn == nil || fn.Pkg() == nil {
		return NoTrap
	}
	fn = fn.Origin()
	return misuseIndex.traps[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
}

// EmptyMsgPanics reports whether sending a message without frames on a
// socket of type typ (a constructor's SocketType) of binding b panics.
func (m *Model) EmptyMsgPanics(b Binding, typ string) bool {
	return misuseIndex.emptyPanics[typeRef{b, typ}]
}

// MsgFramesArg returns the index of the argument of message constructor
// fn that lists the message's frames.
func (m *Model) MsgFramesArg(fn *types.Func) (int, bool) {
	if fn == nil || fn.Pkg() == nil {
		return -1, false
	}
	fn = fn.Origin()
	i, ok := misuseIndex.frameArgs[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
	return i, ok
}

// SharedRecvFrame returns the index of the received frame of a socket of
// type typ of binding b that all messages of one peer share.
func (m *Model) SharedRecvFrame(b Binding, typ string) (int, bool) {
	i, ok := misuseIndex.sharedRecv[typeRef{b, typ}]
	return i, ok
}

// LeakFlag is a flag of a send that leaks memory on every call.
type LeakFlag struct {
	// Arg is the index of the flags argument among the explicit
	// arguments; Flag the name of the constant in the callee's package.
	Arg  int
	Flag string
}

// LeakFlagOf returns the leaking flag of send fn, if it has one.
func (m *Model) LeakFlagOf(fn *types.Func) (LeakFlag, bool) {
	if fn == nil || fn.Pkg() == nil {
		return LeakFlag{}, false
	}
	fn = fn.Origin()
	f, ok := misuseIndex.leakFlags[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
	return f, ok
}

// Has reports whether the constant flags value v, passed to a send of
// package pkg, has the bit of the leaking flag.
func (f LeakFlag) Has(pkg *types.Package, v constant.Value) bool {
	if pkg == nil || v == nil || v.Kind() != constant.Int {
		return false
	}
	c, ok := pkg.Scope().Lookup(f.Flag).(*types.Const)
	if !ok {
		return false
	}
	return constant.Sign(constant.BinaryOp(v, token.AND, c.Val())) != 0
}

// Bit returns the value of the leaking flag in pkg.
func (f LeakFlag) Bit(pkg *types.Package) constant.Value {
	if pkg == nil {
		return nil
	}
	if c, ok := pkg.Scope().Lookup(f.Flag).(*types.Const); ok {
		return c.Val()
	}
	return nil
}
