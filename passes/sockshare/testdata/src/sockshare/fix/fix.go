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

// A Close cannot move before the goroutine: the goroutine closes s.
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

// A return between the deferred Close and the go statement: handing the
// Close over would leak s there (shape launcher-close-kept).
func deferThenReturn(ep string) error {
	s, _ := zmq.NewSocket(zmq.PULL)
	defer s.Close() // want `s is used \(Close\) here while the goroutine started on line 75`
	if err := s.Bind(ep); err != nil {
		return err
	}
	go worker(s)
	return nil
}

// The goroutine closes s itself: no second Close is handed over.
func goroutineCloses() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go func() {
		s.Recv(0)
		s.Close()
	}()
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 82`
}

// The operands of the go'd call change after the go statement: wrapping
// it would start worker with another socket value.
func operandChanges(t *zmq.Socket) {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 93`
	s = t
	_ = s
}
