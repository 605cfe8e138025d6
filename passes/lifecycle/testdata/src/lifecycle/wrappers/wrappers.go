// Package wrappers creates and configures sockets for its callers.
package wrappers

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

// NewSub returns a connected SUB socket; the caller closes it.
func NewSub(ep, topic string) (*zmq.Socket, error) { // want NewSub:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect %s: %w", ep, err)
	}
	if err := s.SetSubscribe(topic); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// NewContext is a context constructor wrapper.
func NewContext() (*zmq.Context, error) { // want NewContext:"createsContext\\(0\\) nilOnError"
	return zmq.NewContext()
}

// leaky leaks on one path: not a constructor (reported here instead).
func leaky(ep string) (*zmq.Socket, error) {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return nil, err
	}
	if err := s.Bind(ep); err != nil {
		return nil, err
	}
	return s, nil
}

// pool keeps the socket as well as returning it: not a constructor.
var pool []*zmq.Socket

func pooled() *zmq.Socket {
	s, _ := zmq.NewSocket(zmq.PUSH)
	pool = append(pool, s)
	return s
}

func local() {
	s, err := NewSub("tcp://x", "") // want `socket s is not closed on all paths: the return on line 59 leaks it`
	if err != nil {
		return
	}
	s.Recv(0)
}

var _ = leaky
