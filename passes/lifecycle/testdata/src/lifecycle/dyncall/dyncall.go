// Package dyncall: a socket passed to a call through a function value, or
// an interface method the model does not know, goes to unknown code: an
// escape, never a leak.
package dyncall

import zmq "github.com/pebbe/zmq4"

// Cleanups closes through a slice of functions, deferred.
func Cleanups(cleanups []func(*zmq.Socket) error) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	for _, f := range cleanups {
		defer f(s)
	}
	return s.Bind("inproc://a")
}

// MethodExprs closes through method expressions stored in a slice.
func MethodExprs() error {
	fs := []func(*zmq.Socket) error{(*zmq.Socket).Close}
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	for _, f := range fs {
		defer f(s)
	}
	return s.Bind("inproc://a")
}

// MethodExprPlain calls one method expression from a slice, not deferred.
func MethodExprPlain() {
	fs := []func(*zmq.Socket) error{(*zmq.Socket).Close}
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Bind("inproc://a")
	fs[0](s)
}

type owner struct {
	release func(*zmq.Socket)
	hooks   map[string]func(*zmq.Socket) error
}

// FuncField closes through a function field.
func (o *owner) FuncField() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Bind("inproc://a")
	o.release(s)
}

// FuncMap closes through a map of functions.
func (o *owner) FuncMap() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Bind("inproc://a")
	o.hooks["close"](s)
}

// FuncParam defers a function value given by the caller.
func FuncParam(done func(*zmq.Socket)) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer done(s)
	s.Bind("inproc://a")
}

type closer interface{ Release(*zmq.Socket) }

// Iface hands the socket to an interface method the model does not know.
func Iface(c closer) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Bind("inproc://a")
	c.Release(s)
}

// Local calls a func literal bound to a local variable: the callee is
// known (it only sends), so this is a use and the leak is reported.
func Local() {
	send := func(s *zmq.Socket) { s.Send("x", 0) }
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	send(s)
}

// StillLeaks: a dynamic call that does not take the socket changes
// nothing.
func StillLeaks(f func()) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	f()
	return s.Bind("inproc://a")
}
