// Package ownedbase defines an owner type that other packages embed.
package ownedbase

import zmq "github.com/pebbe/zmq4"

// Base owns one socket and closes it.
type Base struct {
	sock *zmq.Socket
}

// Open creates the socket.
func (b *Base) Open(ep string) error {
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return err
	}
	b.sock = s
	return s.Connect(ep)
}

// Close closes it.
func (b *Base) Close() error { return b.sock.Close() }

// CloseSock closes its argument on every path (fact closes[0]).
func CloseSock(s *zmq.Socket) { s.Close() }
