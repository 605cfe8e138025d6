// Package ownedval: value receivers and promoted methods of owner types.
package ownedval

import (
	zmq "github.com/pebbe/zmq4"
)

type stats struct{ closes int }

func (s *stats) inc() { s.closes++ }

// Val closes its socket from a value receiver whose copy SSA keeps in a
// local (the stats field's address is taken): the copy shares the
// socket, so that close counts, and Shutdown's Term does not make sock a
// field "no method closes".
type Val struct {
	ctx   *zmq.Context
	sock  *zmq.Socket
	stats stats
}

func NewVal() *Val {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return &Val{ctx: ctx, sock: s}
}

func (v Val) CloseSocket() {
	v.stats.inc()
	v.sock.Close()
}

func (v *Val) Shutdown() { v.ctx.Term() }

// ValTerm: the wrong order in a value receiver (the copy terminates the
// caller's context).
type ValTerm struct { // want ValTerm:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewValTerm() ValTerm {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PAIR)
	return ValTerm{ctx: ctx, sock: s}
}

func (v ValTerm) Close() {
	v.ctx.Term() // want `v.ctx.Term\(\) in Close runs while socket field sock of ValTerm is still open`
	v.sock.Close()
}

// Outer: Close terminates the context, then calls a method of the
// embedded base, promoted, that closes the socket.
type base struct {
	sock *zmq.Socket
}

func (b *base) closeSock() { b.sock.Close() }

type Outer struct { // want Outer:"zmqCloser\\(Close\\)"
	base
	ctx *zmq.Context
}

func NewOuter() *Outer {
	ctx, _ := zmq.NewContext()
	o := &Outer{ctx: ctx}
	o.sock, _ = ctx.NewSocket(zmq.PUSH)
	return o
}

func (o *Outer) Close() {
	o.ctx.Term() // want `o.ctx.Term\(\) in Close runs while socket field base.sock of Outer is still open`
	o.closeSock()
}

// Extended declares no close method: its Close is conn's, promoted, which
// closes conn's socket and not Extended's own extra. No fix (Extended
// needs a Close of its own).
type conn struct {
	sock *zmq.Socket
}

func (c *conn) Close() error { return c.sock.Close() }

type Extended struct {
	conn
	extra *zmq.Socket
}

func NewExtended() *Extended {
	s, _ := zmq.NewSocket(zmq.DEALER)
	x, _ := zmq.NewSocket(zmq.PUB) // want `socket x is stored in field extra of Extended, which no method of Extended closes: its Close is conn's, promoted from the embedded conn \(line \d+\), which closes only the embedded fields \(declare Extended.Close to close extra and call the embedded Close\)`
	return &Extended{conn: conn{sock: s}, extra: x}
}

// Covered declares no close method either, and every field of its own is
// closed by some function of the package: silent.
type Covered struct {
	conn
	extra *zmq.Socket
}

func NewCovered() *Covered {
	s, _ := zmq.NewSocket(zmq.DEALER)
	x, _ := zmq.NewSocket(zmq.PUB)
	return &Covered{conn: conn{sock: s}, extra: x}
}

func shutdownCovered(c *Covered) {
	c.extra.Close()
	c.Close()
}
