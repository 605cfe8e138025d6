package rt2

import (
	"log"
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Announce: a deferred closure closes push (sent, infinite linger), then
// terminates its context.
func Announce(up, node string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer func() {
		push.Close() // want `push is closed with the default infinite linger after sending, and a Term follows on line 24`
		if err := ctx.Term(); err != nil {
			log.Printf("announce: term: %v", err)
		}
	}()
	if err := push.Connect(up); err != nil {
		return err
	}
	_, err = push.SendMessage("leaving", node)
	return err
}

// AnnounceLinger bounds the linger in the closure.
func AnnounceLinger(up string) {
	ctx, _ := zmq.NewContext()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	defer func() {
		push.SetLinger(time.Second)
		push.Close()
		ctx.Term()
	}()
	push.Send("x", 0)
}

// AnnounceNoTerm: the closure closes without a Term.
func AnnounceNoTerm(up string) {
	ctx, _ := zmq.NewContext()
	defer ctx.Term()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	defer func() {
		push.Close() // not reported (known limit): the Term is outside the closure
	}()
	push.Send("x", 0)
}

// AnnounceSub: a SUB has linger 0 by default.
func AnnounceSub() {
	ctx, _ := zmq.NewContext()
	sub, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		ctx.Term()
		return
	}
	defer func() {
		sub.Close()
		ctx.Term()
	}()
	sub.SetSubscribe("")
}

// AnnounceNoSend closes without having sent.
func AnnounceNoSend() {
	ctx, _ := zmq.NewContext()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	defer func() {
		push.Close()
		ctx.Term()
	}()
}

// AnnounceOther terminates another context in the closure.
func AnnounceOther(other *zmq.Context) {
	ctx, _ := zmq.NewContext()
	defer ctx.Term()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	push.Send("x", 0)
	defer func() {
		push.SetLinger(0)
		push.Close()
		other.Term()
	}()
}

// RunSecure: the default context's Term is deferred first, so it runs
// after the deferred Close.
func RunSecure(ep string) error {
	defer zmq.Term()
	rep, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	defer rep.Close() // want `rep is closed with the default infinite linger after sending, and the Term deferred on line 113 runs after it at return`
	if err := rep.Bind(ep); err != nil {
		return err
	}
	_, err = rep.Send("x", 0)
	return err
}

// TermFirst terminates before closing in the closure: not this rule's
// shape (the Term never runs after the Close).
func TermFirst() {
	ctx, _ := zmq.NewContext()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	push.Send("x", 0)
	defer func() {
		go ctx.Term()
		push.Close()
	}()
}

// Swapped reassigns push before the defer: the closure may close the
// second socket, which never sent.
func Swapped(open func() *zmq.Socket) {
	ctx, _ := zmq.NewContext()
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	push.Send("x", 0)
	push.Close()
	push = open()
	defer func() {
		push.Close()
		ctx.Term()
	}()
}

// ClosureLingerOnly sets the linger in the closure, before the Close.
func ClosureLingerOnly() {
	defer zmq.Term()
	push, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	push.Send("x", 0)
	defer func() {
		push.SetLinger(0)
		push.Close()
	}()
}

// DefaultClosure: the default context's Term in the closure.
func DefaultClosure() {
	push, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	defer func() {
		push.Close() // want `push is closed with the default infinite linger after sending, and a Term follows on line 182`
		zmq.Term()
	}()
	push.Send("x", 0)
}
