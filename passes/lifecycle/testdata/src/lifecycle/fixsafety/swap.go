package fixsafety

import (
	"log"
	"sync"

	zmq "github.com/pebbe/zmq4"
	"golang.org/x/sync/errgroup"
)

// The swap-the-defers fix moves the Close after, and the Term before,
// every defer registered between them. Red team Y11: with a deferred
// wg.Wait in between, the swapped Close would run before the Wait, while
// the goroutine still sends on s (a new sockshare finding). No fix then:
// only defers known not to wait, block or signal may be crossed.

// WaitBetween: the Y11 reproducer.
func WaitBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	var wg sync.WaitGroup
	defer s.Close()
	defer wg.Wait()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\) on line 29`
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Send("x", 0)
	}()
	return nil
}

// GroupWaitBetween: an errgroup's Wait in between.
func GroupWaitBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	var g errgroup.Group
	defer s.Close()
	defer g.Wait()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	g.Go(func() error {
		_, err := s.Send("x", 0)
		return err
	})
	return nil
}

// ReceiveBetween: a deferred closure that receives from the goroutine's
// done channel.
func ReceiveBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	done := make(chan struct{})
	defer s.Close()
	defer func() { <-done }()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	go func() {
		defer close(done)
		s.Send("x", 0)
	}()
	return nil
}

func waitAll(wg *sync.WaitGroup) {
	log.Print("waiting")
	wg.Wait()
}

// HelperBetween: a helper that waits.
func HelperBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	var wg sync.WaitGroup
	defer s.Close()
	defer waitAll(&wg)
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Send("x", 0)
	}()
	return nil
}

// UnknownBetween: a function value may do anything.
func UnknownBetween(ep string, cleanup func()) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer s.Close()
	defer cleanup()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	return s.Bind(ep)
}

// UseBetween: a deferred use of s in between would run after the Close.
func UseBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer s.Close()
	defer s.Unbind(ep)
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	return s.Bind(ep)
}

// ReturnBetween: after a swap, the early return would run the Term with
// s open (the Close not yet deferred there).
func ReturnBetween(ep string, quick bool) error {
	ctx, err := zmq.NewContext() // want `context ctx is not closed on all paths: the return on line 161 leaks it`
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer s.Close()
	if quick {
		return nil
	}
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	return s.Bind(ep)
}

// QuietBetween: a log line, the Close of a socket of another context and
// a closure that only logs neither wait nor signal: the defers are
// swapped.
func QuietBetween(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		ctx.Term()
		return err
	}
	t, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		s.Close()
		ctx.Term()
		return err
	}
	defer s.Close()
	defer log.Print("closing")
	defer t.Close()
	defer func() { log.Printf("bye %s", ep) }()
	defer ctx.Term() // want `ctx.Term\(\) is deferred after the defer of s.Close\(\)`
	if err := t.Connect(ep); err != nil {
		return err
	}
	return s.Connect(ep)
}

// CloseThenTerm: the use-after-close fix defers the Close to the end of
// the function; with a Term after it, the Term would wait for s. No fix.
func CloseThenTerm(ep string) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	s.Close()
	s.Bind(ep) // want `s.Bind is called after s was closed on line 209`
	ctx.Term()
}
