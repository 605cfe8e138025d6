package zmqapi

// pebbeLifecycle: §0 L5 (libzmq linger and zmq_ctx_term).
var pebbeLifecycle = Lifecycle{CloseMethod: "Close", TermWaits: true, InfiniteLinger: true,
	ZeroLingerTypes: []string{"SUB", "XSUB", "DISH"}, LingerIsDuration: true}

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
	}, socketTypes: []socketType{{Pebbe, pkg, "Socket"}},
		polls: []key{{pkg, "Poller", "Poll"}, {pkg, "Poller", "PollAll"}, {pkg, "Reactor", "Run"}},
	}
	// The draft package's sockets are thread-safe when created with one
	// of libzmq's thread-safe draft types (sharing.go).
	t.sharing = []sharingRow{{pkg, "Socket", SharedUnsafe}}
	if draft {
		t.sharing = []sharingRow{{pkg, "Socket", SharedByType}}
	}
	if draft {
		t.entries = append(t.entries,
			p("Socket", "RecvWithOpts", Recv, "func(Flag, ...interface{}) (string, []interface{}, error)"),
			p("Socket", "RecvBytesWithOpts", Recv, "func(Flag, ...interface{}) ([]byte, []interface{}, error)"),
		)
	}
	return t
}
