package helpers

import (
	goczmq "github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
)

// Header sends the routing envelope; the caller sends the body.
func Header(s *zmq.Socket, id []byte) error { // want Header:`leavesMessageOpen\[0\]`
	if _, err := s.SendBytes(id, zmq.SNDMORE); err != nil {
		return err
	}
	_, err := s.Send("", zmq.SNDMORE)
	return err
}

// Envelope forwards to Header: a helper too.
func Envelope(id []byte, s *zmq.Socket) error { // want Envelope:`leavesMessageOpen\[1\]`
	return Header(s, id)
}

// Frame is the goczmq counterpart.
func Frame(s *goczmq.Sock, topic []byte) error { // want Frame:`leavesMessageOpen\[0\]`
	return s.SendFrame(topic, goczmq.FlagMore)
}

// Complete sends a whole message: no fact.
func Complete(s *zmq.Socket, id, body []byte) error {
	if err := Header(s, id); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}
