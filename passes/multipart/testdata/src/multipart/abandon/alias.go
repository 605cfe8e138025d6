package abandon

import (
	"io"

	czmq "github.com/go-zeromq/goczmq/v4"
)

// The header aliases buf, which the read in between overwrites: SendFrame
// copies at call time, so moving it below the read would send other
// bytes. The finding stays; no move is offered.
func relayAliased(r io.Reader, s *czmq.Sock, buf []byte) error {
	if _, err := io.ReadFull(r, buf[:8]); err != nil {
		return err
	}
	hdr := buf[:8]
	if err := s.SendFrame(hdr, czmq.FlagMore); err != nil { // want `this part is sent on s with FlagMore, but the return on line 22`
		return err
	}
	n, err := r.Read(buf)
	if err != nil {
		return err
	}
	return s.SendFrame(buf[:n], czmq.FlagNone)
}

// A part built from a string in its own statement is a new array: moved.
func relayFresh(r io.Reader, s *czmq.Sock, buf []byte, topic string) error {
	if err := s.SendFrame([]byte(topic), czmq.FlagMore); err != nil { // want `this part is sent on s with FlagMore, but the return on line 34`
		return err
	}
	n, err := r.Read(buf)
	if err != nil {
		return err
	}
	return s.SendFrame(buf[:n], czmq.FlagNone)
}
