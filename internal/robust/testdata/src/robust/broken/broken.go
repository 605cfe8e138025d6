// Package broken does not type-check: zmqlint must say so, naming the
// package and the position, exit non-zero and apply no fix.
package broken

import zmq "github.com/pebbe/zmq4"

func leak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	var n int = "not an int"
	_ = n
	return s.Bind("inproc://x")
}
