package worker

import (
	"encoding/json"

	zmq "github.com/pebbe/zmq4"

	"zmqlint.test/demo/internal/zmqutil"
)

// Report sends a result as two frames: topic, then JSON body. When the
// body cannot be marshalled, the topic frame is left open and glued onto
// the next message sent on s.
func Report(s *zmq.Socket, topic string, r Job) error {
	if _, err := s.Send(topic, zmq.SNDMORE); err != nil {
		return err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// ReportVia does the same through a helper that sends the header.
func ReportVia(s *zmq.Socket, topic string, r Job) error {
	if err := zmqutil.SendHeader(s, topic); err != nil {
		return err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}
