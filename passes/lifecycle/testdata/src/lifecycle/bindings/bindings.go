package bindings

import (
	"context"

	"github.com/go-zeromq/goczmq/v4"
	"github.com/go-zeromq/zmq4"
)

func czmqLeak(ep string) error {
	s, err := goczmq.NewPush(ep) // want `socket s is not closed on all paths: the return on line 13 leaks it \(call Destroy\)`
	if err != nil {
		return err
	}
	s.Destroy()
	return nil
}

func czmqOK(ep string) error {
	s, err := goczmq.NewPush(ep)
	defer s.Destroy()
	if err != nil {
		return err
	}
	return s.SendFrame([]byte("x"), goczmq.FlagNone)
}

func czmqUseAfterDestroy(ep string) {
	s, _ := goczmq.NewPush(ep)
	s.Destroy()
	s.SendFrame([]byte("x"), 0) // want `s.SendFrame is called after s was closed`
}

func gozmqLeak(ctx context.Context, ep string) error {
	pub := zmq4.NewPub(ctx) // want `socket pub is not closed on all paths`
	if err := pub.Listen(ep); err != nil {
		return err
	}
	return pub.Close()
}

func gozmqOK(ctx context.Context, ep string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	return pub.Listen(ep)
}

func gozmqInterface(ctx context.Context) zmq4.Socket { // want gozmqInterface:"createsSocket\\(0\\)"
	return zmq4.NewSub(ctx)
}
