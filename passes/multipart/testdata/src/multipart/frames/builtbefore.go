package frames

import "github.com/go-zeromq/zmq4"

// stream builds the Msg once and sends it in the loop: the copy must be
// taken at the send.
func stream(pub zmq4.Socket, items [][]byte) {
	frames := [][]byte{[]byte("t"), nil}
	m := zmq4.Msg{Frames: frames}
	for _, it := range items {
		frames[1] = it // want `frames was handed over to Send`
		pub.Send(m)
	}
}
