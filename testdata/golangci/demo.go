// Package zmqdemo is the demo module the golangci-lint integration test
// (.ci/golangci.sh) lints with a custom golangci-lint that includes the
// zmqlint plugin. Every finding it must produce is listed in expected.txt.
package zmqdemo

import (
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Push leaks its socket when Connect fails.
func Push(ep, msg string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Send(msg, 0)
	return err
}

// Workers leaks every socket but the last one.
func Workers(eps []string) error {
	var s *zmq.Socket
	for _, ep := range eps {
		var err error
		s, err = zmq.NewSocket(zmq.PULL)
		if err != nil {
			return err
		}
		if err := s.Bind(ep); err != nil {
			s.Close()
			return err
		}
	}
	if s != nil {
		s.Close()
	}
	return nil
}

// Shutdown defers Term after Close, so Term runs first and blocks.
func Shutdown(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		ctx.Term()
		return err
	}
	defer s.Close()
	defer ctx.Term()
	return s.Connect(ep)
}

// Linger passes a bare number where pebbe wants a time.Duration.
func Linger(s *zmq.Socket) error {
	return s.SetLinger(100)
}

// Suppressed leaks like Push, but golangci-lint's own directive silences it.
func Suppressed(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) //nolint:zmqlint // demo: the directive must silence this
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	return nil
}

// Closed is correct and must not be reported.
func Closed(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetLinger(100 * time.Millisecond); err != nil {
		return err
	}
	return s.Connect(ep)
}

// SuppressedFunc leaks like Push; golangci-lint's directive on the
// declaration silences the whole function, related lines included.
//
//nolint:zmqlint // demo: the directive must silence the whole function
func SuppressedFunc(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	return nil
}

// Ignored leaks like Push; zmqlint's own directive silences it in every
// driver, golangci-lint included.
func Ignored(ep string) error {
	//zmqlint:ignore lifecycle demo: the directive must silence this
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	return nil
}

// Typo leaks like Push, and its directive misspells the check, so it
// silences nothing: two findings on one line, which golangci-lint's
// default uniq-by-line would cut to one if they were two issues.
func Typo(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) //zmqlint:ignore lifecylce demo: a typo silences nothing
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	return nil
}

// IgnoredCategory leaks like Push; a directive for the category
// (the code at the end of the message) silences it too.
func IgnoredCategory(ep string) error {
	//zmqlint:ignore lifecycle/leaked-socket demo: the directive must silence this
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	defer s.Close()
	return nil
}
