package basic

import (
	"errors"
	"log"

	zmq "github.com/pebbe/zmq4"
)

var errBind = errors.New("bind")

func leak(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths: the return on line 18 leaks it`
	if err != nil {
		return err
	}
	if err := s.Bind(ep); err != nil {
		return err
	}
	return nil
}

func closed(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.Bind(ep)
}

func closedClosure(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer func() { s.Close() }()
	return s.Bind(ep)
}

func returned() (*zmq.Socket, error) { // want returned:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return nil, err
	}
	if err := s.Bind("tcp://*:5555"); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func fatal() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		log.Fatal(err)
	}
	if err := s.Bind("x"); err != nil {
		log.Fatal(err)
	}
	s.Close()
}

func closeIt(s *zmq.Socket) { s.Close() } // want closeIt:"zmqParams\\(closes\\[0\\]\\)"

func viaHelper() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	closeIt(s)
}

type node struct{ inbox *zmq.Socket }

func newNode() (*node, error) {
	n := &node{}
	var err error
	n.inbox, err = zmq.NewSocket(zmq.PULL) // want `socket n.inbox is not closed on all paths`
	if err != nil {
		return nil, err
	}
	if err := n.inbox.Bind("x"); err != nil {
		return nil, err
	}
	return n, nil
}

func loop(eps []string) {
	var s *zmq.Socket
	for _, ep := range eps {
		s, _ = zmq.NewSocket(zmq.PUSH) // want `socket s is created in a loop`
		s.Connect(ep)
	}
	s.Close()
}

func ctxLeak() error {
	ctx, err := zmq.NewContext() // want `context ctx is not closed on all paths`
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		return err
	}
	s.Close()
	return nil
}

func lifo() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	defer s.Close()
	defer ctx.Term() // want `is deferred after the defer of s.Close\(\)`
	s.Send("x", 0)
}

func good() {
	ctx, _ := zmq.NewContext()
	defer ctx.Term()
	s, _ := ctx.NewSocket(zmq.SUB)
	defer s.Close()
	s.Recv(0)
}

func termOpen() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.SUB)
	defer s.Close()
	ctx.Term() // want `ctx.Term\(\) is reached while socket s`
}

func noLinger() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close() // want `s is closed with the default infinite linger`
	ctx.Term()
}

func lingerSet() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.SetLinger(0)
	s.Send("x", 0)
	s.Close()
	ctx.Term()
}

func lingerUnit(s *zmq.Socket) { // want lingerUnit:"zmqParams\\(borrows\\[0\\]\\)"
	s.SetLinger(500) // want `SetLinger\(500\) sets a linger of 500ns`
}

func useAfterClose() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Close()
	s.Send("x", 0) // want `s.Send is called after s was closed on line 154`
}

var _ = errBind

type conn struct{ s *zmq.Socket }

// connect keeps the socket, and with it the context, on success; the
// context leaks when the socket cannot be created.
func (z *conn) connect() error {
	ctx, err := zmq.NewContext() // want `context ctx is not closed on all paths: the return on line 171 leaks it`
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	z.s = s
	return nil
}

// dial returns the socket on success; the error text mentions its name,
// which is not a use of it.
func dial(ep string) (*zmq.Socket, error) { // want dial:"createsSocket\\(0\\) nilOnError"
	back, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return nil, err
	}
	if err := back.Connect(ep); err != nil {
		back.Close()
		return nil, errors.New("back: connect failed")
	}
	return back, nil
}

func dialLeak(ep string) (*zmq.Socket, error) {
	back, err := zmq.NewSocket(zmq.DEALER) // want `socket back is not closed on all paths`
	if err != nil {
		return nil, err
	}
	if err := back.Connect(ep); err != nil {
		return nil, errors.New("back: connect failed")
	}
	return back, nil
}
