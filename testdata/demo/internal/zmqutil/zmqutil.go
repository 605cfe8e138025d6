// Package zmqutil holds the small helpers a service grows around its
// sockets. zmqlint learns what they do through facts.
package zmqutil

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

// CloseQuietly closes s and logs a failure instead of returning it.
func CloseQuietly(s *zmq.Socket) {
	if err := s.Close(); err != nil {
		log.Printf("close: %v", err)
	}
}

// Configure applies the service's socket options; it does not keep s.
func Configure(s *zmq.Socket, hwm int) error {
	if err := s.SetSndhwm(hwm); err != nil {
		return err
	}
	return s.SetRcvhwm(hwm)
}

// SendHeader sends the routing header of a message; the caller sends the
// body. zmqlint records that it leaves a message open on s.
func SendHeader(s *zmq.Socket, topic string) error {
	_, err := s.Send(topic, zmq.SNDMORE)
	return err
}

// Dial returns a socket of type t connected to ep, or nil and the error.
func Dial(t zmq.Type, ep string) (*zmq.Socket, error) {
	s, err := zmq.NewSocket(t)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Conn is a connection that services embed. Its methods use the socket
// without a lock: the embedding type must keep them on one goroutine.
type Conn struct {
	sock *zmq.Socket
}

// Open connects a DEALER socket to ep.
func (c *Conn) Open(ep string) error {
	s, err := Dial(zmq.DEALER, ep)
	if err != nil {
		return err
	}
	c.sock = s
	return nil
}

// Send sends one message.
func (c *Conn) Send(m string) error {
	_, err := c.sock.Send(m, 0)
	return err
}

// Loop passes each message received to handle until the socket fails.
func (c *Conn) Loop(handle func(string)) {
	for {
		m, err := c.sock.Recv(0)
		if err != nil {
			return
		}
		handle(m)
	}
}

// Close closes the socket.
func (c *Conn) Close() error { return c.sock.Close() }
