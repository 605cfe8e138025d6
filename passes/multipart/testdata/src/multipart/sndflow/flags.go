package sndflow

import (
	"context"
	"encoding/json"
	"errors"

	zmq "github.com/pebbe/zmq4"
)

var errEmpty = errors.New("empty part")

// A flag variable cleared at the last index: every message is finished.
func flagVarLast(s *zmq.Socket, parts [][]byte) error {
	for i, p := range parts {
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		if _, err := s.SendBytes(p, flag); err != nil {
			return err
		}
	}
	return nil
}

// The same with the test spelled the other way round, a for loop and a
// named bound.
func flagVarForLoop(s *zmq.Socket, parts []string) {
	n := len(parts)
	for i := 0; i < n; i++ {
		flag := zmq.Flag(0)
		if i+1 < n {
			flag = zmq.SNDMORE
		}
		s.Send(parts[i], flag)
	}
}

// The final part in the last-index branch, the others in the other one.
func branchLast(s *zmq.Socket, parts [][]byte) {
	for i := 0; i < len(parts); i++ {
		if i < len(parts)-1 {
			s.SendBytes(parts[i], zmq.SNDMORE)
		} else {
			s.SendBytes(parts[i], 0)
		}
	}
}

// continue skips a part: when it skips the last one, the message stays
// open. No edit is safe (the skip happens on other iterations too).
func skipEmpty(s *zmq.Socket, parts [][]byte) {
	for i, p := range parts {
		if len(p) == 0 {
			continue
		}
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		s.SendBytes(p, flag) // want `this part is sent on s with SNDMORE on every iteration of the loop but the last, but an iteration can go on or leave the loop without sending it: when that is the last iteration, the return on line 64 is reached without the final part.*no edit is offered: filter out the parts`
	}
}

// A return before the part in a later iteration: the earlier parts are
// left open.
func validateInLoop(s *zmq.Socket, parts [][]byte) error {
	for i, p := range parts {
		if len(p) == 0 {
			return errEmpty
		}
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		if _, err := s.SendBytes(p, flag); err != nil { // want `on every iteration of the loop but the last, but an iteration can go on or leave the loop without sending it: when that is the last iteration, the return on line 71 is reached.*no edit is offered: filter out the parts`
			return err
		}
	}
	return nil
}

// break after a part whose flag is chosen per iteration: the message is
// open on the break for every part but the last, so no edit at the break
// is safe.
func breakAfterFlag(ctx context.Context, s *zmq.Socket, parts [][]byte) error {
	for i, p := range parts {
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		if _, err := s.SendBytes(p, flag); err != nil { // want `on every iteration of the loop but the last, but the return on line 100 is reached through the break on line 97 without the final part.*no edit is offered: the message is open there on some paths only`
			return err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil
}

// break in the not-last branch, right after its part: the message is open
// there on every path, so the final part goes before the break.
func breakNotLast(ctx context.Context, s *zmq.Socket, parts [][]byte) error {
	for i := 0; i < len(parts); i++ {
		if i < len(parts)-1 {
			if _, err := s.SendBytes(parts[i], zmq.SNDMORE); err != nil { // want `on every iteration of the loop but the last, but the return on line 118 is reached through the break on line 112 without the final part`
				return err
			}
			if ctx.Err() != nil {
				break
			}
		} else {
			s.SendBytes(parts[i], 0)
		}
	}
	return nil
}

// A flag that has SNDMORE on every path.
func flagAlwaysMore(s *zmq.Socket, id []byte, nonblock bool, v any) error {
	flags := zmq.SNDMORE
	if nonblock {
		flags |= zmq.DONTWAIT
	}
	s.SendBytes(id, flags) // want `this part is sent on s with SNDMORE, but the return on line 130`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A flag with SNDMORE on some paths only, outside a counting loop: not
// judged.
func flagSometimesMore(s *zmq.Socket, id []byte, more bool, v any) error {
	flags := zmq.DONTWAIT
	if more {
		flags |= zmq.SNDMORE
	}
	s.SendBytes(id, flags)
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A flag accumulated in a loop is not a constant set: not judged.
func flagLoopCarried(s *zmq.Socket, parts [][]byte) {
	var flag zmq.Flag
	for _, p := range parts {
		s.SendBytes(p, flag)
		flag |= zmq.SNDMORE
	}
}

// A flag from a parameter: not judged.
func flagParam(s *zmq.Socket, p []byte, flag zmq.Flag) error { // want flagParam:`sendsWithFlag\(0, 2\)`
	_, err := s.SendBytes(p, flag)
	return err
}

// A skip that the last-index test rules out for the last part: the last
// part is always sent.
func skipNotLast(s *zmq.Socket, parts [][]byte) {
	for i, p := range parts {
		if i < len(parts)-1 && len(p) == 0 {
			continue
		}
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		s.SendBytes(p, flag)
	}
}

// break at the last index comes after the final part: fine.
func breakAtLast(s *zmq.Socket, parts [][]byte) error {
	for i, p := range parts {
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		if _, err := s.SendBytes(p, flag); err != nil {
			return err
		}
		if i == len(parts)-1 {
			break
		}
	}
	return nil
}

// A skip of the last part only: left open whenever it is empty.
func skipLast(s *zmq.Socket, parts [][]byte) {
	for i, p := range parts {
		if i == len(parts)-1 && len(p) == 0 {
			continue
		}
		flag := zmq.SNDMORE
		if i == len(parts)-1 {
			flag = 0
		}
		s.SendBytes(p, flag) // want `on every iteration of the loop but the last, but an iteration can go on or leave the loop without sending it`
	}
}

// A skip of the first element happens before any part is sent: not
// judged (the path search does not model other tests of the index).
func skipFirst(s *zmq.Socket, frames [][]byte) {
	for i, f := range frames {
		if i == 0 {
			continue
		}
		flag := zmq.SNDMORE
		if i == len(frames)-1 {
			flag = 0
		}
		s.SendBytes(f, flag)
	}
}
