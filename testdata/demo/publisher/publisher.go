// Package publisher publishes ticks with go-zeromq/zmq4.
package publisher

import (
	"context"
	"encoding/binary"
	"time"

	"github.com/go-zeromq/zmq4"
)

// Run publishes n ticks. The PUB socket queues each Msg and sends it from
// a background goroutine, so the frame must not be reused.
func Run(ctx context.Context, ep string, n int) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen(ep); err != nil {
		return err
	}
	buf := make([]byte, 8)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint64(buf, uint64(time.Now().UnixNano()))
		if err := pub.Send(zmq4.NewMsg(buf)); err != nil {
			return err
		}
	}
	return nil
}

// Listen starts a subscriber and never closes it.
func Listen(ctx context.Context, ep string) (zmq4.Msg, error) {
	sub := zmq4.NewSub(ctx)
	if err := sub.Dial(ep); err != nil {
		return zmq4.Msg{}, err
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return zmq4.Msg{}, err
	}
	return sub.Recv()
}
