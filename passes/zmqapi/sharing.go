package zmqapi

import (
	"go/constant"
	"go/token"
	"go/types"
)

// Thread safety of socket types (docs/semantics.md §4). The rows are in
// each binding's file.

// Sharing says whether a socket type may be used from several goroutines.
type Sharing uint8

const (
	// SharedSafe: the binding serializes access itself (go-zeromq's
	// locked Send and channel-fed Recv; goczmq's Channeler).
	SharedSafe Sharing = iota
	// SharedUnsafe: a libzmq socket with no lock in the wrapper
	// (pebbe Socket, goczmq Sock and ReadWriter).
	SharedUnsafe
	// SharedByType: unsafe unless the socket was created with one of the
	// thread-safe draft types (pebbe draft Socket).
	SharedByType
)

// threadSafeTypes are libzmq's thread-safe socket types (L10). Only those
// the binding declares as constants are used; pebbe's draft package has
// no PEER or CHANNEL.
var threadSafeTypes = []string{"CLIENT", "SERVER", "RADIO", "DISH", "SCATTER", "GATHER", "PEER", "CHANNEL"}

// SharingOf returns how a socket of type t (possibly a pointer) may be
// shared between goroutines, and false if t is not a socket type.
func (m *Model) SharingOf(t types.Type) (Sharing, bool) {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return 0, false
	}
	s, ok := m.sharing[key{PathOf(n.Obj().Pkg()), n.Obj().Name(), ""}]
	return s, ok
}

// IsThreadSafeSocketType reports whether v, the constant socket-type
// argument of a constructor of package pkg, is one of libzmq's
// thread-safe types.
func IsThreadSafeSocketType(pkg *types.Package, v constant.Value) bool {
	if v == nil {
		return false
	}
	for _, name := range threadSafeTypes {
		if c := SocketTypeConst(pkg, name); c != nil && c.Kind() == v.Kind() && constant.Compare(c, token.EQL, v) {
			return true
		}
	}
	return false
}

// IsPoll reports whether fn polls the sockets registered with its
// receiver.
func (m *Model) IsPoll(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	fn = fn.Origin()
	return m.polls[key{PathOf(fn.Pkg()), RecvTypeName(fn), fn.Name()}]
}
