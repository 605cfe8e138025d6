// Package pkgclosure: function bodies in package-level closures (cobra
// style commands, handler tables) are analysed like functions.
package pkgclosure

import zmq "github.com/pebbe/zmq4"

// Command is a cobra-like command.
type Command struct {
	Use string
	Run func(args []string) error
}

var cmd = &Command{
	Use: "push",
	Run: func(args []string) error {
		s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
		if err != nil {
			return err
		}
		return s.Bind(args[0])
	},
}

var handlers = map[string]func(string) error{
	"push": func(ep string) error {
		s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
		if err != nil {
			return err
		}
		return s.Connect(ep)
	},
}

var _, _ = cmd, handlers
