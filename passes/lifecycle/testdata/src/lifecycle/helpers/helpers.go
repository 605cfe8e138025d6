package helpers

import (
	"log"
	"os"

	zmq "github.com/pebbe/zmq4"
)

func CloseQuietly(s *zmq.Socket) { // want CloseQuietly:"zmqParams\\(closes\\[0\\]\\)"
	if err := s.Close(); err != nil {
		log.Print(err)
	}
}

func Configure(s *zmq.Socket) error { // want Configure:"zmqParams\\(borrows\\[0\\]\\)"
	return s.SetSndhwm(10)
}

var registry []*zmq.Socket

func Keep(s *zmq.Socket) { registry = append(registry, s) }

func Die(msg string) {
	log.Print(msg)
	os.Exit(1)
}
