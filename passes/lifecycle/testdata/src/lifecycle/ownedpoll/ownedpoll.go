// Package ownedpoll: a type whose poll loop closes fields on operator
// commands while another method (Close) closes every field on every path
// (red team 2, broker.go). The loop is not the type's close method: the
// "closes it only on some paths" rule applies only when no method of the
// type closes the field on every path.
package ownedpoll

import (
	zmq "github.com/pebbe/zmq4"
)

// Guarded: Close closes sock under a nil check of the field, which is
// every path where sock is set; Reset closes it only on some paths. No
// finding.
type Guarded struct { // want Guarded:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
	pub  *zmq.Socket
	mode int
}

func NewGuarded() (*Guarded, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	sock, err := ctx.NewSocket(zmq.DEALER)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	pub, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		sock.Close()
		ctx.Term()
		return nil, err
	}
	return &Guarded{ctx: ctx, sock: sock, pub: pub}, nil
}

func (g *Guarded) Reset() {
	g.pub.Close()
	if g.mode == 1 {
		g.sock.Close()
	}
}

func (g *Guarded) Close() {
	if g.sock != nil {
		g.sock.Close()
	}
	g.pub.Close()
	g.ctx.Term()
}

// Half: both methods that close sock do so on some paths only; the first
// (Stop) is reported.
type Half struct { // want Half:"zmqCloser\\(Drain, Stop\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
	ep   string
}

func NewHalf(ep string) *Half {
	ctx, _ := zmq.NewContext()
	sock, _ := ctx.NewSocket(zmq.DEALER) // want `socket sock is stored in field sock of Half, whose Stop closes it only on some paths: the return on line \d+ closes the other fields but leaves sock open`
	return &Half{ctx: ctx, sock: sock, ep: ep}
}

func (h *Half) Stop() {
	if h.ep != "" {
		h.sock.Close()
	}
	h.ctx.Term()
}

func (h *Half) Drain(now bool) {
	if now {
		h.sock.Close()
	}
	h.ctx.Term()
}
