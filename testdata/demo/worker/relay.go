package worker

import (
	zmq "github.com/pebbe/zmq4"

	"zmqlint.test/demo/internal/zmqutil"
)

// Forwarder pulls from one endpoint and pushes to another, with sockets
// made by zmqutil.Dial. Its Close forgets out.
type Forwarder struct {
	in, out *zmq.Socket
}

// NewForwarder dials both sockets.
func NewForwarder(from, to string) (*Forwarder, error) {
	in, err := zmqutil.Dial(zmq.PULL, from)
	if err != nil {
		return nil, err
	}
	out, err := zmqutil.Dial(zmq.PUSH, to)
	if err != nil {
		zmqutil.CloseQuietly(in)
		return nil, err
	}
	return &Forwarder{in: in, out: out}, nil
}

// Close releases the forwarder.
func (f *Forwarder) Close() {
	zmqutil.CloseQuietly(f.in)
}

// Relay embeds zmqutil.Conn. Start runs the connection's receive loop on
// a goroutine; Forward, called by users from theirs, sends on the same
// socket.
type Relay struct {
	zmqutil.Conn
	seen int
}

// Start receives in the background.
func (r *Relay) Start() {
	go r.Loop(func(string) {})
}

// Forward sends m on the connection.
func (r *Relay) Forward(m string) error {
	return r.Send(m)
}
