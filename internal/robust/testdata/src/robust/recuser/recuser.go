// Package recuser uses package recursive's helpers through facts.
package recuser

import (
	zmq "github.com/pebbe/zmq4"

	"robust/recursive"
)

func closedByEven() error {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	return recursive.Even(s, 4)
}

// usedByPing leaks s, but lifecycle summarises a recursive helper as
// letting its parameter escape (the summary of a function in progress is
// Escape), so the leak is not reported: a known miss, never a false
// positive, and the facts always converge.
func usedByPing() error {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	recursive.Ping(s, 4)
	return nil
}

func forever() {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return
	}
	recursive.Forever(s)
}
