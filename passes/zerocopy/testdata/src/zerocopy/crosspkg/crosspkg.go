package crosspkg

import (
	"example.com/wire"

	"github.com/go-zeromq/zmq4"
)

// A helper of a ZeroMQ-free package writes the sent buffer.
func headerAfterSend(pub zmq4.Socket, b []byte) {
	pub.Send(zmq4.NewMsg(b))
	wire.PutHeader(b, 2) // want `b is modified after it was handed to Send on line 11`
}

func loop(pub zmq4.Socket, n int) {
	b := make([]byte, 8)
	for i := 0; i < n; i++ {
		wire.PutHeader(b, uint64(i)) // want `b is modified after it was handed to Send on line 19`
		pub.Send(zmq4.NewMsg(b))
	}
}

// defer zero(b) with the helper's fact.
func deferZero(pub zmq4.Socket, secret []byte) {
	b := make([]byte, len(secret))
	defer wire.Zero(b) // want `b is modified after it was handed to Send on line 28`
	copy(b, secret)
	pub.Send(zmq4.NewMsg(b))
}

func stamp(pub zmq4.Socket, f wire.Frame) {
	pub.Send(zmq4.NewMsg(f))
	f.Stamp(1) // want `f is modified after it was handed to Send on line 32`
}

// Negatives: a helper that only reads; a write before the send.
func sumAfterSend(pub zmq4.Socket, b []byte) int {
	pub.Send(zmq4.NewMsg(b))
	return wire.Sum(b)
}

func headerBeforeSend(pub zmq4.Socket) {
	b := make([]byte, 8)
	wire.PutHeader(b, 1)
	pub.Send(zmq4.NewMsg(b))
}
