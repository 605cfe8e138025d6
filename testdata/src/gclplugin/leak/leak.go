// Package leak is the plugin test's case: the plugin must hand
// golangci-lint analyzers that still find a leaked socket.
package leak

import zmq "github.com/pebbe/zmq4"

func send(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	_, err = s.Send("hello", 0)
	s.Close()
	return err
}
