package sndflow

import (
	"encoding/json"

	zmq "github.com/pebbe/zmq4"
)

type msg struct {
	id     []byte
	fields [][]byte
	body   []byte
}

// break after a part, then a return: the empty final part goes before the
// break.
func breakOpen(s *zmq.Socket, items []any) {
	for _, it := range items {
		s.SendBytes([]byte("item"), zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 26 is reached through the break on line 22 without the final part`
		body, err := json.Marshal(it)
		if err != nil {
			break
		}
		s.SendBytes(body, 0)
	}
}

// The same with a part the move fix cannot take ([]byte parameter): the
// empty final part goes before the break (the return after the loop is
// reached with the message closed too).
func breakOpenVar(s *zmq.Socket, id []byte, items []any) {
	for _, it := range items {
		s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 40 is reached through the break on line 36 without the final part`
		body, err := json.Marshal(it)
		if err != nil {
			break
		}
		s.SendBytes(body, 0)
	}
}

// A labeled continue out of an inner loop comes back to the first part.
func continueOuter(s *zmq.Socket, msgs []msg) {
outer:
	for _, m := range msgs {
		s.SendBytes(m.id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the loop can come back to it through the continue outer on line 49 without the final part`
		for _, f := range m.fields {
			if f == nil {
				continue outer
			}
			s.SendBytes(f, zmq.SNDMORE)
		}
		s.SendBytes(m.body, 0)
	}
}

// goto an error exit with the message open.
func gotoFail(s *zmq.Socket, id []byte, v any) (err error) {
	var body []byte
	if _, err = s.SendBytes(id, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 70 is reached without the final part`
		return err
	}
	body, err = json.Marshal(v)
	if err != nil {
		goto fail
	}
	_, err = s.SendBytes(body, 0)
	return err
fail:
	return err
}

// A socket created here is closed on the early return instead.
func localClose(id []byte, v any) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 82`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.SendBytes(body, 0)
	return s.Close()
}

// break is followed by the final part: fine.
func breakThenFinal(s *zmq.Socket, hdr []byte, parts [][]byte) {
	s.SendBytes(hdr, zmq.SNDMORE)
	for _, p := range parts {
		if len(p) == 0 {
			break
		}
		s.SendBytes(p, zmq.SNDMORE)
	}
	s.SendBytes(nil, 0)
}

// continue skips only leading parts; the last is sent after the loop.
func continueLeading(s *zmq.Socket, parts [][]byte) {
	last := len(parts) - 1
	for _, p := range parts[:last] {
		if len(p) == 0 {
			continue
		}
		s.SendBytes(p, zmq.SNDMORE)
	}
	s.SendBytes(parts[last], 0)
}

// continue before the first part of a message: nothing is open.
func continueBefore(s *zmq.Socket, items [][]byte) {
	for _, it := range items {
		if len(it) == 0 {
			continue
		}
		s.Send("item", zmq.SNDMORE)
		s.SendBytes(it, 0)
	}
}

// No edit: at the return, s names another socket.
func shadowed(s, other *zmq.Socket, id []byte, v any) error {
	s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 130.*no edit is offered: send the final part or close the socket where the message is left open`
	body, err := json.Marshal(v)
	if err != nil {
		s := other
		_ = s
		return err
	}
	s.SendBytes(body, 0)
	return nil
}

type node struct{ sock *zmq.Socket }

// A socket created here but also kept in a struct: closing it would break
// the struct's later sends, so the empty final part is offered instead.
func keptSocket(n *node, id []byte, v any) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	n.sock = s
	s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 149`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}
