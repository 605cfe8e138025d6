package idframe

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

type broker struct {
	router zmq4.Socket
	seen   map[string][]byte
}

func newBroker(ctx context.Context) *broker {
	b := &broker{seen: map[string][]byte{}}
	b.router = zmq4.NewRouter(ctx)
	return b
}

// serve keeps the id with a suffix appended: the spare capacity of the id
// slice is shared by every message of the peer.
func (b *broker) serve() error {
	for {
		msg, err := b.router.Recv()
		if err != nil {
			return err
		}
		id := msg.Frames[0]
		b.seen[string(id)] = append(id, '!') // want `id \(msg.Frames\[0\]\) is the ROUTER peer id frame received on line 24`
	}
}
