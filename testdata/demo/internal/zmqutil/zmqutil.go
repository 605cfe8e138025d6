// Package zmqutil holds the small helpers a service grows around its
// sockets. zmqlint learns what they do through facts.
package zmqutil

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

// CloseQuietly closes s and logs a failure instead of returning it.
func CloseQuietly(s *zmq.Socket) {
	if err := s.Close(); err != nil {
		log.Printf("close: %v", err)
	}
}

// Configure applies the service's socket options; it does not keep s.
func Configure(s *zmq.Socket, hwm int) error {
	if err := s.SetSndhwm(hwm); err != nil {
		return err
	}
	return s.SetRcvhwm(hwm)
}

// SendHeader sends the routing header of a message; the caller sends the
// body. zmqlint records that it leaves a message open on s.
func SendHeader(s *zmq.Socket, topic string) error {
	_, err := s.Send(topic, zmq.SNDMORE)
	return err
}
