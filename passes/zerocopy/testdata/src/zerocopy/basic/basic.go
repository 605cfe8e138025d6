package basic

import (
	"context"
	"encoding/binary"
	"io"

	"github.com/go-zeromq/zmq4"
)

func modifiedAfterSend(s zmq4.Socket) {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	b[0] = 1 // want `b is modified after it was handed to Send on line 13`
}

func readOnly(s zmq4.Socket) int {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	return int(b[0])
}

func resentUnmodified(s zmq4.Socket) {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	s.Send(zmq4.NewMsg(b))
}

func loopShape(s zmq4.Socket, r io.Reader) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf) // want `buf is modified after it was handed to Send on line 36`
		if err != nil {
			return
		}
		s.Send(zmq4.NewMsg(buf[:n]))
	}
}

func freshPerIteration(s zmq4.Socket, r io.Reader) {
	for {
		buf := make([]byte, 64)
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		s.Send(zmq4.NewMsg(buf[:n]))
	}
}

func putUint(s zmq4.Socket) {
	var hdr [8]byte
	b := hdr[:]
	s.Send(zmq4.NewMsg(b))
	binary.BigEndian.PutUint32(b, 7) // want `b is modified after it was handed to Send on line 54`
}

func resent(s zmq4.Socket) {
	b := []byte("hello")
	s.Send(zmq4.NewMsg(b))
	copy(b, "world")       // want `b is modified after`
	s.Send(zmq4.NewMsg(b)) // want `b is sent again after being modified since it was handed to Send on line 60`
}

func ctxUse(ctx context.Context) zmq4.Socket { return zmq4.NewPub(ctx) }
