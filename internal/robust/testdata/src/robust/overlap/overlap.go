// Package overlap has diagnostics whose fixes edit the same place: two
// go-zeromq sockets created in one statement, each leaked, each fixed by
// a deferred Close inserted after that statement (the same insertion
// point); and two pebbe sockets created on one line.
package overlap

import (
	"context"

	gozmq "github.com/go-zeromq/zmq4"
	zmq "github.com/pebbe/zmq4"
)

func two(ctx context.Context) error {
	a, b := gozmq.NewPush(ctx), gozmq.NewPull(ctx) // want `socket a is not closed` `socket b is not closed`
	if err := a.Listen("inproc://a"); err != nil {
		return err
	}
	return b.Dial("inproc://a")
}

func oneLine() error {
	a, _ := zmq.NewSocket(zmq.PUSH); b, _ := zmq.NewSocket(zmq.PULL) // want `socket a is not closed` `socket b is not closed`
	if err := a.Bind("inproc://a"); err != nil {
		return err
	}
	return b.Connect("inproc://a")
}
