// Package gozmq is robustness testdata for go-zeromq/zmq4, whose sockets
// are an interface.
package gozmq

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

type wrapped struct{ zmq4.Socket }

func embed(ctx context.Context) error {
	w := wrapped{zmq4.NewPush(ctx)}
	defer w.Close()
	return w.Send(zmq4.NewMsgString("x"))
}

func generic[S zmq4.Socket](s S) error {
	defer s.Close()
	return s.Send(zmq4.NewMsgString("g"))
}

func useGeneric(ctx context.Context) error {
	return generic(zmq4.NewPush(ctx))
}

func methodValues(ctx context.Context) error {
	s := zmq4.NewPull(ctx)
	defer s.Close()
	recv := s.Recv
	for i := 0; i < 3; i++ {
		if _, err := recv(); err != nil {
			return err
		}
	}
	return nil
}

func methodExpr(ctx context.Context) error {
	s := zmq4.NewPull(ctx)
	defer zmq4.Socket.Close(s)
	_, err := zmq4.Socket.Recv(s)
	return err
}

func selectLoop(ctx context.Context, out chan<- zmq4.Msg) {
	s := zmq4.NewPull(ctx)
	defer s.Close()
	for {
		m, err := s.Recv()
		if err != nil {
			return
		}
		select {
		case out <- m:
		case <-ctx.Done():
			return
		}
	}
}
