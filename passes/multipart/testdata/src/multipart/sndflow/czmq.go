package sndflow

import (
	"context"

	czmq "github.com/go-zeromq/goczmq/v4"
)

// goczmq: the same last-index flag, over an int range (Go 1.22).
func czmqParts(s *czmq.Sock, parts [][]byte) error {
	for i := range len(parts) {
		flag := czmq.FlagMore
		if i == len(parts)-1 {
			flag = czmq.FlagNone
		}
		if err := s.SendFrame(parts[i], flag); err != nil {
			return err
		}
	}
	return nil
}

// break in the not-last branch: the empty final part is SendFrame(nil, 0).
func czmqBreak(ctx context.Context, s *czmq.Sock, parts [][]byte) error {
	for i := range len(parts) {
		if i+1 == len(parts) {
			return s.SendFrame(parts[i], czmq.FlagNone)
		}
		if err := s.SendFrame(parts[i], czmq.FlagMore); err != nil { // want `this part is sent on s with FlagMore on every iteration of the loop but the last, but the return on line 36 is reached through the break on line 33`
			return err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil
}

// A goczmq socket created here is destroyed on the early return.
func czmqLocal(endpoint string, id []byte, next func() ([]byte, error)) error {
	s, err := czmq.NewPush(endpoint)
	if err != nil {
		return err
	}
	s.SendFrame(id, czmq.FlagMore) // want `this part is sent on s with FlagMore, but the return on line 48`
	body, err := next()
	if err != nil {
		return err
	}
	err = s.SendFrame(body, czmq.FlagNone)
	s.Destroy()
	return err
}
