package abandon

import (
	"encoding/json"
	"errors"
	"log"

	zmq "github.com/pebbe/zmq4"
)

var errStop = errors.New("stop")

// Early return between the header and the body.
func earlyReturn(s *zmq.Socket, topic string, v any) error {
	if _, err := s.Send(topic, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line 20 is reached without the final part`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// Fixed: the fallible work comes first.
func marshalFirst(s *zmq.Socket, topic string, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := s.Send(topic, zmq.SNDMORE); err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// Three parts, each checked: a failing part is the caller's error path.
func checkedParts(s *zmq.Socket, a, b, c []byte) error {
	if _, err := s.SendBytes(a, zmq.SNDMORE); err != nil {
		return err
	}
	if _, err := s.SendBytes(b, zmq.SNDMORE); err != nil {
		return err
	}
	if _, err := s.SendBytes(c, 0); err != nil {
		return err
	}
	return nil
}

// Errors of all parts handled after the final part.
func errorsAfterFinal(s *zmq.Socket, a, b []byte) error {
	_, err1 := s.SendBytes(a, zmq.SNDMORE)
	_, err2 := s.SendBytes(b, 0)
	return errors.Join(err1, err2)
}

// SNDMORE combined with DONTWAIT still leaves the message open.
func dontwait(s *zmq.Socket, topic string, v any) error {
	s.Send(topic, zmq.SNDMORE|zmq.DONTWAIT) // want `this part is sent on s with SNDMORE, but the return on line 65`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, zmq.DONTWAIT)
	return err
}

// The flag from a variable assigned a constant is still a constant in SSA.
func flagVar(s *zmq.Socket, topic string, v any) error {
	more := zmq.SNDMORE
	s.Send(topic, more) // want `this part is sent on s with SNDMORE, but the return on line 77`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A flag chosen at run time is not judged.
func flagParam(s *zmq.Socket, topic string, flag zmq.Flag, v any) error {
	s.Send(topic, flag)
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

func flagMerged(s *zmq.Socket, topic string, last bool) error {
	f := zmq.SNDMORE
	if last {
		f = 0
	}
	_, err := s.Send(topic, f)
	return err
}

// continue in a loop comes back to the header.
func loopContinue(s *zmq.Socket, items []any) {
	for _, it := range items {
		s.Send("item", zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the loop can come back to it through the continue on line 109 without the final part`
		body, err := json.Marshal(it)
		if err != nil {
			continue
		}
		s.SendBytes(body, 0)
	}
}

// break leaves the loop, then the function.
func loopBreak(s *zmq.Socket, items []any) {
	for _, it := range items {
		s.Send("item", zmq.SNDMORE) // want `the return on line 125 is reached through the break on line 121 without the final part`
		body, err := json.Marshal(it)
		if err != nil {
			break
		}
		s.SendBytes(body, 0)
	}
}

// A complete sequence in a loop.
func loopComplete(s *zmq.Socket, items [][]byte) {
	for _, it := range items {
		s.Send("item", zmq.SNDMORE)
		s.SendBytes(it, 0)
	}
}

// The final part in every case of a switch.
func switchComplete(s *zmq.Socket, kind int, b []byte) {
	s.Send("hdr", zmq.SNDMORE)
	switch kind {
	case 0:
		s.SendBytes(b, 0)
	case 1:
		s.Send("one", 0)
	default:
		s.SendMessage("x", "y")
	}
}

// A switch case that returns early.
func switchEarly(s *zmq.Socket, kind int, b []byte) error {
	s.Send("hdr", zmq.SNDMORE) // want `the return on line 155 is reached`
	switch kind {
	case 0:
		s.SendBytes(b, 0)
	case 1:
		return errStop
	default:
		s.Send("x", 0)
	}
	return nil
}

// A select that gives up on one branch.
func selectEarly(s *zmq.Socket, done <-chan struct{}, in <-chan []byte) {
	s.Send("hdr", zmq.SNDMORE) // want `the return on line 169 is reached`
	select {
	case b := <-in:
		s.SendBytes(b, 0)
	case <-done:
		return
	}
}

// Closing the socket discards the open message: fine.
func closeOnError(s *zmq.Socket, v any) error {
	s.Send("hdr", zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		s.Close()
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A deferred Close covers every return.
func deferClose(v any) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	s.Send("hdr", zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A deferred send elsewhere is not judged.
func deferredFinal(s *zmq.Socket, v any) error {
	defer s.Send("end", 0)
	s.Send("hdr", zmq.SNDMORE)
	if v == nil {
		return errStop
	}
	return nil
}

// log.Fatal ends the path.
func fatal(s *zmq.Socket, v any) {
	s.Send("hdr", zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		log.Fatal(err)
	}
	s.SendBytes(body, 0)
}

// A panic ends the path.
func panics(s *zmq.Socket, v any) {
	s.Send("hdr", zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	s.SendBytes(body, 0)
}

// The socket handed to unknown code: silence.
func handedOff(s *zmq.Socket, finish func(*zmq.Socket) error, v any) error {
	s.Send("hdr", zmq.SNDMORE)
	if v == nil {
		return finish(s)
	}
	_, err := s.Send("body", 0)
	return err
}

// Goroutines: the body of a goroutine owns its sequence.
func goroutine(s *zmq.Socket, in <-chan any) {
	go func() {
		for v := range in {
			s.Send("hdr", zmq.SNDMORE) // want `the return on line 248 is reached`
			body, err := json.Marshal(v)
			if err != nil {
				return
			}
			s.SendBytes(body, 0)
		}
	}()
}

// A closure called in place that only sends a leading part: its caller
// finishes, so nothing is reported in it.
func closureHeader(s *zmq.Socket, b []byte) {
	hdr := func() { s.Send("hdr", zmq.SNDMORE) }
	hdr()
	s.SendBytes(b, 0)
}

// A socket in a struct field.
type node struct{ sock *zmq.Socket }

func (n *node) publish(topic string, v any) error {
	n.sock.Send(topic, zmq.SNDMORE) // want `this part is sent on n.sock with SNDMORE, but the return on line 270`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = n.sock.SendBytes(body, 0)
	return err
}

// Local helper in the same package: its caller is checked instead.
func sendHeader(s *zmq.Socket, topic string) error { // want sendHeader:`leavesMessageOpen\[0\]`
	_, err := s.Send(topic, zmq.SNDMORE)
	return err
}

func useLocalHelper(s *zmq.Socket, v any) error {
	if err := sendHeader(s, "t"); err != nil { // want `sendHeader leaves a multipart message open on s, but the return on line 288`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A different socket's final part does not finish this one.
func otherSocket(a, b *zmq.Socket, v any) {
	a.Send("hdr", zmq.SNDMORE) // want `this part is sent on a with SNDMORE, but the return on line 299`
	if v == nil {
		b.Send("body", 0)
		return
	}
	a.Send("body", 0)
}

// A parameter that is only ever given leading parts is a helper (fact),
// even when another socket is finished.
func onlyHeader(a, b *zmq.Socket) { // want onlyHeader:`leavesMessageOpen\[0\]`
	a.Send("hdr", zmq.SNDMORE)
	b.Send("body", 0)
}

// A socket created here: its sequence is this function's to finish.
func localSocket(v any) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	s.Send("hdr", zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 320`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.SendBytes(body, 0)
	return s.Close()
}

// No fix: the statements in between use the part's error variable.
func sharedErr(s *zmq.Socket, v any) error {
	_, err := s.Send("hdr", zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 331`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// No fix: the header bytes are written in between, so sending them later
// would send other bytes.
func headerChanged(s *zmq.Socket, hdr []byte, v any) error {
	s.SendBytes(hdr, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 344`
	hdr[0] = 'x'
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A []byte part may share memory a statement in between writes: no move.
func twoParts(s *zmq.Socket, id []byte, v any) error {
	s.SendBytes(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 356`
	s.Send("", zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// Generic functions are checked like others.
func generic[T any](s *zmq.Socket, v T) error {
	s.Send("hdr", zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 367`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A method value is the same send.
func methodValue(s *zmq.Socket, v any) error {
	send := s.Send
	send("hdr", zmq.SNDMORE) // want `this part is sent on s with SNDMORE`
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

// A goroutine given the socket may finish the message: silence.
func goFinishes(s *zmq.Socket, v any) {
	s.Send("hdr", zmq.SNDMORE)
	if v == nil {
		go func() { s.Send("end", 0) }()
		return
	}
	s.Send("body", 0)
}

// relay forwards a multipart message part by part (zguide rrbroker): the
// loop coming back to the SNDMORE send is the message continuing.
func relay(in, out *zmq.Socket) {
	for {
		msg, err := in.Recv(0)
		if err != nil {
			return
		}
		if more, _ := in.GetRcvmore(); more {
			out.Send(msg, zmq.SNDMORE)
		} else {
			out.Send(msg, 0)
			break
		}
	}
}

// relayFlag is the same relay with the flag computed up front.
func relayFlag(in, out *zmq.Socket) {
	for more := true; more; {
		msg, err := in.RecvBytes(0)
		if err != nil {
			return
		}
		more, _ = in.GetRcvmore()
		if more {
			out.SendBytes(msg, zmq.SNDMORE)
			continue
		}
		out.SendBytes(msg, 0)
	}
}

// Two leading parts of plain values moved together, in order.
func twoStringParts(s *zmq.Socket, id string, v any) error {
	s.Send(id, zmq.SNDMORE) // want `this part is sent on s with SNDMORE, but the return on line 434`
	s.SendBytes([]byte(""), zmq.SNDMORE)
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}
