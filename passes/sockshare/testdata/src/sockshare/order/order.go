// Package order holds red-team reproducers about ordering: LIFO defers,
// start signals, and goroutines started in a loop.
package order

import (
	"context"
	"sync"

	czmq "github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
)

// Consume: defer wg.Wait() registered after defer sock.Destroy() runs
// first (LIFO), so the deferred Destroy is ordered after the goroutine.
func Consume(ctx context.Context, ep string, handle func([][]byte)) error {
	sock, err := czmq.NewPull(ep, czmq.SockSetRcvtimeo(200))
	if err != nil {
		sock.Destroy()
		return err
	}
	defer sock.Destroy()
	var wg sync.WaitGroup
	defer wg.Wait() // runs before sock.Destroy (LIFO)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			if msg, err := sock.RecvMessage(); err == nil {
				handle(msg)
			}
		}
	}()
	return nil
}

// deferWaitFirst: the wait is deferred before the Destroy, so it runs
// after it.
func deferWaitFirst() {
	sock, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer sock.Close() // want `sock is used \(Close\) here while the goroutine started on line 44`
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

// deferDoneChan: a deferred closure receiving from the goroutine's done
// channel, registered after the deferred Close.
func deferDoneChan() {
	sock, _ := zmq.NewSocket(zmq.PULL)
	defer sock.Close()
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		defer close(done)
		sock.Recv(0)
	}()
}

// deferWaitOnePath: the wait is deferred on one path only.
func deferWaitOnePath(b bool) {
	sock, _ := zmq.NewSocket(zmq.PULL)
	defer sock.Close() // want `sock is used \(Close\) here while the goroutine started on line 72`
	var wg sync.WaitGroup
	if b {
		defer wg.Wait()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

// deferWaitOtherGroup: a deferred wait for a WaitGroup the goroutine does
// not signal does not order anything.
func deferWaitOtherGroup() {
	sock, _ := zmq.NewSocket(zmq.PULL)
	defer sock.Close() // want `sock is used \(Close\) here while the goroutine started on line 86`
	var wg, other sync.WaitGroup
	defer other.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

// Serve: the goroutine waits for ready before touching rep; the launcher
// closes ready after its Bind.
func Serve(ep string) error {
	rep, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	ready := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ready // nothing touches rep before the launcher closes ready
		for {
			req, err := rep.RecvBytes(0)
			if err != nil {
				return
			}
			rep.SendBytes(req, 0)
		}
	}()
	err = rep.Bind(ep)
	close(ready)
	<-done
	rep.Close()
	return err
}

// startSend: a send on the start channel orders the same way.
func startSend(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	start := make(chan bool)
	go func() {
		if !<-start {
			return
		}
		s.Recv(0)
	}()
	s.Connect(ep)
	start <- true
}

// startSignalOnePath: ready is closed on one path only; on the other the
// goroutine never starts using the socket, but the Close after it may
// race with a goroutine released by a later close... keep it simple: the
// close must follow the use on every path.
func startSignalOnePath(ep string, b bool) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		<-ready
		s.Recv(0)
	}()
	if b {
		close(ready)
	}
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 140`
	close(ready)
}

// startSignalBeforeUse: ready is closed before the use: no order.
func startSignalBeforeUse(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		<-ready
		s.Recv(0)
	}()
	close(ready)
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 155`
}

// startSignalUseFirst: the goroutine uses the socket before it waits.
func startSignalUseFirst(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		s.SetRcvhwm(10)
		<-ready
		s.Recv(0)
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 167`
	close(ready)
}

// startSignalWrongChan: the goroutine waits for another channel, closed
// before the use (the close of ready after it does not release it).
func startSignalWrongChan(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready, other := make(chan struct{}), make(chan struct{})
	close(other)
	go func() {
		<-other
		s.Recv(0)
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 182`
	close(ready)
}

// startSignalLaterUse: a use after the close is not ordered.
func startSignalLaterUse(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		<-ready
		s.Recv(0)
	}()
	s.Connect(ep)
	close(ready)
	s.SetLinger(0) // want `s is used \(SetLinger\) here while the goroutine started on line 194`
}

// WithWG: goroutines of one loop are not ordered among themselves by a
// wait after the loop.
func WithWG(push *zmq.Socket, jobs []string) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			push.Send(j, 0) // want `push is used \(Send\) by every goroutine that the go statement on line 209 starts`
		}()
	}
	wg.Wait()
}

// withWGIndex: the same with a three-clause loop.
func withWGIndex(push *zmq.Socket, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			push.Send("x", 0) // want `push is used \(Send\) by every goroutine that the go statement on line 222 starts`
		}()
	}
	wg.Wait()
	push.Close()
}

// deferWaitThenClose: one deferred closure waits, then closes.
func deferWaitThenClose() {
	sock, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	defer func() {
		wg.Wait()
		sock.Close()
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

// deferCloseThenWait: the closure closes first.
func deferCloseThenWait() {
	sock, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	defer func() {
		sock.Close() // want `sock is used \(Close\) here while the goroutine started on line 255`
		wg.Wait()
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

// deferredWaitIsNotAWait: a wait deferred after the go statement does not
// order the uses that follow it in the body.
func deferredWaitIsNotAWait() {
	sock, _ := zmq.NewSocket(zmq.PAIR)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
	defer wg.Wait()
	sock.Send("x", 0) // want `sock is used \(Send\) here while the goroutine started on line 267`
}

func waitAll(wg *sync.WaitGroup) {
	wg.Wait()
}

// helperWait: a helper of this package that waits on every path is a wait.
func helperWait() {
	sock, _ := zmq.NewSocket(zmq.PAIR)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
	waitAll(&wg)
	sock.Close()
}

// deferHelperWait: the same helper, deferred after the Close.
func deferHelperWait() {
	sock, _ := zmq.NewSocket(zmq.PAIR)
	defer sock.Close()
	var wg sync.WaitGroup
	defer waitAll(&wg)
	wg.Add(1)
	go func() {
		defer wg.Done()
		sock.Recv(0)
	}()
}

func gatedWorker(s *zmq.Socket, ready <-chan struct{}) { // want gatedWorker:"sockUses\\(s\\)"
	<-ready
	s.Recv(0)
}

// namedGate: the gate is a parameter of a named worker.
func namedGate(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go gatedWorker(s, ready)
	s.Connect(ep)
	close(ready)
}

// selectGate: a select with a single receive case is a receive.
func selectGate(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
		}
		s.Recv(0)
	}()
	s.Connect(ep)
	close(ready)
}

// selectTwoCases: with two cases, the other one may be the one taken.
func selectTwoCases(ep string, quit chan struct{}) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		select {
		case <-ready:
		case <-quit:
		}
		s.Recv(0)
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 337`
	close(ready)
}

// gateAfterDeferredUse: the goroutine's deferred Close is registered
// before its wait, so a panic... keep it simple: not gated.
func gateAfterDeferredUse(ep string) {
	s, _ := zmq.NewSocket(zmq.PULL)
	ready := make(chan struct{})
	go func() {
		defer s.Close()
		<-ready
		s.Recv(0)
	}()
	s.Connect(ep) // want `s is used \(Connect\) here while the goroutine started on line 353`
	close(ready)
}

// gateInLoop: the launcher uses the socket again after a goroutine of an
// earlier iteration was released.
func gateInLoop(ep string, n int) {
	s, _ := zmq.NewSocket(zmq.PULL)
	for i := 0; i < n; i++ {
		ready := make(chan struct{})
		go func() {
			<-ready
			s.Recv(0) // want `s is used \(Recv\) by every goroutine`
		}()
		s.SetRcvhwm(i) // want `s is used \(SetRcvhwm\) here while the goroutine started on line 368`
		close(ready)
	}
}
