// Package rt2 holds shapes from the second red team: misses on code
// written from the docs alone.
package rt2

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

// Unpublish closes its parameter, then unbinds it.
func Unpublish(pub *zmq.Socket, ep string) error { // want Unpublish:"zmqParams\\(closes\\[0\\]\\)"
	if err := pub.Close(); err != nil {
		return err
	}
	if err := pub.Unbind(ep); err != nil { // want `pub.Unbind is called after pub was closed on line 13: every path here closes it first`
		return fmt.Errorf("unbind %s: %w", ep, err)
	}
	return nil
}

// Retire: a plain Close statement of a parameter, the fix defers it.
func Retire(s *zmq.Socket, ep string) { // want Retire:"zmqParams\\(closes\\[0\\]\\)"
	s.Close()
	s.Disconnect(ep) // want `s.Disconnect is called after s was closed on line 24`
}

// UnpublishOK unbinds first.
func UnpublishOK(pub *zmq.Socket, ep string) error {
	if err := pub.Unbind(ep); err != nil {
		return err
	}
	return pub.Close()
}

// CloseSome closes the parameter on one path only.
func CloseSome(s *zmq.Socket, done bool) {
	if done {
		s.Close()
	}
	s.Send("x", 0)
}

// Reopen reassigns the parameter before using it: another socket.
func Reopen(s *zmq.Socket) error { // want Reopen:"zmqParams\\(closes\\[0\\]\\)"
	s.Close()
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Send("x", 0)
	return err
}

// ReopenVar reassigns the parameter variable (captured by a closure, so
// a heap cell) before using it.
func ReopenVar(s *zmq.Socket, open func() *zmq.Socket) { // want ReopenVar:"zmqParams\\(closes\\[0\\]\\)"
	s.Close()
	reset := func() { s = open() }
	reset()
	s.Send("x", 0)
	s.Close()
}

// LoopClose closes in the loop's last iteration and returns.
func LoopClose(s *zmq.Socket, n int) { // want LoopClose:"zmqParams\\(closes\\[0\\]\\)"
	for i := 0; ; i++ {
		s.Send("x", 0)
		if i == n {
			s.Close()
			return
		}
	}
}

// Two parameters: closing one does not close the other.
func Two(a, b *zmq.Socket) { // want Two:"zmqParams\\(closes\\[0 1\\]\\)"
	a.Close()
	b.Send("x", 0)
	b.Close()
}
