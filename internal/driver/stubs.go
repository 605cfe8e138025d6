package driver

import (
	"embed"
	"path"
)

// The pure-Go API stubs of the cgo bindings, copied from
// internal/testutil/testdata/stubs/src by "go generate" (see gen_stubs.go).
// They are stored as .go.txt so that the go command does not build them
// as packages of this module.
//
//go:generate go run gen_stubs.go

//go:embed stubs/*.go.txt
var stubFS embed.FS

// A stub is the stand-in for one cgo binding: its import path, the name
// of the embedded file holding its source, and the source path of the
// original under the stubs src dir (for the generator and its test).
type stub struct {
	PkgPath string // e.g. "github.com/pebbe/zmq4"
	File    string // file name in stubs/
	Source  string // path under internal/testutil/testdata/stubs/src
	// PkgConfig are the pkg-config packages of the binding's "#cgo
	// !windows pkg-config:" line: without them it cannot be built.
	PkgConfig []string
}

// cgoBindings lists the bindings that need cgo and so have a stub. The pure
// Go binding github.com/go-zeromq/zmq4 needs none.
var cgoBindings = []stub{
	{"github.com/pebbe/zmq4", "pebbe_zmq4.go.txt", "github.com/pebbe/zmq4/zmq4.go", []string{"libzmq"}},
	{"github.com/pebbe/zmq4/draft", "pebbe_zmq4_draft.go.txt", "github.com/pebbe/zmq4/draft/draft.go", []string{"libzmq"}},
	{"github.com/go-zeromq/goczmq/v4", "goczmq_v4.go.txt", "github.com/go-zeromq/goczmq/v4/v4.go", []string{"libczmq", "libzmq", "libsodium"}},
	// goczmq's older import paths (zmqapi.LegacyPaths), same API.
	{"github.com/zeromq/goczmq", "zeromq_goczmq.go.txt", "github.com/zeromq/goczmq/goczmq.go", []string{"libczmq", "libzmq", "libsodium"}},
	{"gopkg.in/zeromq/goczmq.v4", "goczmq_gopkgin_v4.go.txt", "gopkg.in/zeromq/goczmq.v4/goczmq.v4.go", []string{"libczmq", "libzmq", "libsodium"}},
}

// stubFor returns the stub of the binding with the given package path.
func stubFor(pkgPath string) (stub, bool) {
	for _, s := range cgoBindings {
		if s.PkgPath == pkgPath {
			return s, true
		}
	}
	return stub{}, false
}

// stubSource returns the embedded source of s.
func stubSource(s stub) ([]byte, error) {
	return stubFS.ReadFile(path.Join("stubs", s.File))
}
