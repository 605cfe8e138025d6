package bufs

import (
	"bytes"

	"github.com/go-zeromq/zmq4"
)

type B struct {
	buf  []byte
	hdr  [4]byte
	bb   bytes.Buffer
	pb   *bytes.Buffer
	n    int
	strs []string
}

func (b *B) fill() {
	b.buf = b.buf[:0]
	b.hdr[0] = 1
	b.bb.Reset()
	b.pb.Reset()
}

type none struct{ n int }

// send makes this a ZeroMQ package (the model is built only for those).
func send(s zmq4.Socket, b []byte) error { return s.Send(zmq4.NewMsg(b)) }
