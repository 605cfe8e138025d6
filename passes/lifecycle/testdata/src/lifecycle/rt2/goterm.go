package rt2

import (
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Forward: the heartbeat goroutine only sends on push; push's deferred
// Close runs after the Term, which waits for it (red team 2, P22).
func Forward(ep string, stop chan struct{}) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer push.Close()
	push.SetLinger(time.Second)
	go func() {
		for range time.Tick(time.Second) {
			push.Send("hb", 0)
		}
	}()
	for {
		select {
		case <-stop:
			return ctx.Term() // want `return ctx.Term\(\) is reached while socket push \(line 16\) may still be open: Term blocks until every socket of the context is closed; the goroutine started on line 23 uses push: stop it, then close push before the Term`
		default:
			push.Send("x", 0)
		}
	}
}

func beat(s *zmq.Socket) { // want beat:"zmqParams\\(borrows\\[0\\]\\)"
	s.Send("hb", 0)
}

// ForwardHelper: the same with a helper that borrows the socket.
func ForwardHelper(stop chan struct{}) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer push.Close()
	push.SetLinger(time.Second)
	go beat(push)
	<-stop
	return ctx.Term() // want `the goroutine started on line 55 uses push`
}

// GoCloses: the goroutine closes push itself.
func GoCloses(stop chan struct{}) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	push.SetLinger(time.Second)
	done := make(chan struct{})
	go func() {
		defer close(done)
		push.Send("x", 0)
		push.Close()
	}()
	<-done
	return ctx.Term()
}

func own(s *zmq.Socket) { // want own:"zmqParams\\(closes\\[0\\]\\)"
	s.Send("x", 0)
	s.Close()
}

// HandedOff: the goroutine owns push.
func HandedOff(stop chan struct{}) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	push.SetLinger(time.Second)
	go own(push)
	<-stop
	return ctx.Term()
}

// UsesNoDefer: the goroutine only uses push and the function never
// closes it: who owns it is not ours to say.
func UsesNoDefer(stop chan struct{}) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	push.SetLinger(time.Second)
	go func() {
		push.Send("x", 0)
	}()
	<-stop
	return ctx.Term()
}

// PassesOn: the goroutine hands push to unknown code.
func PassesOn(stop chan struct{}, sink func(*zmq.Socket)) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer push.Close()
	push.SetLinger(time.Second)
	go func() {
		sink(push)
	}()
	<-stop
	return ctx.Term()
}
