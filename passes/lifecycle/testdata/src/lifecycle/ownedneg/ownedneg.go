// Package ownedneg: struct-owned sockets that look left open but are not
// (or that the check cannot judge): each type here must stay silent.
package ownedneg

import (
	"errors"
	"sync"

	zmq "github.com/pebbe/zmq4"

	"lifecycle/ownedbase"
)

// NoCloser has no method that closes anything: its users may close it
// field by field; not reported (docs/lifecycle.md).
type NoCloser struct {
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewNoCloser() *NoCloser {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	return &NoCloser{ctx: ctx, sock: s}
}

// Getter hands its socket out: the caller may close it.
type Getter struct { // want Getter:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewGetter() *Getter {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	return &Getter{ctx: ctx, sock: s}
}

func (g *Getter) Socket() *zmq.Socket { return g.sock }

func (g *Getter) Close() { g.ctx.Term() }

// Exported: code of other packages can close Sock through the field.
type Exported struct { // want Exported:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	Sock *zmq.Socket
}

func NewExported() *Exported {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	return &Exported{ctx: ctx, Sock: s}
}

func (e *Exported) Close() { e.ctx.Term() }

// Injected: the socket comes from the caller, who owns it.
type Injected struct { // want Injected:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewInjected(s *zmq.Socket) *Injected {
	ctx, _ := zmq.NewContext()
	return &Injected{ctx: ctx, sock: s}
}

func (i *Injected) Close() { i.ctx.Term() }

// Once: Close releases everything inside a sync.Once.
type Once struct { // want Once:"zmqCloser\\(Close\\)"
	once sync.Once
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewOnce() *Once {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	return &Once{ctx: ctx, sock: s}
}

func (o *Once) Close() {
	o.once.Do(func() {
		o.sock.Close()
		o.ctx.Term()
	})
}

// Guarded: an idempotent Close returns early when already closed, and
// checks each field for nil: neither path is a partial close.
type Guarded struct { // want Guarded:"zmqCloser\\(Close\\)"
	mu     sync.Mutex
	closed bool
	ctx    *zmq.Context
	a, b   *zmq.Socket
}

func NewGuarded() *Guarded {
	ctx, _ := zmq.NewContext()
	a, _ := ctx.NewSocket(zmq.PUB)
	b, _ := ctx.NewSocket(zmq.SUB)
	return &Guarded{ctx: ctx, a: a, b: b}
}

func (g *Guarded) Close() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	if g.a != nil {
		g.a.Close()
	}
	if g.b != nil {
		g.b.Close()
	}
	return g.ctx.Term()
}

// ErrStop: Close stops at the first failing close; the later fields are
// left to a retry, not a partial close.
type ErrStop struct { // want ErrStop:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	a, b *zmq.Socket
}

func NewErrStop() *ErrStop {
	ctx, _ := zmq.NewContext()
	a, _ := ctx.NewSocket(zmq.PUB)
	b, _ := ctx.NewSocket(zmq.SUB)
	return &ErrStop{ctx: ctx, a: a, b: b}
}

func (e *ErrStop) Close() error {
	if err := e.a.Close(); err != nil {
		return err
	}
	if err := e.b.Close(); err != nil {
		return err
	}
	return e.ctx.Term()
}

// Loop: the socket is closed by the goroutine that serves it.
type Loop struct {
	ctx  *zmq.Context
	sock *zmq.Socket
	done chan struct{}
}

func NewLoop() *Loop {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PULL)
	l := &Loop{ctx: ctx, sock: s, done: make(chan struct{})}
	go l.run()
	return l
}

func (l *Loop) run() {
	defer l.sock.Close()
	for {
		if _, err := l.sock.Recv(0); err != nil {
			return
		}
	}
}

func (l *Loop) Close() { l.ctx.Term() }

// Many: the sockets live in a slice, closed in a loop.
type Many struct { // want Many:"zmqCloser\\(Close\\)"
	ctx   *zmq.Context
	socks []*zmq.Socket
}

func NewMany(eps []string) *Many {
	ctx, _ := zmq.NewContext()
	m := &Many{ctx: ctx}
	for range eps {
		s, _ := ctx.NewSocket(zmq.PUSH)
		m.socks = append(m.socks, s)
	}
	return m
}

func (m *Many) Close() {
	for _, s := range m.socks {
		s.Close()
	}
	m.ctx.Term()
}

// Delegated: Close hands both fields to helpers that close them.
type Delegated struct {
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewDelegated() *Delegated {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	return &Delegated{ctx: ctx, sock: s}
}

func (d *Delegated) Close() {
	d.release()
	d.ctx.Term()
}

func (d *Delegated) release() { ownedbase.CloseSock(d.sock) }

// DeferOnError: the constructor closes what it built when it fails, by a
// deferred Close of the struct; Close releases everything.
type DeferOnError struct { // want DeferOnError:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func Dial(ep string) (c *DeferOnError, err error) {
	c = &DeferOnError{}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	if c.ctx, err = zmq.NewContext(); err != nil {
		return nil, err
	}
	if c.sock, err = c.ctx.NewSocket(zmq.REQ); err != nil {
		return nil, err
	}
	if err = c.sock.Connect(ep); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *DeferOnError) Close() {
	if c.sock != nil {
		c.sock.Close()
	}
	if c.ctx != nil {
		c.ctx.Term()
	}
}

// CloseOnError: the constructor calls Close on its error path.
type CloseOnError struct { // want CloseOnError:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewCloseOnError(ep string) (*CloseOnError, error) {
	c := &CloseOnError{}
	var err error
	if c.ctx, err = zmq.NewContext(); err != nil {
		return nil, err
	}
	if c.sock, err = c.ctx.NewSocket(zmq.REQ); err != nil {
		c.Close()
		return nil, err
	}
	if err := c.sock.Connect(ep); err != nil {
		c.Close()
		return nil, errors.New("connect")
	}
	return c, nil
}

func (c *CloseOnError) Close() {
	if c.sock != nil {
		c.sock.Close()
	}
	c.ctx.Term()
}

// Registered: the struct is kept in a registry; its Close releases all.
var registry = map[string]*Registered{}

type Registered struct { // want Registered:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func Register(name string) {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	registry[name] = &Registered{ctx: ctx, sock: s}
}

func (r *Registered) Close() {
	r.sock.Close()
	r.ctx.Term()
}

// Outer embeds a type of another package, whose Close it calls: the
// embedded fields are that package's (fact zmqOwns) and are not judged
// here.
type Outer struct { // want Outer:"zmqCloser\\(Close\\)"
	ownedbase.Base
	ctx *zmq.Context
}

func NewOuter(ep string) (*Outer, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	o := &Outer{ctx: ctx}
	if err := o.Open(ep); err != nil {
		o.ctx.Term()
		return nil, err
	}
	return o, nil
}

func (o *Outer) Close() {
	o.Base.Close()
	o.ctx.Term()
}

// Swapped: a method replaces the socket, closing the old one; Close
// closes the current one.
type Swapped struct { // want Swapped:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func (s *Swapped) Reconnect() error {
	n, err := s.ctx.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	if s.sock != nil {
		s.sock.Close()
	}
	s.sock = n
	return nil
}

func (s *Swapped) Close() {
	if s.sock != nil {
		s.sock.Close()
	}
	s.ctx.Term()
}

// Served: the socket is also handed to a goroutine that closes it.
type Served struct { // want Served:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewServed() *Served {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PULL)
	go serve(s)
	return &Served{ctx: ctx, sock: s}
}

func serve(s *zmq.Socket) { // want serve:"zmqParams\\(closes\\[0\\]\\)"
	defer s.Close()
	s.Recv(0)
}

func (s *Served) Close() { s.ctx.Term() }

// Shared: the socket is stored in two types; the other one closes it.
type Shared struct { // want Shared:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
	peer *Peer
}

type Peer struct { // want Peer:"zmqCloser\\(Close\\)"
	sock *zmq.Socket
}

func (p *Peer) Close() { p.sock.Close() }

func NewShared() *Shared {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PAIR)
	return &Shared{ctx: ctx, sock: s, peer: &Peer{sock: s}}
}

func (s *Shared) Close() {
	s.peer.Close()
	s.ctx.Term()
}

// Modes: each mode sets one socket, and Close closes the one its mode set.
type Modes struct { // want Modes:"zmqCloser\\(Close\\)"
	ctx      *zmq.Context
	pub, sub *zmq.Socket
	mode     int
}

func NewModes(mode int) (*Modes, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	m := &Modes{ctx: ctx, mode: mode}
	if mode == 0 {
		if m.pub, err = ctx.NewSocket(zmq.PUB); err != nil {
			ctx.Term()
			return nil, err
		}
		return m, nil
	}
	if m.sub, err = ctx.NewSocket(zmq.SUB); err != nil {
		ctx.Term()
		return nil, err
	}
	return m, nil
}

func (m *Modes) Close() {
	switch m.mode {
	case 0:
		m.pub.Close()
	default:
		m.sub.Close()
	}
	m.ctx.Term()
}

// ClosedEarly: the constructor itself closes the socket it stores (a
// different bug from the close method's): not reported as left open.
type ClosedEarly struct { // want ClosedEarly:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewClosedEarly() *ClosedEarly {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	defer s.Close()
	return &ClosedEarly{ctx: ctx, sock: s}
}

func (c *ClosedEarly) Close() { c.ctx.Term() }

// Handed: the method that stores the socket also returns it to the
// caller, who may close it.
type Handed struct { // want Handed:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func (h *Handed) Open() (*zmq.Socket, error) {
	s, err := h.ctx.NewSocket(zmq.REQ)
	if err != nil {
		return nil, err
	}
	h.sock = s
	return s, nil
}

func (h *Handed) Close() { h.ctx.Term() }
