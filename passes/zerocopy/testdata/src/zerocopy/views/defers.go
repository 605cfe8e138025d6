package views

import (
	"github.com/go-zeromq/zmq4"
)

func zero(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func deferClear(pub zmq4.Socket, secret []byte) {
	b := make([]byte, len(secret))
	defer clear(b) // want `b is modified after it was handed to Send on line 17`
	copy(b, secret)
	pub.Send(zmq4.NewMsg(b))
}

func deferZero(pub zmq4.Socket, secret []byte) {
	b := make([]byte, len(secret))
	defer zero(b) // want `b is modified after it was handed to Send on line 24`
	copy(b, secret)
	pub.Send(zmq4.NewMsg(b))
}

func deferClosure(pub zmq4.Socket, secret []byte) {
	b := make([]byte, len(secret))
	defer func() { clear(b) }() // want `b is modified after it was handed to Send on line 31`
	copy(b, secret)
	pub.Send(zmq4.NewMsg(b))
}

// Negatives.

// The deferred clear is of another buffer.
func deferClearOther(pub zmq4.Socket, secret []byte) {
	tmp := make([]byte, len(secret))
	defer clear(tmp)
	copy(tmp, secret)
	pub.Send(zmq4.NewMsg(append([]byte(nil), tmp...)))
}

// A copy is sent.
func deferClearCopy(pub zmq4.Socket, secret []byte) {
	b := make([]byte, len(secret))
	defer clear(b)
	copy(b, secret)
	out := make([]byte, len(b))
	copy(out, b)
	pub.Send(zmq4.NewMsg(out))
}

// The defer is only on a path that does not send.
func deferClearOtherPath(pub zmq4.Socket, secret []byte, drop bool) {
	b := make([]byte, len(secret))
	copy(b, secret)
	if drop {
		defer clear(b)
		return
	}
	pub.Send(zmq4.NewMsg(b))
}
