package zmqapi

// goczmqLifecycle: §1.3 (CZMQ linger 0, Shutdown, Destroy).
var goczmqLifecycle = Lifecycle{CloseMethod: "Destroy"}

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
		// Sock and ReadWriter wrap a libzmq socket with no lock; a
		// Channeler serializes through its channels (§4).
		sharing: []sharingRow{
			{path, "Sock", SharedUnsafe}, {path, "ReadWriter", SharedUnsafe}, {path, "Channeler", SharedSafe},
		},
	}
}
