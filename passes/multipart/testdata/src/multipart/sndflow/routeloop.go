package sndflow

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

type batch struct {
	route []string
	items [][]byte
}

// Route parts sent by an inner loop, then a continue of the outer loop
// before the final part: the next batch's route is glued onto the open
// message (when the route is not empty, the loop leaves a part open).
func routeContinueOuter(s *zmq.Socket, batches []batch, max int) error {
outer:
	for _, b := range batches {
		for _, it := range b.items {
			for _, r := range b.route {
				if _, err := s.Send(r, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE`
					return err
				}
			}
			if len(it) > max {
				log.Printf("dropping oversized batch")
				continue outer
			}
			if _, err := s.SendBytes(it, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// The same with a plain continue of the loop around the route loop.
func routeContinue(s *zmq.Socket, items [][]byte, route []string, max int) {
	for _, it := range items {
		for _, r := range route {
			s.Send(r, zmq.SNDMORE) // want `this part is sent on s with SNDMORE`
		}
		if len(it) > max {
			continue
		}
		s.SendBytes(it, 0)
	}
}

// Not reported: the route loop is followed by the final part on every
// path.
func routeThenBody(s *zmq.Socket, items [][]byte, route []string) error {
	for _, it := range items {
		for _, r := range route {
			if _, err := s.Send(r, zmq.SNDMORE); err != nil {
				return err
			}
		}
		if _, err := s.SendBytes(it, 0); err != nil {
			return err
		}
	}
	return nil
}

// Not reported: the continue comes before the route, with no part open.
func skipBeforeRoute(s *zmq.Socket, items [][]byte, route []string, max int) {
	for _, it := range items {
		if len(it) > max {
			continue
		}
		for _, r := range route {
			s.Send(r, zmq.SNDMORE)
		}
		s.SendBytes(it, 0)
	}
}

// Not reported: the continue outer comes after the final part.
func continueAfterBody(s *zmq.Socket, batches []batch) {
outer:
	for _, b := range batches {
		for _, it := range b.items {
			for _, r := range b.route {
				s.Send(r, zmq.SNDMORE)
			}
			s.SendBytes(it, 0)
			if len(it) == 0 {
				continue outer
			}
		}
	}
}

// Not reported: a continue of the route loop itself (skipping empty
// route parts) stays in the run.
func skipEmptyRoute(s *zmq.Socket, items [][]byte, route []string) {
	for _, it := range items {
		for _, r := range route {
			if r == "" {
				continue
			}
			s.Send(r, zmq.SNDMORE)
		}
		s.SendBytes(it, 0)
	}
}
