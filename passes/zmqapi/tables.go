package zmqapi

// The tables are the whole of zmqlint's knowledge of the bindings, one
// file per binding (pebbe.go, gozeromq.go, goczmq.go). Each row cites the fact it rests on in docs/semantics.md ("§n").
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

// tables is what one binding package contributes to the model.
type tables struct {
	lifecycles  map[Binding]Lifecycle
	entries     []Entry
	socketTypes []socketType
	fields      []field
	sharing     []sharingRow
	polls       []key // calls that poll every socket registered with the receiver
	msgs        []msgType
}

// sharingRow says how a socket type of a binding may be shared between
// goroutines.
type sharingRow struct {
	Pkg, Name string
	Sharing   Sharing
}

// msgType is a message type whose frames field carries the caller's frame
// slices.
type msgType struct{ Pkg, Name, FramesField string }

// lifecycles is each binding's lifecycle behaviour, declared in the
// binding's own file.
var lifecycles = map[Binding]Lifecycle{
	Pebbe:    pebbeLifecycle,
	GoZeromq: gozmqLifecycle,
	Goczmq:   goczmqLifecycle,
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
	t.sharing = append(t.sharing, u.sharing...)
	t.polls = append(t.polls, u.polls...)
	t.msgs = append(t.msgs, u.msgs...)
}

// row builds an entry with "not applicable" defaults.
func row(b Binding, pkg, recv, name string, role Role, sig string) Entry {
	return Entry{Binding: b, Pkg: pkg, Recv: recv, Name: name, Role: role, Sig: sig,
		FlagArg: -1, BufArg: -1, SocketTypeArg: -1, Lifecycle: lifecycles[b]}
}
