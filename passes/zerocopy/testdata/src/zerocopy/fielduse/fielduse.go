// Package fielduse keeps buffers in struct fields and hands them to the
// helpers of package fieldlib.
package fielduse

import (
	"bytes"

	"github.com/go-zeromq/zmq4"

	"zerocopy/fieldlib"
)

// Framer writes its header field through one helper and hands it over
// through another: the next call rewrites the queued bytes.
type Framer struct {
	sock zmq4.Socket
	hdr  []byte
}

func NewFramer(s zmq4.Socket) *Framer { return &Framer{sock: s, hdr: make([]byte, 4)} }

func (f *Framer) Record(n uint32) error {
	fieldlib.PutHeader(f.hdr, n)
	return fieldlib.Emit(f.sock, f.hdr) // want `f.hdr \(field hdr of Framer\) is handed to Emit on line \d+, which hands it to a send that keeps a reference, and Framer.Record itself, on its next call, writes the field's bytes again on line \d+`
}

// Copier hands over a copy: silent.
type Copier struct {
	sock zmq4.Socket
	hdr  []byte
}

func (c *Copier) Record(n uint32) error {
	fieldlib.PutHeader(c.hdr, n)
	return fieldlib.Emit(c.sock, bytes.Clone(c.hdr))
}

// Fresh gives the field new memory before every write: silent.
type Fresh struct {
	sock zmq4.Socket
	hdr  []byte
}

func (f *Fresh) Record(n uint32) error {
	f.hdr = make([]byte, 4)
	fieldlib.PutHeader(f.hdr, n)
	return fieldlib.Emit(f.sock, f.hdr)
}
