// Package redteam holds shapes a red team found while writing service
// code: each was a false report or a wrong fix once.
package redteam

import (
	"errors"
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Mirror optionally copies body to a mirror endpoint: every path that
// creates m closes it.
func Mirror(mirror string, body []byte) error {
	var m *zmq.Socket
	if mirror != "" {
		var err error
		if m, err = zmq.NewSocket(zmq.PUSH); err != nil {
			return err
		}
	}
	if m != nil {
		m.SendBytes(body, zmq.DONTWAIT)
		m.Close()
	}
	return nil
}

func newReq(ep string) (*zmq.Socket, error) { // want newReq:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.REQ)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Request is a lazy-pirate client that forgets to close the old socket
// before making a new one. The variable is reassigned, so "sock.Close()"
// before a later return would close the new socket (or a nil one): no
// edit is offered for the first socket.
func Request(ep string, body []byte, retries int) ([]byte, error) {
	sock, err := newReq(ep) // want `socket sock is not closed on all paths`
	if err != nil {
		return nil, err
	}
	for ; retries > 0; retries-- {
		sock.SendBytes(body, 0)
		if reply, err := sock.RecvBytes(0); err == nil {
			sock.Close()
			return reply, nil
		}
		sock, err = newReq(ep) // want `socket sock is created in a loop`
		if err != nil {
			return nil, err
		}
	}
	sock.Close()
	return nil, errors.New("no reply")
}

// SetLongLinger uses nanoseconds on purpose: 1e9ns is one second.
func SetLongLinger(s *zmq.Socket) error { // want SetLongLinger:"zmqParams\\(borrows\\[0\\]\\)"
	return s.SetLinger(1e9)
}

// SetShortLinger means milliseconds but gets nanoseconds.
func SetShortLinger(s *zmq.Socket) error { // want SetShortLinger:"zmqParams\\(borrows\\[0\\]\\)"
	return s.SetLinger(1000) // want `SetLinger\(1000\) sets a linger of 1000ns, which libzmq receives as 0ms`
}

// Flush sets a zero linger only when the send fails: the Close after a
// successful send still waits forever at Term.
func Flush(ep string, body []byte) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	if _, err := push.SendBytes(body, zmq.DONTWAIT); err != nil {
		push.SetLinger(0)
	}
	push.Close() // want `push is closed with the default infinite linger after sending`
	return ctx.Term()
}

// shadowed has a local named time: the fix cannot write time.Millisecond.
func shadowed(s *zmq.Socket, time int) error { // want shadowed:"zmqParams\\(borrows\\[0\\]\\)"
	_ = time
	return s.SetLinger(250) // want `SetLinger\(250\) sets a linger of 250ns`
}

func tune(s *zmq.Socket) error { return s.SetLinger(0) } // want tune:"zmqParams\\(borrows\\[0\\]\\)"

// FlushTuned sets the linger through a helper: not reported.
func FlushTuned(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	tune(push)
	push.Connect(ep)
	push.Send("x", zmq.DONTWAIT)
	push.Close()
	return ctx.Term()
}

// open returns the socket on success; on the Bind error path it terminates
// the context with the socket still open: Term hangs.
func open(ep string) (*zmq.Context, *zmq.Socket, error) {
	zctx, err := zmq.NewContext()
	if err != nil {
		return nil, nil, err
	}
	a, err := zctx.NewSocket(zmq.ROUTER)
	if err != nil {
		zctx.Term()
		return nil, nil, err
	}
	if err := a.Bind(ep); err != nil {
		zctx.Term() // want `zctx.Term\(\) is reached while socket a \(line 127\) may still be open: .* \(a is not closed on the path to the return on line 134\)`
		return nil, nil, err
	}
	return zctx, a, nil
}

// Serve sends state from a Reactor timer; the socket is closed with the
// default linger and the deferred Term waits for the queued messages.
func Serve(ep string) error {
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer zctx.Term()
	pub, err := zctx.NewSocket(zmq.PUB)
	if err != nil {
		return err
	}
	defer pub.Close() // want `pub is closed with the default infinite linger after sending`
	if err := pub.Bind(ep); err != nil {
		return err
	}
	pub.Send("hello", zmq.DONTWAIT)
	r := zmq.NewReactor()
	r.AddChannelTime(time.Tick(time.Second), 1, func(interface{}) error {
		_, err := pub.Send("state", zmq.DONTWAIT)
		return err
	})
	return r.Run(time.Second)
}

// FlushMode sets a zero linger in one case of a switch: no edit both keeps
// the author's value on that path and bounds the others, so none is
// offered (a SetLinger before the Close would override it; red team 2 B5).
func FlushMode(ep string, body []byte, mode int) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	push.SendBytes(body, 0)
	switch mode {
	case 1:
		push.SetLinger(0)
	}
	push.Close() // want `push is closed with the default infinite linger after sending.*on the paths that do not set it already; no edit`
	return ctx.Term()
}
