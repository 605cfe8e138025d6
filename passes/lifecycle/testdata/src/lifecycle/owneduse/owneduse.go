// Package owneduse keeps sockets made by another package's helpers in its
// own types, and embeds another package's owner type.
package owneduse

import (
	zmq "github.com/pebbe/zmq4"

	"lifecycle/ownedlib"
)

// Service: in is closed by the other package's helper (fact closes), out
// by nothing.
type Service struct { // want Service:"zmqCloser\\(Close\\)"
	ctx     *zmq.Context
	in, out *zmq.Socket
}

func NewService(a, b string) (*Service, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	in, err := ownedlib.Dial(a)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	out, err := ownedlib.Dial(b) // want `socket out is stored in field out of Service, which no method of Service closes: Close \(line \d+\) closes the type's other fields but not out \(call s.out.Close\(\) in Close\)`
	if err != nil {
		ownedlib.Shutdown(in)
		ctx.Term()
		return nil, err
	}
	return &Service{ctx: ctx, in: in, out: out}, nil
}

func (s *Service) Close() {
	ownedlib.Shutdown(s.in)
	s.ctx.Term()
}

// Gateway embeds ownedlib.Conn and releases it through the promoted
// field's Close: silent.
type Gateway struct { // want Gateway:"zmqCloser\\(Close\\)"
	ownedlib.Conn
	back *zmq.Socket
}

func NewGateway(ep string) (*Gateway, error) {
	back, err := zmq.NewSocket(zmq.ROUTER)
	if err != nil {
		return nil, err
	}
	g := &Gateway{back: back}
	if err := g.Open(ep); err != nil {
		back.Close()
		return nil, err
	}
	return g, nil
}

func (g *Gateway) Close() {
	g.back.Close()
	g.Conn.Close()
}

// Station embeds ownedlib.Conn and declares no Close: users call the
// promoted one. Silent.
type Station struct {
	ownedlib.Conn
	name string
}

// Forgetful embeds ownedlib.Conn and its Close never calls the
// embedded one (Gateway's call of its own embedded Conn's Close does not
// release Forgetful's).
type Forgetful struct { // want Forgetful:"zmqCloser\\(Close\\)"
	ownedlib.Conn
	back *zmq.Socket
}

func NewForgetful() *Forgetful {
	back, _ := zmq.NewSocket(zmq.ROUTER)
	return &Forgetful{back: back}
}

func (f *Forgetful) Close() { // want `Forgetful embeds ownedlib.Conn, which owns sockets released by its Close, but no method of Forgetful calls it: Close \(line \d+\) closes Forgetful's own fields and leaves the embedded ones open \(call f.Conn.Close\(\)\)`
	f.back.Close()
}
