package zmqapi

import (
	"go/constant"
	"go/token"
	"go/types"
)

// Binding traps: calls and socket types whose misuse crashes a process,
// hangs its exit or corrupts messages, for the misuse check. Each table
// cites the binding source it rests on (docs/misuse.md has the details and
// where docs/semantics.md is wrong or incomplete).

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

// trapRows: pebbe auth.go (AuthStart, AuthStop) and polling.go (Poller
// Add, Remove, RemoveBySocket: poll returns ErrorSocketClosed as long as a
// closed socket is registered), for the package and its draft twin.
var trapRows = func() []TrapRow {
	var rows []TrapRow
	for _, pkg := range []string{pebbePath, pebbeDraftPath} {
		rows = append(rows,
			TrapRow{pkg, "", "AuthStart", AuthStart, "func() error"},
			TrapRow{pkg, "", "AuthStop", AuthStop, "func()"},
			TrapRow{pkg, "Poller", "Add", PollAdd, "func(*Socket, State) int"},
			TrapRow{pkg, "Poller", "RemoveBySocket", PollRemove, "func(*Socket) error"},
			TrapRow{pkg, "Poller", "Remove", PollRemoveID, "func(int) error"},
		)
	}
	return rows
}()

var traps = func() map[key]Trap {
	m := map[key]Trap{}
	for _, r := range trapRows {
		m[key{r.Pkg, r.Recv, r.Name}] = r.Trap
	}
	return m
}()

// TrapRows returns the trap table, in order.
func (m *Model) TrapRows() []TrapRow { return append([]TrapRow(nil), trapRows...) }

// TrapOf returns the trap of fn (generic origin), or NoTrap.
func (m *Model) TrapOf(fn *types.Func) Trap {
	if fn == nil || fn.Pkg() == nil {
		return NoTrap
	}
	fn = fn.Origin()
	return traps[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
}

// emptyMsgPanics lists, per binding, the socket types whose writer reads
// msg.Frames[0] without a length check, so that sending a Msg without
// frames panics: go-zeromq PUB and XPUB in the background goroutine that
// drains the queue (pub.go pubMWriter.run/sendMsg; xpub.go NewXPub uses
// newPubMWriter), which kills the process; ROUTER in Send itself, with the
// writer's mutex held (router.go routerMWriter.write), so a recovered
// panic leaves every later Send blocked.
var emptyMsgPanics = map[Binding][]string{GoZeromq: {"PUB", "XPUB", "ROUTER"}}

// EmptyMsgPanics reports whether sending a message without frames on a
// socket of type typ (a constructor's SocketType) of binding b panics.
func (m *Model) EmptyMsgPanics(b Binding, typ string) bool {
	for _, t := range emptyMsgPanics[b] {
		if t == typ {
			return true
		}
	}
	return false
}

// msgFramesArgs lists the message constructors one of whose arguments is
// the list of frames, one frame per element: go-zeromq NewMsgFrom(frames
// ...[]byte) makes Msg{Frames: frames}, NewMsgFromString(frames []string)
// one frame per string (msg.go). NewMsg and NewMsgString always make one
// frame.
var msgFramesArgs = map[key]int{
	{gozmqPath, "", "NewMsgFrom"}:       0,
	{gozmqPath, "", "NewMsgFromString"}: 0,
}

// MsgFramesArg returns the index of the argument of message constructor
// fn that lists the message's frames.
func (m *Model) MsgFramesArg(fn *types.Func) (int, bool) {
	if fn == nil || fn.Pkg() == nil {
		return -1, false
	}
	fn = fn.Origin()
	i, ok := msgFramesArgs[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
	return i, ok
}

// sharedRecvFrames lists, per binding and socket type, the index of a
// received frame whose bytes are shared by every message from the same
// peer: go-zeromq ROUTER prepends one id slice, made once per connection,
// to each message it receives (router.go routerQReader.listen:
// id := []byte(peerID); msg.Frames = append([][]byte{id}, msg.Frames...)).
var sharedRecvFrames = map[Binding]map[string]int{GoZeromq: {"ROUTER": 0}}

// SharedRecvFrame returns the index of the received frame of a socket of
// type typ of binding b that all messages of one peer share.
func (m *Model) SharedRecvFrame(b Binding, typ string) (int, bool) {
	i, ok := sharedRecvFrames[b][typ]
	return i, ok
}

// LeakFlag is a flag of a send that leaks memory on every call.
type LeakFlag struct {
	// Arg is the index of the flags argument among the explicit
	// arguments; Flag the name of the constant in the callee's package.
	Arg  int
	Flag string
}

// leakFlags: goczmq SendFrame builds a new zframe per call and hands it to
// zframe_send, which with ZFRAME_REUSE sends a copy and never destroys the
// frame; the Go helper drops the pointer (goczmq sock.go Sock_sendframe,
// SendFrame; czmq src/zframe.c zframe_send).
var leakFlags = func() map[key]LeakFlag {
	m := map[key]LeakFlag{}
	for _, path := range goczmqPaths {
		m[key{path, "Sock", "SendFrame"}] = LeakFlag{Arg: 1, Flag: "FlagReuse"}
	}
	return m
}()

// LeakFlagOf returns the leaking flag of send fn, if it has one.
func (m *Model) LeakFlagOf(fn *types.Func) (LeakFlag, bool) {
	if fn == nil || fn.Pkg() == nil {
		return LeakFlag{}, false
	}
	fn = fn.Origin()
	f, ok := leakFlags[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
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
