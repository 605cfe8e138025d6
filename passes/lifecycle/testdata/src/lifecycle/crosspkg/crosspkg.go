package crosspkg

import (
	zmq "github.com/pebbe/zmq4"

	"lifecycle/helpers"
)

func closedByHelper() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer helpers.CloseQuietly(s)
	s.Send("x", 0)
}

func kept() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	helpers.Keep(s)
}

func borrowedThenLeaked() error {
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	return helpers.Configure(s)
}

func dies() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		helpers.Die("socket")
	}
	if err := s.Bind("x"); err != nil {
		helpers.Die("bind")
	}
	s.Close()
}
