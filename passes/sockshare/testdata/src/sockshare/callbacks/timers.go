package callbacks

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	zmq "github.com/pebbe/zmq4"
)

// The callback may fire while the caller is in RecvMessage.
func afterFunc(s *zmq.Socket, id string) ([]string, error) {
	t := time.AfterFunc(time.Second, func() {
		s.SendMessage("CANCEL", id)
	})
	defer t.Stop()
	s.SendMessage("REQ", id) // want `s is used \(SendMessage\) here while the time.AfterFunc callback registered on line 15 may still be using it`
	return s.RecvMessage(0)
}

// context.AfterFunc closes the socket while fn still works with it.
func ctxAfterFunc(ctx context.Context, s *zmq.Socket, fn func(*zmq.Socket) error) error {
	stop := context.AfterFunc(ctx, func() {
		s.Close()
	})
	defer stop()
	return fn(s) // want `s is used \(passed to fn\) here while the context.AfterFunc callback registered on line 25`
}

// A Stop whose result is dropped does not wait: the callback may be
// running.
func stopDropped(s *zmq.Socket) {
	t := time.AfterFunc(time.Second, func() { s.Send("ping", 0) })
	t.Stop()
	s.Close() // want `s is used \(Close\) here while the time.AfterFunc callback registered on line 35`
}

func errgroupTryGo(s *zmq.Socket) error {
	var g errgroup.Group
	g.TryGo(func() error {
		_, err := s.Recv(0)
		return err
	})
	s.Send("x", 0) // want `s is used \(Send\) here while the goroutine started on line 42`
	return g.Wait()
}

// Negatives.

// Stop reported true: the callback never runs; false: wait for it.
func stopAndWait(s *zmq.Socket) {
	done := make(chan struct{})
	t := time.AfterFunc(time.Second, func() {
		defer close(done)
		s.Send("ping", 0)
	})
	if !t.Stop() {
		<-done
	}
	s.Close()
}

func stopTested(s *zmq.Socket) {
	t := time.AfterFunc(time.Second, func() { s.Send("ping", 0) })
	if t.Stop() {
		s.Close()
	}
}

func ctxStopTested(ctx context.Context, s *zmq.Socket) {
	stop := context.AfterFunc(ctx, func() { s.Send("bye", 0) })
	if stop() {
		s.Close()
	}
}

// errgroup's Wait orders the task before the later use.
func errgroupWaited(s *zmq.Socket) error {
	g, _ := errgroup.WithContext(context.Background())
	g.Go(func() error {
		_, err := s.Recv(0)
		return err
	})
	err := g.Wait()
	s.Close()
	return err
}

// sync.Once runs its function on the caller's goroutine.
func once(s *zmq.Socket, o *sync.Once) {
	o.Do(func() { s.SetLinger(0) })
	s.Send("x", 0)
}

// A callback given to a function the table does not know: silent.
func unknownRunner(s *zmq.Socket, run func(func())) {
	run(func() { s.Send("x", 0) })
	s.Close()
}

func later(f func()) { f() }

// A same-package function that only calls its argument: no goroutine.
func samePackageRunner(s *zmq.Socket) {
	later(func() { s.Send("x", 0) })
	s.Close()
}
