// Package shapes is robustness testdata: unusual but legal code shapes
// around pebbe/zmq4 sockets. Every analyzer of the suite runs over it; it
// must not panic, and the diagnostics it produces must be exactly the
// "want" comments.
package shapes

import (
	"errors"
	"fmt"
	"os"

	zmq "github.com/pebbe/zmq4"
)

// --- generics: type parameters on sockets and buffers ---

type closer interface{ Close() error }

// Holder keeps any closer; the socket escapes into it.
type Holder[T closer] struct{ v T }

func Keep[T closer](v T) Holder[T] { return Holder[T]{v: v} }

func CloseAll[T closer](vs ...T) {
	for _, v := range vs {
		v.Close()
	}
}

func SendAll[B ~[]byte | ~string](s *zmq.Socket, bufs []B) error {
	for _, b := range bufs {
		if _, err := s.Send(string(b), 0); err != nil {
			return err
		}
	}
	return nil
}

func genericEscape() Holder[*zmq.Socket] {
	s, _ := zmq.NewSocket(zmq.PUSH)
	return Keep(s)
}

func genericClose() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return
	}
	CloseAll(s)
}

func genericSend(bufs [][]byte) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	return SendAll(s, bufs)
}

func genericLeak() error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	return SendAll(s, []string{"a", "b"})
}

// --- method values and method expressions ---

func methodValue() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	closeIt := s.Close
	defer closeIt()
	bind := s.Bind
	return bind("inproc://mv")
}

func methodExpr() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer (*zmq.Socket).Close(s)
	return (*zmq.Socket).Bind(s, "inproc://me")
}

func methodValueStored() func() error {
	s, _ := zmq.NewSocket(zmq.PUSH)
	return s.Close // the socket escapes in the bound method
}

// --- interfaces wrapping sockets ---

type sender interface {
	Send(string, zmq.Flag) (int, error)
	Close() error
}

func viaInterface() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	var snd sender = s
	defer snd.Close()
	_, err = snd.Send("x", 0)
	return err
}

func viaAny() any {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var a any = s
	return a
}

func typeSwitch(v any) {
	switch x := v.(type) {
	case *zmq.Socket:
		x.Close()
	case closer:
		x.Close()
	}
}

// --- defer in loops, goto, labels, select, recover ---

func deferInLoop(eps []string) error {
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return err
		}
		defer s.Close()
		if err := s.Connect(ep); err != nil {
			return err
		}
	}
	return nil
}

func withGoto(n int) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	i := 0
again:
	if i < n {
		s.Send("x", 0)
		i++
		goto again
	}
	if n > 10 {
		goto out
	}
	s.Send("y", 0)
out:
	return s.Close()
}

func labeled(grid [][]string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
outer:
	for _, row := range grid {
	inner:
		for _, cell := range row {
			switch cell {
			case "":
				continue outer
			case "skip":
				continue inner
			case "stop":
				break outer
			}
			if _, err := s.Send(cell, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

func withSelect(quit <-chan struct{}, in <-chan string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	for {
		select {
		case <-quit:
			return nil
		case m, ok := <-in:
			if !ok {
				return errors.New("closed")
			}
			s.Send(m, 0)
		default:
		}
	}
}

func withRecover() (err error) {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
		s.Close()
	}()
	panic("boom")
}

func panics() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		panic(err)
	}
	s.Send("x", 0)
	panic("never closed, but the path panics")
}

// --- closures three levels deep ---

func closures() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	func() {
		func() {
			func() {
				s.Send("deep", 0)
			}()
		}()
	}()
	defer func() {
		func() {
			func() {
				s.Close()
			}()
		}()
	}()
	return nil
}

func closureEscape() func() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	return func() {
		func() {
			func() { s.Close() }()
		}()
	}
}

// --- unreachable code ---

func unreachable() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	return s.Close()
	s.Send("dead", 0)
	return nil
}

func afterExit() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		os.Exit(1)
	}
	s.Send("x", 0)
	os.Exit(0)
	s.Close()
}

func infinite() {
	s, _ := zmq.NewSocket(zmq.PULL)
	for {
		s.Recv(0)
	}
}

// --- contexts ---

func contextOrder() error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer ctx.Term()
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Recv(0)
	return err
}

// --- shadowing, reassignment, nil sockets ---

func reassigned() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	s.Close()
	s, err = zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	return s.Close()
}

func nilSocket() error {
	var s *zmq.Socket
	if s == nil {
		return nil
	}
	return s.Close()
}

func shadow() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	{
		s := 3
		_ = s
	}
	return nil
}
