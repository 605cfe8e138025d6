package sndflow

import (
	"encoding/json"

	zmq "github.com/pebbe/zmq4"
)

// sendPart sends one part with the flags its caller passes.
func sendPart(s *zmq.Socket, b []byte, flag zmq.Flag) error { // want sendPart:`sendsWithFlag\(0, 2\)`
	_, err := s.SendBytes(b, flag)
	return err
}

// A flag parameter: the caller's SNDMORE is the part.
func viaWrapper(s *zmq.Socket, id []byte, v any) error {
	if err := sendPart(s, id, zmq.SNDMORE); err != nil { // want `this part is sent on s through sendPart with SNDMORE, but the return on line 22`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return sendPart(s, body, 0)
}

// The wrapper's final part finishes the message.
func viaWrapperOK(s *zmq.Socket, id, body []byte) error {
	if err := sendPart(s, id, zmq.SNDMORE); err != nil {
		return err
	}
	return sendPart(s, body, 0)
}

// flagFor computes the flag from the index and the count.
func flagFor(i, n int) zmq.Flag { // want flagFor:`returnsFlags\[0 2\]\(test\)`
	if i == n-1 {
		return 0
	}
	return zmq.SNDMORE
}

// A flag computed by a helper: every message is finished.
func helperFlag(s *zmq.Socket, parts [][]byte) {
	for i, p := range parts {
		s.SendBytes(p, flagFor(i, len(parts)))
	}
}

// The same through the wrapper, with a continue that can skip the last part.
func helperFlagSkip(s *zmq.Socket, parts [][]byte) {
	for i, p := range parts {
		if p == nil {
			continue
		}
		sendPart(s, p, flagFor(i, len(parts))) // want `this part is sent on s through sendPart with SNDMORE on every iteration of the loop but the last, but an iteration can go on`
	}
}

// more says whether parts follow, from a bool.
func more(last bool) zmq.Flag { // want more:`returnsFlags\[0 2\]\(test\)`
	if last {
		return 0
	}
	return zmq.SNDMORE
}

func helperBool(s *zmq.Socket, parts [][]byte) error {
	for i, p := range parts {
		if len(p) == 0 {
			return errEmpty
		}
		if _, err := s.SendBytes(p, more(i == len(parts)-1)); err != nil { // want `on every iteration of the loop but the last, but an iteration can go on or leave the loop without sending it`
			return err
		}
	}
	return nil
}

// Always SNDMORE from a helper.
func envelopeFlag() zmq.Flag { return zmq.SNDMORE | zmq.DONTWAIT } // want envelopeFlag:`returnsFlags\[3\]`

func helperAlwaysMore(s *zmq.Socket, id []byte, v any) error {
	s.SendBytes(id, envelopeFlag()) // want `this part is sent on s with SNDMORE, but the return on line 87`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// No edit: the return itself sends another part, which an inserted final
// part would turn into the start of a new open message.
func returnsPart(s *zmq.Socket, id, more []byte, v any) (int, error) {
	s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 98 is reached without the final part.*no edit is offered`
	if v == nil {
		return s.SendBytes(more, zmq.SNDMORE)
	}
	return s.SendBytes(more, 0)
}

// flagRec returns its own recursive call's result on one path: a cycle of
// the returnsFlags table, which starts from "no known flags", so none.
func flagRec(n int) zmq.Flag {
	if n > 0 {
		return flagRec(n - 1)
	}
	return zmq.SNDMORE
}

// flagA and flagB call each other, but only flagB returns the other's
// result: the cycle settles on both.
func flagA(n int) zmq.Flag { // want flagA:`returnsFlags\[1\]`
	if n > 0 {
		flagB(n - 1)
	}
	return zmq.DONTWAIT
}

func flagB(n int) zmq.Flag { // want flagB:`returnsFlags\[1\]`
	if n > 0 {
		return flagA(n - 1)
	}
	return zmq.DONTWAIT
}
