package reuse

import (
	goczmq "github.com/go-zeromq/goczmq/v4"
)

func reuseAlone(s *goczmq.Sock, b []byte) error {
	return s.SendFrame(b, goczmq.FlagReuse) // want `the flags goczmq.FlagReuse of SendFrame include FlagReuse: SendFrame makes a new C frame for each call, and zframe_send, told to reuse it, sends a copy and never frees it, so every call leaks the frame on the C heap`
}

func reuseMore(s *goczmq.Sock, hdr, body []byte) error {
	if err := s.SendFrame(hdr, goczmq.FlagMore|goczmq.FlagReuse); err != nil { // want `the flags goczmq.FlagMore\|goczmq.FlagReuse of SendFrame include FlagReuse`
		return err
	}
	return s.SendFrame(body, goczmq.FlagReuse+goczmq.FlagDontWait) // want `include FlagReuse`
}

func reuseLiteral(s *goczmq.Sock, b []byte) error {
	return s.SendFrame(b, 3) // want `the flags 3 of SendFrame include FlagReuse`
}

const myFlags = goczmq.FlagReuse

func reuseNamed(s *goczmq.Sock, b []byte) error {
	return s.SendFrame(b, myFlags) // want `the flags myFlags of SendFrame include FlagReuse`
}
