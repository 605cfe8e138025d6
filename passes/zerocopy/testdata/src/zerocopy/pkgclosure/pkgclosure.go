// Package pkgclosure: function bodies in package-level closures are
// analysed like functions.
package pkgclosure

import "github.com/go-zeromq/zmq4"

// Command is a cobra-like command.
type Command struct {
	Run func(s zmq4.Socket)
}

var Cmd = &Command{
	Run: func(s zmq4.Socket) {
		b := make([]byte, 4)
		s.Send(zmq4.NewMsg(b))
		b[0] = 1 // want `b is modified after it was handed to Send on line 15`
	},
}
