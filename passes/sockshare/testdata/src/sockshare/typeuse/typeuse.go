// Package typeuse uses the socket-holding types of package typelib from
// goroutines of its own.
package typeuse

import (
	"sync"

	zmq "github.com/pebbe/zmq4"

	"sockshare/typelib"
)

// run starts the other package's receive loop and sends on the same
// struct's socket from its own goroutine.
func run(c *typelib.Conn) { // want run:"sockUses\\(c\\.sock\\)"
	go c.Loop()
	c.Send("x") // want `c.sock is used \(Send\) here while the goroutine started on line \d+ may still be using it \(Loop on line \d+\)`
}

// locked: every method of Locked takes its mutex: silent.
func locked(l *typelib.Locked) {
	go l.Loop()
	l.Send("x")
}

// Svc embeds typelib.Conn; Start runs the promoted Loop on a goroutine,
// Publish sends on the same socket through the promoted Send.
type Svc struct {
	typelib.Conn
	name string
}

func (s *Svc) Start() { // want Start:"sockUses\\(s\\.sock\\)"
	go s.Loop()
}

func (s *Svc) Publish(m string) error { // want Publish:"sockUses\\(s\\.sock\\)"
	return s.Send(s.name + m) // want `s.Conn.sock is used \(Send\) in exported method Publish, which any goroutine may call, while the goroutine that method Start starts on line \d+ may be using it \(Loop on line \d+\)`
}

// A struct of this package, embedded: its exported Send is promoted into
// Node, and Node's Start runs a goroutine on the same socket.
type link struct {
	sock *zmq.Socket
}

func (l *link) Send(m string) error { // want Send:"sockUses\\(l\\.sock\\)"
	_, err := l.sock.Send(m, 0) // want `l.sock is used \(Send\) in exported method Send of link, promoted into Node, which any goroutine may call on a Node, while the goroutine that method Start starts on line \d+ may be using it \(Recv on line \d+\)`
	return err
}

type Node struct {
	link
}

func (n *Node) Start() {
	go func() {
		for {
			if _, err := n.sock.Recv(0); err != nil {
				return
			}
		}
	}()
}

// Guarded2 embeds typelib.Locked, whose methods lock their own mutex:
// silent.
type Guarded2 struct {
	typelib.Locked
}

func (g *Guarded2) Start() { go g.Loop() }

func (g *Guarded2) Publish(m string) error { return g.Send(m) }

// A struct of this package with its own mutex, locked by its promoted
// method and by the goroutine: silent.
type safeLink struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

func (l *safeLink) Send(m string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err := l.sock.Send(m, 0)
	return err
}

type SafeNode struct {
	safeLink
}

func (n *SafeNode) Start() {
	go func() {
		for {
			n.mu.Lock()
			_, err := n.sock.Recv(zmq.DONTWAIT)
			n.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

// Owned: the goroutine Start starts is the only user of the socket (the
// embedded struct's promoted method does not touch it): silent.
type quiet struct {
	sock *zmq.Socket
	name string
}

func (q *quiet) Name() string { return q.name }

type Owned struct {
	quiet
}

func (o *Owned) Start() {
	go func() {
		for {
			if _, err := o.sock.Recv(0); err != nil {
				return
			}
		}
	}()
}

// ValConn: an exported method with a value receiver uses the same socket
// as the goroutine (the copy holds the same *zmq.Socket).
type ValConn struct {
	sock *zmq.Socket
}

func (v *ValConn) Start() {
	go func() {
		for {
			if _, err := v.sock.Recv(0); err != nil {
				return
			}
		}
	}()
}

func (v ValConn) Send(m string) error {
	_, err := v.sock.Send(m, 0) // want `v.sock is used \(Send\) in exported method Send, which any goroutine may call, while the goroutine that method Start starts on line \d+ may be using it \(Recv on line \d+\)`
	return err
}

// ValLocked: a value receiver that locks the shared *sync.Mutex the
// goroutine locks: silent.
type ValLocked struct {
	mu   *sync.Mutex
	sock *zmq.Socket
}

func (v *ValLocked) Start() {
	go func() {
		for {
			v.mu.Lock()
			_, err := v.sock.Recv(zmq.DONTWAIT)
			v.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

func (v ValLocked) Send(m string) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, err := v.sock.Send(m, 0)
	return err
}

// Embedded: the mutex is embedded (t.Lock()), held at both uses: silent.
type Embedded struct {
	sync.Mutex
	sock *zmq.Socket
}

func (t *Embedded) Start() {
	go func() {
		for {
			t.Lock()
			_, err := t.sock.Recv(zmq.DONTWAIT)
			t.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

func (t *Embedded) Send(m string) error {
	t.Lock()
	defer t.Unlock()
	_, err := t.sock.Send(m, 0)
	return err
}

// RW: the write lock of an embedded sync.RWMutex at both uses: silent.
type RW struct {
	sync.RWMutex
	sock *zmq.Socket
}

func (t *RW) Start() {
	go func() {
		for {
			t.Lock()
			_, err := t.sock.Recv(zmq.DONTWAIT)
			t.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

func (t *RW) Send(m string) error {
	t.Lock()
	defer t.Unlock()
	_, err := t.sock.Send(m, 0)
	return err
}
