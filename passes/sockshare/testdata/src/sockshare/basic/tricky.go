package basic

import (
	"io"

	zmq "github.com/pebbe/zmq4"
)

// Generic launchers are analysed like any other.
func generic[T any](v T) {
	s, _ := zmq.NewSocket(zmq.PAIR)
	go func() {
		s.Recv(0)
	}()
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 12`
	_ = v
}

// A method value started as a goroutine.
func methodValue() {
	s, _ := zmq.NewSocket(zmq.PAIR)
	f := s.Close
	go f()
	s.Send("x", 0) // want `s is used \(Send\) here while the goroutine started on line 23`
}

// A panic after the go statement: nothing else touches s.
func panicsAfter(err error) {
	s, _ := zmq.NewSocket(zmq.PAIR)
	go worker(s)
	if err != nil {
		panic(err)
	}
}

// Through an interface: unknown code, not followed.
func viaInterface() {
	s, _ := zmq.NewSocket(zmq.PAIR)
	var c io.Closer = s
	go c.Close()
	s.Send("x", 0)
}

// The goroutine is started on one branch, the use is on the other.
func otherBranch(async bool) {
	s, _ := zmq.NewSocket(zmq.PAIR)
	if async {
		go worker(s)
		return
	}
	s.Send("x", 0)
}
