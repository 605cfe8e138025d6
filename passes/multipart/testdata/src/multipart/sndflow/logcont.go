package sndflow

import (
	"encoding/json"
	"log"

	zmq "github.com/pebbe/zmq4"
)

// An error branch that logs and goes on to the next message.
func logAndContinue(s *zmq.Socket, id []byte, items []any) {
	for _, it := range items {
		s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the loop can come back to it through the continue on line 17 without the final part`
		body, err := json.Marshal(it)
		if err != nil {
			log.Printf("skip %v: %v", it, err)
			continue
		}
		s.SendBytes(body, 0)
	}
}

// The same with the log after an error of the part's own: the part's
// error path is not followed, so only the marshal error counts.
func logAndBreak(s *zmq.Socket, id []byte, items []any) {
	for _, it := range items {
		if _, err := s.SendBytes(id, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 41 is reached through the break on line 34 without the final part`
			log.Print(err)
			continue
		}
		body, err := json.Marshal(it)
		if err != nil {
			log.Print(err)
			break
		}
		if _, err := s.SendBytes(body, 0); err != nil {
			log.Print(err)
			return
		}
	}
}
