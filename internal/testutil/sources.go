package testutil

// LeakSrc is a main package with one pebbe socket leaked on an error
// return: the smallest program with a finding and a fix, shared by the
// driver's and the command's tests that build temporary modules.
const LeakSrc = `package main

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

func leak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}

func main() { _ = leak() }
`
