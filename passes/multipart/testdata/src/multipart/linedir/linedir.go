// Package linedir has //line directives: the move fix must take and put
// the real lines.
package linedir

import (
	"encoding/json"

	zmq "github.com/pebbe/zmq4"
)

//line other.tmpl:100
func earlyReturn(s *zmq.Socket, topic string, v any) error {
	if _, err := s.Send(topic, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 106 is reached without the final part`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}
