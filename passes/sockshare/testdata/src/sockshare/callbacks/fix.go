package callbacks

import (
	"time"

	zmq "github.com/pebbe/zmq4"
)

// The move fix applies to a registration like to a go statement.
func moveAboveAfterFunc(s *zmq.Socket) *time.Timer {
	t := time.AfterFunc(time.Minute, func() {
		s.Send("heartbeat", 0)
	})
	s.SetLinger(0) // want `s is used \(SetLinger\) here while the time.AfterFunc callback registered on line 11`
	return t
}
