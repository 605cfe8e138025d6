package zmqapi

// gozmqLifecycle: §1.2 (go-zeromq: no context, no linger).
var gozmqLifecycle = Lifecycle{CloseMethod: "Close"}

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
	}, socketTypes: []socketType{{GoZeromq, gozmqPath, "Socket"}},
		// Send is locked and Recv is fed by a channel (§4).
		sharing: []sharingRow{{gozmqPath, "Socket", SharedSafe}},
		// §1.2: "Msg is a value struct {Frames [][]byte; ...}, so copying
		// a Msg copies slice headers only".
		msgs: []msgType{{gozmqPath, "Msg", "Frames"}},
	}
}
