package order

import (
	"context"
	"time"

	zmq "github.com/pebbe/zmq4"
)

// SendC: a deferred close of the gate runs at return, after every
// (non-deferred) use of the launcher on every path.
func SendC(ep, msg string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	defer close(done)
	go func() {
		<-done
		s.Close()
	}()
	if err := s.Connect(ep); err != nil {
		return err
	}
	_, err = s.Send(msg, zmq.DONTWAIT)
	return err
}

// deferCloseGateDeferredUse: a deferred use registered before the
// deferred close runs after it, while the goroutine may run.
func deferCloseGateDeferredUse(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer s.SetLinger(0) // want `s is used \(SetLinger\) here while the goroutine started on line 38`
	done := make(chan struct{})
	defer close(done)
	s.Connect(ep)
	go func() {
		<-done
		s.Close()
	}()
}

// deferCloseAndEarlyClose: a direct close before the use releases the
// goroutine early; the deferred one does not help.
func deferCloseAndEarlyClose(ep string, b bool) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	done := make(chan struct{})
	defer func() {
		if !b {
			close(done)
		}
	}()
	go func() {
		<-done
		s.Close()
	}()
	if b {
		close(done)
	}
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 54`
}

// SendB: the goroutine's uses come after "for range sent {}", which ends
// only when sent is closed; the sends on it neither release nor reorder.
func SendB(ep string, msgs []string) {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	sent := make(chan struct{})
	go func() {
		for range sent {
		}
		s.Close()
	}()
	s.Connect(ep)
	for _, m := range msgs {
		s.Send(m, zmq.DONTWAIT)
		sent <- struct{}{}
	}
	close(sent)
}

// rangeGateBreak: a break leaves the range loop without a close.
func rangeGateBreak(ep string, msgs []string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	sent := make(chan bool)
	go func() {
		for b := range sent {
			if b {
				break
			}
		}
		s.Close()
	}()
	s.Connect(ep)
	for _, m := range msgs {
		s.Send(m, zmq.DONTWAIT) // want `s is used \(Send\) here while the goroutine started on line 89`
		sent <- m == ""
	}
	close(sent)
}

// rangeGateClosedEarly: the close comes before a use.
func rangeGateClosedEarly(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	sent := make(chan struct{})
	go func() {
		for range sent {
		}
		s.Close()
	}()
	sent <- struct{}{}
	close(sent)
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 109`
}

// SendA: the goroutine waits for the context the launcher cancels after
// its uses.
func SendA(ep, msg string) {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	s.Connect(ep)
	s.Send(msg, zmq.DONTWAIT)
	cancel()
}

// sendADeferCancel: a deferred cancel runs at return, after the uses.
func sendADeferCancel(ep, msg string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithCancel(context.TODO())
	defer cancel()
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	s.Connect(ep)
	s.Send(msg, zmq.DONTWAIT)
}

// cancelBeforeUse: the context is cancelled before the use.
func cancelBeforeUse(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	cancel()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 153`
}

// cancelEscapes: unknown code holds cancel and may call it at any time.
func cancelEscapes(ep string, register func(func())) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithCancel(context.Background())
	register(cancel)
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 166`
	cancel()
}

// parentCancelled: the parent may be cancelled before the use.
func parentCancelled(parent context.Context, ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 178`
	cancel()
}

// timeoutGate: the timer may close Done before the use.
func timeoutGate(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 190`
	cancel()
}

func closeWhenDone(ctx context.Context, s *zmq.Socket) { // want closeWhenDone:"sockUses\\(s\\)"
	<-ctx.Done()
	s.Close()
}

// sendANamedWorker: the gate is in a named function given the context.
func sendANamedWorker(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	ctx, cancel := context.WithCancel(context.Background())
	go closeWhenDone(ctx, s)
	s.Connect(ep)
	cancel()
}

// commaOkGate: the use is only on the branch where the channel is closed.
func commaOkGate(ep string) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	sent := make(chan struct{})
	go func() {
		if _, ok := <-sent; !ok {
			s.Close()
		}
	}()
	sent <- struct{}{}
	s.Connect(ep)
	close(sent)
}
