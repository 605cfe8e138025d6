package basic

import "github.com/go-zeromq/zmq4"

func writeBeforeSend(s zmq4.Socket) {
	b := make([]byte, 4)
	b[0] = 1
	s.Send(zmq4.NewMsg(b))
}

func reallocated(s zmq4.Socket) {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	b = make([]byte, 4)
	b[0] = 1
	s.Send(zmq4.NewMsg(b))
}

func otherBuffer(s zmq4.Socket) {
	a := make([]byte, 4)
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(a))
	b[0] = 1
}

func closureReadsOnly(s zmq4.Socket) int {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	n := func() int { return len(b) + int(b[0]) }()
	return n
}

func copyFrom(s zmq4.Socket, dst []byte) {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(b))
	copy(dst, b)
}
