// Package zmqapi is zmqlint's model of the Go ZeroMQ bindings' APIs.
//
// The model is data: one table per binding, each in its own file
// (pebbe.go, gozeromq.go, goczmq.go; their shape in tables.go), that maps a
// function or method, named by package path, receiver type name and
// function name, to the role it plays in a message's or a socket's life.
// Checks never compare names themselves; they ask the model about a
// *types.Func (or a struct field) they resolved through go/types, so a
// project's own package aliased as "zmq", or an unrelated Close method, is
// never mistaken for a binding call.
//
// The facts behind each entry are in docs/semantics.md (section 5) and are
// checked against the real bindings by TestTablesMatchRealBindings in the
// testdata/realapi module.
package zmqapi

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// Binding identifies one Go ZeroMQ binding.
type Binding uint8

const (
	// Pebbe is github.com/pebbe/zmq4 (and its draft subpackage): cgo over libzmq.
	Pebbe Binding = iota + 1
	// GoZeromq is github.com/go-zeromq/zmq4: pure Go ZMTP.
	GoZeromq
	// Goczmq is github.com/go-zeromq/goczmq/v4: cgo over CZMQ.
	Goczmq
)

func (b Binding) String() string {
	switch b {
	case Pebbe:
		return "pebbe/zmq4"
	case GoZeromq:
		return "go-zeromq/zmq4"
	case Goczmq:
		return "goczmq"
	}
	return "unknown binding"
}

// Role is what a call does to a socket, a context or a message buffer.
type Role uint8

const (
	None Role = iota
	// NewSocket creates a socket (result 0 is the socket).
	NewSocket
	// NewContext creates a context that must be terminated.
	NewContext
	// CopySend sends a copy of the caller's bytes; the caller may reuse them
	// as soon as the call returns.
	CopySend
	// HandOverSend keeps a reference to the caller's bytes after it returns
	// (ownership-transferring send).
	HandOverSend
	// Close closes (destroys) the socket it is called on.
	Close
	// Term terminates a context (or the binding's default/global context).
	Term
	// SetLinger sets the linger period of one socket.
	SetLinger
	// SetBlocky sets a context-wide default linger (pebbe SetBlocky).
	SetBlocky
	// Recv receives a message into fresh, caller-owned memory.
	Recv
	// AliasMsg builds a message whose frames are the caller's slices.
	AliasMsg
	// CopyMsg builds a message from a copy of its input.
	CopyMsg
	// PollRegister registers a socket with a poller or reactor; polling
	// then counts as a use of the socket.
	PollRegister
	// TakeOwnership makes another object responsible for closing the
	// socket passed as argument 0 (goczmq NewReadWriter).
	TakeOwnership
	// Use is any other method of a socket type: bind, connect, options.
	Use
)

var roleNames = [...]string{
	None: "none", NewSocket: "socket constructor", NewContext: "context constructor",
	CopySend: "copying send", HandOverSend: "ownership-transferring send",
	Close: "close", Term: "term", SetLinger: "set-linger", SetBlocky: "context-wide linger",
	Recv: "receive", AliasMsg: "aliasing message constructor", CopyMsg: "copying message constructor",
	PollRegister: "poll registration", TakeOwnership: "ownership transfer", Use: "socket use",
}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown role"
}

// IsSend reports whether r sends a message.
func (r Role) IsSend() bool { return r == CopySend || r == HandOverSend }

// Entry is one row of a binding's table.
type Entry struct {
	Binding Binding
	// Pkg is the import path; Recv the receiver's named type ("" for a
	// package-level function); Name the function or method name.
	Pkg, Recv, Name string
	Role            Role
	// Sig is the expected signature, as go/types prints it with names
	// of the binding's own package unqualified. The drift test compares it
	// with the real binding.
	Sig string

	// FlagArg is the index (among the explicit arguments) of a send's
	// flags argument, and MoreFlag the name of the constant in Pkg whose
	// bit makes the send a non-final part of a multipart message. A
	// negative FlagArg means the call never leaves a message open.
	FlagArg  int
	MoreFlag string

	// BufArg is the index of the argument whose bytes a send copies or
	// hands over (-1: none, or the receiver's message).
	BufArg int

	// DefaultContext marks package-level functions acting on the
	// binding's implicit context (pebbe NewSocket, Term, SetBlocky).
	DefaultContext bool
	// NilOnError marks constructors whose socket result is nil whenever
	// the error result is non-nil (so the error path owns nothing).
	NilOnError bool
	// SocketTypeArg is the argument giving the socket type of a
	// constructor (-1: fixed by the constructor, see SocketType).
	SocketTypeArg int
	// SocketType is the fixed ZeroMQ socket type ("PUB", "SUB", ...) of a
	// constructor such as go-zeromq NewPub.
	SocketType string

	// Lifecycle is how the binding's sockets and contexts end; every
	// entry of a binding carries its binding's.
	Lifecycle
}

// Lifecycle is the part of a binding's behaviour that the lifecycle check
// rests on. It is data so that no check has to compare bindings.
type Lifecycle struct {
	// CloseMethod is the name of the method that closes a socket
	// ("Close"; goczmq "Destroy"), for diagnostics and fixes.
	CloseMethod string
	// TermWaits: a Term of a context blocks until every socket of the
	// context is closed (libzmq zmq_ctx_term). goczmq's Shutdown does not
	// wait for open sockets; go-zeromq has no context.
	TermWaits bool
	// InfiniteLinger: a socket's default linger is infinite, so a Term
	// after its Close waits for unsent messages (libzmq; CZMQ sets 0,
	// go-zeromq has no linger). ZeroLingerTypes are the socket types
	// whose default linger is 0 all the same.
	InfiniteLinger  bool
	ZeroLingerTypes []string
	// LingerIsDuration: SetLinger takes a time.Duration, which the binding
	// truncates to the milliseconds libzmq receives (pebbe).
	LingerIsDuration bool
}

// ZeroLingerByDefault reports whether a socket of type typ (a constant
// name such as "SUB") starts with linger 0.
func (l *Lifecycle) ZeroLingerByDefault(typ string) bool {
	if !l.InfiniteLinger {
		return true
	}
	for _, t := range l.ZeroLingerTypes {
		if t == typ {
			return true
		}
	}
	return false
}

type key struct{ pkg, recv, name string }

// Model answers questions about binding calls. It holds no mutable state
// after construction and is safe for concurrent use.
type Model struct {
	lifecycles  map[Binding]Lifecycle
	entries     map[key]*Entry
	socketTypes map[key]Binding // pkg, type name -> binding, for "any method is a use"
	fields      map[key]Role    // struct fields with a role (goczmq Channeler.SendChan)
	bindings    map[string]Binding
	sharing     map[key]Sharing // pkg, type name -> how it may be shared
	polls       map[key]bool
	msgs        []msgType
}

// Default is the model of all supported bindings. It is built once from
// the tables and never modified.
var Default = newModel(allTables())

func newModel(t tables) *Model {
	m := &Model{
		lifecycles:  t.lifecycles,
		entries:     map[key]*Entry{},
		socketTypes: map[key]Binding{},
		fields:      map[key]Role{},
		bindings:    map[string]Binding{},
		sharing:     map[key]Sharing{},
		polls:       map[key]bool{},
		msgs:        t.msgs,
	}
	for _, s := range t.sharing {
		m.sharing[key{s.Pkg, s.Name, ""}] = s.Sharing
	}
	for _, k := range t.polls {
		m.polls[k] = true
	}
	for i := range t.entries {
		e := &t.entries[i]
		m.entries[key{e.Pkg, e.Recv, e.Name}] = e
		m.bindings[e.Pkg] = e.Binding
	}
	for _, s := range t.socketTypes {
		m.socketTypes[key{s.Pkg, s.Name, ""}] = s.Binding
	}
	for _, f := range t.fields {
		m.fields[key{f.Pkg, f.Recv, f.Name}] = f.Role
	}
	return m
}

// Entries returns every table entry, in table order.
func (m *Model) Entries() []Entry { return allTables().entries }

// IsBindingPackage reports whether path is one of the modelled bindings
// (vendored or not, see TrimVendor).
func (m *Model) IsBindingPackage(path string) bool {
	_, ok := m.bindings[TrimVendor(path)]
	return ok
}

// BindingOf returns the binding of package path (0 if none).
func (m *Model) BindingOf(path string) Binding { return m.bindings[TrimVendor(path)] }

// TrimVendor returns the import path a vendored package is imported by:
// in GOPATH mode the copy of a binding in a vendor directory is the
// package "<dir>/vendor/github.com/pebbe/zmq4"; everything up to the last
// "/vendor/" goes, as the go command resolves it. (Module mode already
// gives vendored packages their import path.)
func TrimVendor(path string) string {
	if i := strings.LastIndex(path, "/vendor/"); i >= 0 {
		return path[i+len("/vendor/"):]
	}
	return strings.TrimPrefix(path, "vendor/")
}

// PathOf is the import path of pkg, vendor directories removed.
func PathOf(pkg *types.Package) string { return TrimVendor(pkg.Path()) }

// Lookup returns the entry for fn, or nil. Generic instances and method
// values are mapped to their origin. A method of a socket type that has no
// row of its own is a Use.
func (m *Model) Lookup(fn *types.Func) *Entry {
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	fn = fn.Origin()
	pkg := PathOf(fn.Pkg())
	if _, ok := m.bindings[pkg]; !ok {
		return nil
	}
	recv := RecvTypeName(fn)
	if e, ok := m.entries[key{pkg, recv, fn.Name()}]; ok {
		return e
	}
	if recv != "" {
		if b, ok := m.socketTypes[key{pkg, recv, ""}]; ok && fn.Exported() {
			return &Entry{Binding: b, Pkg: pkg, Recv: recv, Name: fn.Name(), Role: Use, FlagArg: -1, BufArg: -1, SocketTypeArg: -1,
				Lifecycle: m.lifecycles[b]}
		}
	}
	return nil
}

// Wrapper returns the entry of a constructor wrapper (a function of the
// user's that returns a socket or context of binding b it created): the
// binding's lifecycle, an unknown socket type.
func (m *Model) Wrapper(b Binding, role Role, nilOnError bool) *Entry {
	return &Entry{Binding: b, Role: role, NilOnError: nilOnError, FlagArg: -1, BufArg: -1, SocketTypeArg: -1,
		Lifecycle: m.lifecycles[b]}
}

// FieldRole returns the role of a send statement on struct field v
// (goczmq Channeler.SendChan is a HandOverSend), or None.
func (m *Model) FieldRole(v *types.Var) Role {
	if v == nil || !v.IsField() || v.Pkg() == nil {
		return None
	}
	owner := fieldOwner(v)
	return m.fields[key{PathOf(v.Pkg()), owner, v.Name()}]
}

// IsSocketType reports whether t (possibly a pointer) is a socket type of
// a binding: pebbe *Socket, go-zeromq Socket, goczmq *Sock, *Channeler,
// *ReadWriter.
func (m *Model) IsSocketType(t types.Type) bool {
	_, ok := m.socketBinding(t)
	return ok
}

func (m *Model) socketBinding(t types.Type) (Binding, bool) {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return 0, false
	}
	b, ok := m.socketTypes[key{PathOf(n.Obj().Pkg()), n.Obj().Name(), ""}]
	return b, ok
}

// IsContextType reports whether t is pebbe's *Context.
func (m *Model) IsContextType(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	return n.Obj().Name() == "Context" && m.bindings[PathOf(n.Obj().Pkg())] == Pebbe
}

// HasMoreFlag reports whether the constant flags value v, passed to a send
// described by e, has the binding's "more parts follow" bit. pkg is the
// callee's package, in which e.MoreFlag is looked up (by object, so an
// aliased import changes nothing).
func (e *Entry) HasMoreFlag(pkg *types.Package, v constant.Value) bool {
	if e.MoreFlag == "" || pkg == nil || v == nil || v.Kind() != constant.Int {
		return false
	}
	c, ok := pkg.Scope().Lookup(e.MoreFlag).(*types.Const)
	if !ok {
		return false
	}
	more := constant.BinaryOp(v, token.AND, c.Val())
	return constant.Sign(more) != 0
}

// SocketTypeConst returns the value of the socket-type constant name
// (e.g. "SUB") in pkg, or nil.
func SocketTypeConst(pkg *types.Package, name string) constant.Value {
	if pkg == nil {
		return nil
	}
	if c, ok := pkg.Scope().Lookup(name).(*types.Const); ok {
		return c.Val()
	}
	return nil
}

// RecvTypeName returns the name of fn's receiver's named type ("" for a
// package-level function). Interface methods report their interface.
func RecvTypeName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Origin().Obj().Name()
	case *types.Interface:
		// Method of an interface type: find the named interface that
		// declares it through the package scope.
		if fn.Pkg() != nil {
			scope := fn.Pkg().Scope()
			for _, name := range scope.Names() {
				tn, ok := scope.Lookup(name).(*types.TypeName)
				if !ok {
					continue
				}
				if it, ok := tn.Type().Underlying().(*types.Interface); ok {
					for i := 0; i < it.NumExplicitMethods(); i++ {
						if it.ExplicitMethod(i) == fn {
							return name
						}
					}
				}
			}
		}
	}
	return ""
}

// fieldOwner finds the named struct type of package v.Pkg() that declares
// field v.
func fieldOwner(v *types.Var) string {
	scope := v.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				if st.Field(i) == v {
					return name
				}
			}
		}
	}
	return ""
}

// SigString prints sig without parameter names, qualifying types of other
// packages by package name and leaving those of pkg unqualified; the form
// of Entry.Sig.
func SigString(sig *types.Signature, pkg *types.Package) string {
	qual := func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	}
	unnamed := func(t *types.Tuple) *types.Tuple {
		vars := make([]*types.Var, t.Len())
		for i := range vars {
			vars[i] = types.NewParam(0, nil, "", t.At(i).Type())
		}
		return types.NewTuple(vars...)
	}
	plain := types.NewSignatureType(nil, nil, nil, unnamed(sig.Params()), unnamed(sig.Results()), sig.Variadic())
	return types.TypeString(plain, qual)
}

// namedOf returns the named type of t, through a pointer and aliases.
func namedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}
