package usewrap

import (
	"zerocopy/wrap"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

func viaWrapper(s zmq4.Socket) {
	b := make([]byte, 4)
	wrap.Publish(s, b)
	wrap.Fill(b, 1) // want `b is modified after it was handed to Publish on line 12`
}

func viaChannelWrapper(p *wrap.Pub) {
	b := make([]byte, 4)
	p.Enqueue(b)
	b[0] = 1 // want `b is modified after it was handed to Enqueue on line 18`
}

func pebbeOnly(s *pebbe.Socket) {
	b := make([]byte, 4)
	s.SendBytes(b, 0)
	wrap.Fill(b, 1)
}
