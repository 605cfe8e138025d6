package reuse

import (
	goczmq "github.com/go-zeromq/goczmq/v4"
)

func noReuse(s *goczmq.Sock, hdr, body []byte, flags int) error {
	if err := s.SendFrame(hdr, goczmq.FlagMore); err != nil {
		return err
	}
	s.SendFrame(body, flags) // not a constant: unknown
	return s.SendFrame(body, goczmq.FlagNone)
}

// other is not goczmq's SendFrame.
type other struct{}

func (other) SendFrame([]byte, int) error { return nil }

func notBinding(o other, b []byte) error {
	return o.SendFrame(b, goczmq.FlagReuse)
}
