package publisher

import (
	"strconv"

	"github.com/go-zeromq/zmq4"
)

// Batch publishes each item as [topic, seq, item] frames, reusing one
// frames slice: the PUB queue still holds the previous Msg, whose Frames
// is that same slice.
func Batch(pub zmq4.Socket, topic string, items [][]byte) error {
	frames := make([][]byte, 3)
	for i, it := range items {
		frames[0] = []byte(topic)
		frames[1] = []byte(strconv.Itoa(i))
		frames[2] = it
		if err := pub.Send(zmq4.NewMsgFrom(frames...)); err != nil {
			return err
		}
	}
	return nil
}
