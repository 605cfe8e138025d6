// Package wrapuser calls constructor wrappers of another package.
package wrapuser

import (
	zmq "github.com/pebbe/zmq4"

	"lifecycle/wrappers"
)

func leaks(ep string) error {
	s, err := wrappers.NewSub(ep, "ticks") // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	msg, err := s.Recv(0)
	if err != nil {
		return err
	}
	_ = msg
	return nil
}

func closes(ep string) error {
	s, err := wrappers.NewSub(ep, "ticks")
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Recv(0)
	return err
}

func returns(ep string) (*zmq.Socket, error) { // want returns:"createsSocket\\(0\\) nilOnError"
	return wrappers.NewSub(ep, "ticks")
}

func ctxTerm() error {
	ctx, err := wrappers.NewContext() // want `context ctx is not closed on all paths`
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	s.Close()
	return nil
}
