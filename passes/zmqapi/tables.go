package zmqapi

// The tables below are the whole of zmqlint's knowledge of the bindings.
// Each row cites the fact it rests on in docs/semantics.md ("§n").
// Signatures are written without parameter names and with the binding's
// own types unqualified; TestTablesMatchRealBindings (testdata/realapi)
// checks every row against the real packages.

const (
	pebbePath      = "github.com/pebbe/zmq4"
	pebbeDraftPath = "github.com/pebbe/zmq4/draft"
	gozmqPath      = "github.com/go-zeromq/zmq4"
	goczmqPath     = "github.com/go-zeromq/goczmq/v4"
)

// BindingPaths lists the import paths of the modelled packages that the
// drift test checks against the real bindings.
var BindingPaths = []string{pebbePath, pebbeDraftPath, gozmqPath, goczmqPath}

// LegacyPaths are older import paths of goczmq's v4 API, still used by
// much real code (the repository before it moved to go-zeromq). They get
// the same table as goczmqPath. The module proxy reachable here does not
// serve them, so the drift test cannot check them.
var LegacyPaths = []string{"github.com/zeromq/goczmq", "gopkg.in/zeromq/goczmq.v4"}

var goczmqPaths = append([]string{goczmqPath}, LegacyPaths...)

// LegacyOf maps a modelled import path to the older paths of the same API
// (their stubs are copies of its stub).
var LegacyOf = map[string][]string{goczmqPath: LegacyPaths}

type socketType struct {
	Binding   Binding
	Pkg, Name string
}

type field struct {
	Pkg, Recv, Name string
	Role            Role
}

type tables struct {
	lifecycles  map[Binding]Lifecycle
	entries     []Entry
	socketTypes []socketType
	fields      []field
}

// lifecycles: §0 L5 (libzmq linger and zmq_ctx_term), §1.3 (CZMQ linger
// 0, Shutdown, Destroy), §1.2 (go-zeromq: no context, no linger).
var lifecycles = map[Binding]Lifecycle{
	Pebbe: {CloseMethod: "Close", TermWaits: true, InfiniteLinger: true,
		ZeroLingerTypes: []string{"SUB", "XSUB", "DISH"}, LingerIsDuration: true},
	GoZeromq: {CloseMethod: "Close"},
	Goczmq:   {CloseMethod: "Destroy"},
}

func allTables() tables {
	t := tables{lifecycles: lifecycles}
	t.add(pebbeTable(pebbePath, false))
	t.add(pebbeTable(pebbeDraftPath, true))
	t.add(gozmqTable())
	for _, path := range goczmqPaths {
		t.add(goczmqTable(path))
	}
	return t
}

func (t *tables) add(u tables) {
	t.entries = append(t.entries, u.entries...)
	t.socketTypes = append(t.socketTypes, u.socketTypes...)
	t.fields = append(t.fields, u.fields...)
}

// row builds an entry with "not applicable" defaults.
func row(b Binding, pkg, recv, name string, role Role, sig string) Entry {
	return Entry{Binding: b, Pkg: pkg, Recv: recv, Name: name, Role: role, Sig: sig,
		FlagArg: -1, BufArg: -1, SocketTypeArg: -1, Lifecycle: lifecycles[b]}
}

// pebbeTable: §1.1, §3.1, §5. The draft package has the same API, with an
// extra variadic options argument on Send/SendBytes and two more receives.
func pebbeTable(pkg string, draft bool) tables {
	p := func(recv, name string, role Role, sig string) Entry {
		return row(Pebbe, pkg, recv, name, role, sig)
	}
	sendOpts := ""
	if draft {
		sendOpts = ", ...interface{}"
	}
	newSock := p("Context", "NewSocket", NewSocket, "func(Type) (*Socket, error)")
	newSock.NilOnError, newSock.SocketTypeArg = true, 0
	newSockDefault := p("", "NewSocket", NewSocket, "func(Type) (*Socket, error)")
	newSockDefault.NilOnError, newSockDefault.SocketTypeArg, newSockDefault.DefaultContext = true, 0, true
	sendBytes := p("Socket", "SendBytes", CopySend, "func([]byte, Flag"+sendOpts+") (int, error)")
	sendBytes.FlagArg, sendBytes.MoreFlag, sendBytes.BufArg = 1, "SNDMORE", 0
	send := p("Socket", "Send", CopySend, "func(string, Flag"+sendOpts+") (int, error)")
	send.FlagArg, send.MoreFlag, send.BufArg = 1, "SNDMORE", 0
	term := p("", "Term", Term, "func() error")
	term.DefaultContext = true
	blocky := p("", "SetBlocky", SetBlocky, "func(bool) error")
	blocky.DefaultContext = true

	t := tables{entries: []Entry{
		func() Entry {
			e := p("", "NewContext", NewContext, "func() (*Context, error)")
			e.NilOnError = true
			return e
		}(),
		newSock, newSockDefault,
		p("Socket", "Close", Close, "func() error"),
		p("Context", "Term", Term, "func() error"),
		term,
		p("Socket", "SetLinger", SetLinger, "func(time.Duration) error"),
		p("Context", "SetBlocky", SetBlocky, "func(bool) error"),
		blocky,
		sendBytes, send,
		p("Socket", "SendMessage", CopySend, "func(...interface{}) (int, error)"),
		p("Socket", "SendMessageDontwait", CopySend, "func(...interface{}) (int, error)"),
		p("Socket", "Recv", Recv, "func(Flag) (string, error)"),
		p("Socket", "RecvBytes", Recv, "func(Flag) ([]byte, error)"),
		p("Socket", "RecvMessage", Recv, "func(Flag) ([]string, error)"),
		p("Socket", "RecvMessageBytes", Recv, "func(Flag) ([][]byte, error)"),
		p("Socket", "RecvWithMetadata", Recv, "func(Flag, ...string) (string, map[string]string, error)"),
		p("Socket", "RecvBytesWithMetadata", Recv, "func(Flag, ...string) ([]byte, map[string]string, error)"),
		p("Socket", "RecvMessageWithMetadata", Recv, "func(Flag, ...string) ([]string, map[string]string, error)"),
		p("Socket", "RecvMessageBytesWithMetadata", Recv, "func(Flag, ...string) ([][]byte, map[string]string, error)"),
		p("Socket", "RecvEvent", Recv, "func(Flag) (Event, string, int, error)"),
		p("Poller", "Add", PollRegister, "func(*Socket, State) int"),
		p("Reactor", "AddSocket", PollRegister, "func(*Socket, State, func(State) error)"),
	}, socketTypes: []socketType{{Pebbe, pkg, "Socket"}}}
	if draft {
		t.entries = append(t.entries,
			p("Socket", "RecvWithOpts", Recv, "func(Flag, ...interface{}) (string, []interface{}, error)"),
			p("Socket", "RecvBytesWithOpts", Recv, "func(Flag, ...interface{}) ([]byte, []interface{}, error)"),
		)
	}
	return t
}

// gozmqTable: §1.2, §3.2, §5. Every Send/SendMulti is treated as an
// ownership-transferring send: the concrete socket type hides behind the
// Socket interface, and any socket keeps the frames over inproc:// or when
// Send fails by timeout (§6.1, §6.2).
func gozmqTable() tables {
	g := func(recv, name string, role Role, sig string) Entry {
		return row(GoZeromq, gozmqPath, recv, name, role, sig)
	}
	ctor := func(name, typ string) Entry {
		e := g("", name, NewSocket, "func(context.Context, ...Option) Socket")
		e.SocketType = typ
		return e
	}
	send := g("Socket", "Send", HandOverSend, "func(Msg) error")
	send.BufArg = 0
	sendMulti := g("Socket", "SendMulti", HandOverSend, "func(Msg) error")
	sendMulti.BufArg = 0
	newMsg := g("", "NewMsg", AliasMsg, "func([]byte) Msg")
	newMsg.BufArg = 0
	newMsgFrom := g("", "NewMsgFrom", AliasMsg, "func(...[]byte) Msg")
	newMsgFrom.BufArg = 0
	return tables{entries: []Entry{
		ctor("NewPub", "PUB"), ctor("NewSub", "SUB"), ctor("NewXPub", "XPUB"), ctor("NewXSub", "XSUB"),
		ctor("NewPush", "PUSH"), ctor("NewPull", "PULL"), ctor("NewReq", "REQ"), ctor("NewRep", "REP"),
		ctor("NewDealer", "DEALER"), ctor("NewRouter", "ROUTER"), ctor("NewPair", "PAIR"),
		send, sendMulti,
		g("Socket", "Recv", Recv, "func() (Msg, error)"),
		g("Socket", "Close", Close, "func() error"),
		newMsg, newMsgFrom,
		g("", "NewMsgString", CopyMsg, "func(string) Msg"),
		g("", "NewMsgFromString", CopyMsg, "func([]string) Msg"),
		g("Msg", "Clone", CopyMsg, "func() Msg"),
	}, socketTypes: []socketType{{GoZeromq, gozmqPath, "Socket"}}}
}

// goczmqTable (for import path path): §1.3, §3.3, §5. Constructors return a socket even when they
// fail, so the error path still owns (and must destroy) it.
func goczmqTable(path string) tables {
	z := func(recv, name string, role Role, sig string) Entry {
		return row(Goczmq, path, recv, name, role, sig)
	}
	ctor := func(name, typ, sig string) Entry {
		e := z("", name, NewSocket, sig)
		e.SocketType = typ
		return e
	}
	std := "func(string, ...SockOption) (*Sock, error)"
	chn := "func(string, ...SockOption) *Channeler"
	newSock := z("", "NewSock", NewSocket, "func(int, ...SockOption) *Sock")
	newSock.SocketTypeArg = 0
	sendFrame := z("Sock", "SendFrame", CopySend, "func([]byte, int) error")
	sendFrame.FlagArg, sendFrame.MoreFlag, sendFrame.BufArg = 1, "FlagMore", 0
	entries := []Entry{
		newSock,
		ctor("NewPub", "PUB", std), ctor("NewSub", "SUB", "func(string, string, ...SockOption) (*Sock, error)"),
		ctor("NewRep", "REP", std), ctor("NewReq", "REQ", std), ctor("NewPull", "PULL", std),
		ctor("NewPush", "PUSH", std), ctor("NewRouter", "ROUTER", std), ctor("NewDealer", "DEALER", std),
		ctor("NewXPub", "XPUB", std), ctor("NewXSub", "XSUB", std), ctor("NewPair", "PAIR", std),
		ctor("NewStream", "STREAM", std),
		ctor("NewPubChanneler", "PUB", chn), ctor("NewSubChanneler", "SUB", "func(string, ...interface{}) *Channeler"),
		ctor("NewRepChanneler", "REP", chn), ctor("NewReqChanneler", "REQ", chn), ctor("NewPullChanneler", "PULL", chn),
		ctor("NewPushChanneler", "PUSH", chn), ctor("NewRouterChanneler", "ROUTER", chn),
		ctor("NewDealerChanneler", "DEALER", chn), ctor("NewXPubChanneler", "XPUB", chn),
		ctor("NewXSubChanneler", "XSUB", chn), ctor("NewPairChanneler", "PAIR", chn),
		ctor("NewStreamChanneler", "STREAM", chn),
		z("Sock", "Destroy", Close, "func()"),
		z("ReadWriter", "Destroy", Close, "func()"),
		z("Channeler", "Destroy", Close, "func()"),
		z("", "Shutdown", Term, "func()"),
		sendFrame,
		z("Sock", "SendMessage", CopySend, "func([][]byte) error"),
		z("Sock", "Write", CopySend, "func([]byte) (int, error)"),
		z("ReadWriter", "Write", CopySend, "func([]byte) (int, error)"),
		z("Sock", "RecvFrame", Recv, "func() ([]byte, int, error)"),
		z("Sock", "RecvFrameNoWait", Recv, "func() ([]byte, int, error)"),
		z("Sock", "RecvMessage", Recv, "func() ([][]byte, error)"),
		z("Sock", "RecvMessageNoWait", Recv, "func() ([][]byte, error)"),
		z("Sock", "Read", Recv, "func([]byte) (int, error)"),
		z("ReadWriter", "Read", Recv, "func([]byte) (int, error)"),
		z("", "NewReadWriter", TakeOwnership, "func(*Sock) (*ReadWriter, error)"),
	}
	return tables{
		entries: entries,
		socketTypes: []socketType{
			{Goczmq, path, "Sock"}, {Goczmq, path, "ReadWriter"}, {Goczmq, path, "Channeler"},
		},
		fields: []field{{path, "Channeler", "SendChan", HandOverSend}},
	}
}
