package publisher

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

// Fanout publishes the parts of one record as one multipart message. With
// no parts the message has no frames, and the PUB socket's background
// goroutine panics on it, killing the process.
func Fanout(ctx context.Context, ep string, parts []string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen(ep); err != nil {
		return err
	}
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, []byte(p))
	}
	return pub.SendMulti(zmq4.NewMsgFrom(frames...))
}
