package idframe

import (
	"bytes"
	"context"

	"github.com/go-zeromq/zmq4"
)

// cloned: the id is copied before it is written.
func cloned(ctx context.Context) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	msg, err := router.Recv()
	if err != nil {
		return
	}
	id := bytes.Clone(msg.Frames[0])
	id[0] = 'X'
	key := append([]byte(nil), msg.Frames[0]...)
	key[0] = 'Y'
	msg.Frames[0] = bytes.Clone(msg.Frames[0])
	msg.Frames[0][1] = 'Z'
}

// readOnly: the id is read and sent back.
func readOnly(ctx context.Context, body []byte) error {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	msg, err := router.Recv()
	if err != nil {
		return err
	}
	if string(msg.Frames[0]) == "admin" {
		return nil
	}
	return router.Send(zmq4.NewMsgFrom(msg.Frames[0], body))
}

// otherFrames: the body frames are fresh for every message.
func otherFrames(ctx context.Context) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	msg, err := router.Recv()
	if err != nil || len(msg.Frames) < 2 {
		return
	}
	msg.Frames[1][0] = 'x'
}

// dealer: a DEALER's received frames are its own.
func dealer(ctx context.Context) {
	d := zmq4.NewDealer(ctx)
	defer d.Close()
	msg, err := d.Recv()
	if err != nil {
		return
	}
	msg.Frames[0][0] = 'x'
}
