// Package vendored uses a vendored copy of pebbe/zmq4 (GOPATH mode: the
// package path is lifecycle/vendored/vendor/github.com/pebbe/zmq4): the
// model must know it as the binding, and every check must report what it
// reports on the same code with the binding not vendored
// (TestVendoredBinding in internal/robust compares them).
package vendored

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

func leak(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	return s.Bind(ep)
}

func termWhileOpen(ep string) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	defer s.Close()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	s.Bind(ep)
}

func lingerUnit(s *zmq.Socket) error { // want lingerUnit:"zmqParams\\(borrows\\[0\\]\\)"
	return s.SetLinger(500) // want `SetLinger\(500\) sets a linger of 500ns`
}

// abandoned leaves a multipart message open (multipart).
func abandoned(s *zmq.Socket, fail bool) error { // want abandoned:"zmqParams\\(borrows\\[0\\]\\)"
	s.Send("topic", zmq.SNDMORE)
	if fail {
		return nil
	}
	_, err := s.Send("body", 0)
	return err
}

// shared uses one socket from two goroutines (sockshare).
func shared(s *zmq.Socket) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Send("x", 0)
	}()
	s.Send("y", 0)
	wg.Wait()
}
