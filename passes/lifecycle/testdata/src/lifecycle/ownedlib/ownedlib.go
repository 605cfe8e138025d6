// Package ownedlib defines socket helpers and an owner type that package
// owneduse builds on (facts: createsSocket, closes, zmqOwns, zmqCloser).
package ownedlib

import zmq "github.com/pebbe/zmq4"

// Dial returns a connected socket, nil on error.
func Dial(ep string) (*zmq.Socket, error) { // want Dial:"createsSocket\\(0\\)"
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Shutdown closes its argument on every path.
func Shutdown(s *zmq.Socket) { // want Shutdown:"zmqParams\\(closes\\[0\\]\\)"
	s.SetLinger(0)
	s.Close()
}

// Conn owns its socket and closes it in Close.
type Conn struct { // want Conn:"zmqCloser\\(Close\\)"
	sock *zmq.Socket
}

// Open dials the socket.
func (c *Conn) Open(ep string) error {
	s, err := Dial(ep)
	if err != nil {
		return err
	}
	c.sock = s
	return nil
}

// Close closes it.
func (c *Conn) Close() error { return c.sock.Close() }
