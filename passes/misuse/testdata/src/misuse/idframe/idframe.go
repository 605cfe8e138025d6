package idframe

import (
	"context"
	"encoding/hex"

	"github.com/go-zeromq/zmq4"
)

// inPlace: the id frame is written through the message.
func inPlace(ctx context.Context) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	for {
		msg, err := router.Recv()
		if err != nil {
			return
		}
		msg.Frames[0][0] = 'X' // want `msg.Frames\[0\] is the ROUTER peer id frame received on line 15, one slice shared by every message of that peer: writing it changes the id of its earlier and later messages \(clone it with bytes.Clone first\)`
		router.Send(msg)
	}
}

// throughVar: the id is read into a variable and encoded into.
func throughVar(ctx context.Context, tag []byte) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	msg, err := router.Recv()
	if err != nil {
		return
	}
	id := msg.Frames[0]
	hex.Encode(id, tag) // want `id \(msg.Frames\[0\]\) is the ROUTER peer id frame received on line 28`
}

// appendKey: append into the id's spare capacity.
func appendKey(ctx context.Context, keys map[string][]byte) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	go func() {
		for {
			msg, err := router.Recv()
			if err != nil {
				return
			}
			id := msg.Frames[0]
			key := append(id, ':') // want `id \(msg.Frames\[0\]\) is the ROUTER peer id frame received on line 42, one slice shared by every message of that peer: appending to it writes into its spare capacity, which is shared too, and corrupts what other appends to it hold`
			keys[string(key)] = key
		}
	}()
}

// copyInto: copy over the id.
func copyInto(ctx context.Context, prefix []byte) error {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	msg, err := router.Recv()
	if err != nil {
		return err
	}
	copy(msg.Frames[0], prefix) // want `msg.Frames\[0\] is the ROUTER peer id frame received on line 57`
	return nil
}
