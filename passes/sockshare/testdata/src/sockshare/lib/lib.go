// Package lib holds socket helpers used by package use.
package lib

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

// Pump receives until an error, then closes done.
func Pump(s *zmq.Socket, done chan struct{}) { // want Pump:"sockUses\\(s\\) signals\\(done\\)"
	defer close(done)
	for {
		if _, err := s.Recv(0); err != nil {
			return
		}
	}
}

// Log only reads an option.
func Log(s *zmq.Socket) { // want Log:"sockUses\\(s\\)"
	s.GetType()
}

// Guarded uses the socket under its own mutex: not exported.
func Guarded(mu *sync.Mutex, s *zmq.Socket) {
	mu.Lock()
	defer mu.Unlock()
	s.Send("x", 0)
}

// Ignore does nothing with the socket.
func Ignore(s *zmq.Socket) {}
