// Package leak is the plugin test's case: the plugin must hand
// golangci-lint an analyzer that still finds a leaked socket, shows the
// finding's code, and keeps a finding that shares its line with another.
package leak

import zmq "github.com/pebbe/zmq4"

func send(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths: the return on line 14 leaks it \(call Close\) \(lifecycle/leaked-socket\)$`
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

func typoOnTheLeakLine() {
	s, _ := zmq.NewSocket(zmq.PUSH) /* want `socket s is not closed on all paths.* \(lifecycle/leaked-socket\); and on this line: zmqlint:ignore directive names no known check \(lifecylce\).* \(directive/unknown-check\)$` */ //zmqlint:ignore lifecylce typo
	s.Send("x", 0)
}
