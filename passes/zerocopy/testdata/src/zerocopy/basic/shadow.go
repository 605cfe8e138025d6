package basic

import (
	"io"

	"github.com/go-zeromq/zmq4"
)

// A local variable named bytes: bytes.Clone would not compile here, so no
// fix is offered (the finding stays).
func shadowed(r io.Reader, s zmq4.Socket) error {
	bytes := make([]byte, 1024)
	for {
		n, err := r.Read(bytes) // want `bytes is modified after it was handed to Send on line 18`
		if err != nil {
			return err
		}
		if err := s.Send(zmq4.NewMsg(bytes[:n])); err != nil {
			return err
		}
	}
}
