package order

import (
	"sync"
	"time"

	zmq "github.com/pebbe/zmq4"
)

type lockedConn struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

// lock takes c.mu and returns its unlock.
func (c *lockedConn) lock() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

// newLockedConn: both uses hold c.mu through the helper.
func newLockedConn(ep string) (*lockedConn, error) {
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return nil, err
	}
	c := &lockedConn{sock: s}
	go c.watch()
	unlock := c.lock()
	err = c.sock.Connect(ep)
	unlock()
	if err != nil {
		return nil, err
	}
	return c, nil
}

func (c *lockedConn) watch() {
	for range time.Tick(time.Second) {
		unlock := c.lock()
		c.sock.GetEvents()
		unlock()
	}
}

// newUnlockedConn forgets the lock in the launcher: reported.
func newUnlockedConn(ep string) (*lockedConn, error) {
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return nil, err
	}
	c := &lockedConn{sock: s}
	go c.watch()
	if err := c.sock.Connect(ep); err != nil { // want `c.sock is used \(Connect\) here while the goroutine`
		return nil, err
	}
	return c, nil
}
