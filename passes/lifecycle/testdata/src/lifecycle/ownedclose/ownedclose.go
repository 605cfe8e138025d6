// Package ownedclose: a socket field used after it was closed.
package ownedclose

import (
	"errors"

	zmq "github.com/pebbe/zmq4"
)

type Client struct { // want Client:"zmqCloser\\(Close, Finish, Restart, Twice\\)"
	ctx    *zmq.Context
	sock   *zmq.Socket
	closed bool
}

func (c *Client) Close() error {
	c.sock.Close()
	return c.ctx.Term()
}

// Send checks the flag: calling it after Close is not a use.
func (c *Client) Send(b []byte) error {
	if c.closed {
		return errors.New("closed")
	}
	_, err := c.sock.SendBytes(b, 0)
	return err
}

func (c *Client) reconnect(ep string) error {
	s, err := c.ctx.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	c.sock = s
	return s.Connect(ep)
}

// Direct close, then a send on the field.
func (c *Client) Flush(b []byte) {
	c.sock.Close()
	c.sock.SendBytes(b, 0) // want `c.sock.SendBytes is called after c.sock was closed on line \d+: every path here closes it first`
}

// Close by the type's method, then a use of the field.
func (c *Client) Restart() {
	c.Close()
	c.sock.SetLinger(0) // want `c.sock.SetLinger is called after c.sock was closed on line \d+ \(by Close\): every path here closes it first`
}

// A function given the struct.
func drain(c *Client) {
	c.Close()
	for {
		if _, err := c.sock.Recv(0); err != nil { // want `c.sock.Recv is called after c.sock was closed on line \d+ \(by Close\)`
			return
		}
	}
}

// Negatives.

// Reopened by a method in between.
func (c *Client) Reset(ep string) {
	c.sock.Close()
	c.reconnect(ep)
	c.sock.Send("hello", 0)
}

// Reopened by a store.
func (c *Client) Replace(s *zmq.Socket) {
	c.sock.Close()
	c.sock = s
	c.sock.Send("hello", 0)
}

// Closed on one path only.
func (c *Client) Maybe(stop bool) {
	if stop {
		c.sock.Close()
	}
	c.sock.Send("x", 0)
}

// Another struct's field.
func swap(a, b *Client) {
	a.sock.Close()
	b.sock.Send("x", 0)
}

// Handed to unknown code, which may reopen it.
func viaUnknown(c *Client, f func(*Client)) {
	c.sock.Close()
	f(c)
	c.sock.Send("x", 0)
}

// A deferred close runs at the end.
func (c *Client) Deferred() {
	defer c.sock.Close()
	c.sock.Send("x", 0)
}

// The Send method after Close: Send checks the closed flag first.
func (c *Client) Twice() {
	c.Close()
	c.Send(nil)
}

// Loop that closes at the end of each iteration and reopens at the top.
func (c *Client) Loop(eps []string) {
	for _, ep := range eps {
		if err := c.reconnect(ep); err != nil {
			return
		}
		c.sock.Send("x", 0)
		c.sock.Close()
	}
}

type Nilling struct { // want Nilling:"zmqCloser\\(Close, Ping\\)"
	sock *zmq.Socket
}

func (n *Nilling) Close() {
	n.sock.Close()
	n.sock = nil
}

// After Close the field is nil: the guarded use never runs.
func (n *Nilling) Ping() {
	n.Close()
	if n.sock != nil {
		n.sock.Send("ping", 0)
	}
}

// Only constructors store Fixed.sock: a helper that logs through fmt
// cannot reopen it.
type Fixed struct { // want Fixed:"zmqCloser\\(Close, Misuse\\)"
	sock *zmq.Socket
}

func NewFixed() *Fixed {
	s, _ := zmq.NewSocket(zmq.PUSH)
	return &Fixed{sock: s}
}

func (f *Fixed) Close() { f.sock.Close() }

func (f *Fixed) stats() { println(f.sock.String()) }

func (f *Fixed) Misuse() {
	f.Close()
	f.stats()
	f.sock.Send("x", 0) // want `f.sock.Send is called after f.sock was closed on line \d+ \(by Close\)`
}

// A Term follows the close: deferring the close would make the Term wait.
func (c *Client) Finish(b []byte) {
	c.sock.Close()
	c.sock.SendBytes(b, 0) // want `c.sock.SendBytes is called after c.sock was closed on line \d+: every path here closes it first`
	c.ctx.Term()
}
