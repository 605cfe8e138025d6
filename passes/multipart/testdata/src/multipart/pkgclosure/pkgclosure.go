// Package pkgclosure: function bodies in package-level closures are
// analysed like functions.
package pkgclosure

import (
	"encoding/json"

	zmq "github.com/pebbe/zmq4"
)

// Command is a cobra-like command.
type Command struct {
	Run func(s *zmq.Socket, topic string, v any) error
}

var Cmd = &Command{
	Run: func(s *zmq.Socket, topic string, v any) error {
		if _, err := s.Send(topic, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 23 is reached without the final part`
			return err
		}
		body, err := json.Marshal(v)
		if err != nil {
			return err
		}
		_, err = s.SendBytes(body, 0)
		return err
	},
}
