// Package overlap has two diagnostics whose fixes edit the same line: two
// sockets created in one statement line, each leaked, each fixed by a
// deferred Close inserted after that line.
package overlap

import zmq "github.com/pebbe/zmq4"

func two() error {
	a, _ := zmq.NewSocket(zmq.PUSH); b, _ := zmq.NewSocket(zmq.PULL) // want `socket a is not closed` `socket b is not closed`
	if err := a.Bind("inproc://a"); err != nil {
		return err
	}
	return b.Connect("inproc://a")
}
