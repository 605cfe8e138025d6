// Package methods: a socket field used by a goroutine that a method or
// the constructor starts, and by other exported methods of the type.
package methods

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

// Client: the constructor starts the receive loop; Send may be called by
// any goroutine while it runs.
type Client struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

func NewClient() *Client {
	sock, _ := zmq.NewSocket(zmq.DEALER)
	c := &Client{sock: sock}
	go c.loop()
	return c
}

func (c *Client) loop() { // want loop:"sockUses\\(c\\.sock\\)"
	for {
		if _, err := c.sock.Recv(0); err != nil {
			return
		}
	}
}

func (c *Client) Send(msg string) error { // want Send:"sockUses\\(c\\.sock\\)"
	_, err := c.sock.Send(msg, 0) // want `c.sock is used \(Send\) in exported method Send, which any goroutine may call, while the goroutine that the constructor NewClient starts on line 21 may be using it \(Recv on line 27\): ZeroMQ sockets are not thread-safe: give c.sock to one goroutine \(the one started on line 21\) and send it work through a channel`
	return err
}

// Worker: Start launches a literal that locks w.mu around its use; Ping
// does not.
type Worker struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

func (w *Worker) Start() {
	go func() {
		for {
			w.mu.Lock()
			_, err := w.sock.Recv(zmq.DONTWAIT)
			w.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

func (w *Worker) Ping() { // want Ping:"sockUses\\(w\\.sock\\)"
	w.sock.Send("ping", 0) // want `w.sock is used \(Send\) in exported method Ping, .* the goroutine that method Start starts on line 46 .*: ZeroMQ sockets are not thread-safe: lock w.mu around this use, as other uses of w.sock are`
}

// Hello calls another method of the package, which might lock w.mu: the
// fix locks only the use's statement, not the whole method.
func (w *Worker) Hello() { // want Hello:"sockUses\\(w\\.sock\\)"
	w.trace()
	w.sock.Send("hello", 0) // want `w.sock is used \(Send\) in exported method Hello, .*: ZeroMQ sockets are not thread-safe: lock w.mu around this use`
}

func (w *Worker) trace() {}

// Poke is called by code of the package, which might hold w.mu: no edit.
func (w *Worker) Poke() { // want Poke:"sockUses\\(w\\.sock\\)"
	w.sock.Send("poke", 0) // want `w.sock is used \(Send\) in exported method Poke, .*: ZeroMQ sockets are not thread-safe: lock w.mu around this use`
}

func Poker(w *Worker) { w.Poke() } // want Poker:"sockUses\\(w\\.sock\\)"

// Guarded: the same mutex at every use, also through a helper that
// returns with it held.
func (w *Worker) Pong() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sock.Send("pong", 0)
}

func (w *Worker) lock() func() {
	w.mu.Lock()
	return w.mu.Unlock
}

func (w *Worker) Pang() {
	unlock := w.lock()
	defer unlock()
	w.sock.Send("pang", 0)
}

// Pub: the constructor's literal publishes ticks; Publish sends too. The
// RWMutex is never locked around a use, so the remedy is the owner
// goroutine.
type Pub struct {
	mu   sync.RWMutex
	sock *zmq.Socket
	name string
}

func NewPub() *Pub {
	sock, _ := zmq.NewSocket(zmq.PUB)
	p := &Pub{sock: sock}
	go func() {
		for {
			p.sock.Send("tick", 0)
		}
	}()
	return p
}

// Through an unexported helper: counted at its exported caller.
func (p *Pub) Publish(msg string) { // want Publish:"sockUses\\(p\\.sock\\)"
	p.send(msg) // want `p.sock is used \(send\) in exported method Publish`
}

func (p *Pub) send(msg string) { // want send:"sockUses\\(p\\.sock\\)"
	p.sock.Send(msg, 0)
}

// Name only reads a field that is not a socket: silent.
func (p *Pub) Name() string { return p.name }

// Closer closes the socket without waiting for the loop.
type Closer struct {
	sock *zmq.Socket
}

func (c *Closer) Run() { // want Run:"sockUses\\(c\\.sock\\)"
	go c.loop()
}

func (c *Closer) loop() { // want loop:"sockUses\\(c\\.sock\\)"
	for {
		if _, err := c.sock.Recv(0); err != nil {
			return
		}
	}
}

func (c *Closer) Close() error { // want Close:"sockUses\\(c\\.sock\\)"
	return c.sock.Close() // want `c.sock is used \(Close\) in exported method Close, .* method Run starts on line 135`
}
