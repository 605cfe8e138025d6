// Package pkgclosure: function bodies in package-level closures are
// analysed like functions.
package pkgclosure

import zmq "github.com/pebbe/zmq4"

// Command is a cobra-like command.
type Command struct {
	Run func(s *zmq.Socket)
}

var Cmd = &Command{
	Run: func(s *zmq.Socket) {
		go func() {
			s.Send("x", 0)
		}()
		s.Send("y", 0) // want `s is used \(Send\) here while the goroutine started on line 14`
	},
}
