// Package b3: a go-zeromq Msg built once, its header frame rewritten in
// place and its body frame replaced before each send (red team 2, mpenc
// SendSequenced). zerocopy (the header rewritten) and multipart (the
// frames reused) both copy the send's argument: their edits are the same
// text at the same range, so that the driver applies one copy, not
// msg.Clone().Clone().
package b3

import (
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
)

type FrameEncoder struct {
	sock    zmq4.Socket
	version byte
}

func (e *FrameEncoder) SendSequenced(bodies [][]byte) error {
	hdr := make([]byte, 9)
	msg := zmq4.Msg{Frames: [][]byte{hdr, nil}}
	for i, b := range bodies {
		msg.Frames[0][0] = e.version // want `msg.Frames\[0\] is modified after it was handed to Send`
		binary.BigEndian.PutUint64(msg.Frames[0][1:], uint64(i))
		msg.Frames[1] = b
		if err := e.sock.Send(msg); err != nil {
			return err
		}
	}
	return nil
}

func (e *FrameEncoder) SendPtr(bodies [][]byte) error {
	hdr := make([]byte, 9)
	m := &zmq4.Msg{Frames: [][]byte{hdr, nil}}
	for i, b := range bodies {
		m.Frames[0][0] = byte(i) // want `m.Frames\[0\] is modified after it was handed to Send`
		m.Frames[1] = b
		if err := e.sock.Send(*m); err != nil {
			return err
		}
	}
	return nil
}
