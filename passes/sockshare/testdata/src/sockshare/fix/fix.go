package fix

import (
	"log"
	"time"

	zmq "github.com/pebbe/zmq4"
)

func worker(s *zmq.Socket) { // want worker:"sockUses\\(s\\)"
	for {
		s.Recv(0)
	}
}

// A log line after the hand-off: moved before the go statement.
func logAfter() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	t, _ := s.GetType() // want `s is used \(GetType\) here while the goroutine started on line 19`
	log.Println("socket type", t)
}

// An option set after an unrelated statement: moved too.
func optionAfter() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go func() {
		s.Recv(0)
	}()
	n := 3
	s.SetLinger(0) // want `s is used \(SetLinger\) here while the goroutine started on line 27`
	log.Println(n)
}

// The option's value is computed after the go statement: no fix.
func dependsOnBetween() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	d := time.Second
	s.SetLinger(d) // want `s is used \(SetLinger\) here while the goroutine started on line 38`
}

// A Close cannot move before the goroutine: no fix.
func closeAfter() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 46`
}

// Two later uses: no single move.
func twoUses() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	s.SetLinger(0) // want `s is used \(SetLinger\) here while the goroutine started on line 53`
	s.SetRcvhwm(10)
}

// Inside a condition: no fix.
func inIf(verbose bool) {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	if verbose {
		s.SetLinger(0) // want `s is used \(SetLinger\) here while the goroutine started on line 61`
	}
}
