// Package typelib defines a type holding a socket, used from package
// typeuse (facts: sockUses on its methods).
package typelib

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

// Conn's methods use its socket without a lock.
type Conn struct {
	sock *zmq.Socket
}

// Loop receives until the socket fails.
func (c *Conn) Loop() { // want Loop:"sockUses\\(c\\.sock\\)"
	for {
		if _, err := c.sock.Recv(0); err != nil {
			return
		}
	}
}

// Send sends one message.
func (c *Conn) Send(m string) error { // want Send:"sockUses\\(c\\.sock\\)"
	_, err := c.sock.Send(m, 0)
	return err
}

// Locked guards its socket with its own mutex in every method.
type Locked struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

// Loop receives under the lock.
func (l *Locked) Loop() {
	for {
		l.mu.Lock()
		_, err := l.sock.Recv(zmq.DONTWAIT)
		l.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Send sends under the lock.
func (l *Locked) Send(m string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.sock.Send(m, 0)
	return err
}
