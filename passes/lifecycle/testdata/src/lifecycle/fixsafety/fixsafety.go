// Package fixsafety holds leaks whose fixes once introduced a new bug: the
// fixed file must re-run clean under every check.
package fixsafety

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

// Push defers the Term after the socket's creation: a "defer b.Close()"
// right after the creation would run after the Term (LIFO) and hang.
func Push(ep string) error {
	ctx, _ := zmq.NewContext() // want `context ctx is not closed on all paths`
	b, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer ctx.Term() // want `ctx.Term\(\) runs when the function returns while socket b \(line 15\) may still be open: .* \(b is not closed on the path to the return on line 20\)`
	return b.Bind(ep)
}

// Logged logs between the creation and its error check: the Close must
// not be deferred before the check, where s may be nil.
func Logged(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	log.Print("created")
	if err != nil {
		return err
	}
	return s.Bind(ep)
}

// DeferredClosure terminates the context in a deferred closure registered
// after the socket's creation: the Close goes after it.
func DeferredClosure(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	b, err := ctx.NewSocket(zmq.PUSH) // want `socket b is not closed on all paths`
	if err != nil {
		ctx.Term()
		return err
	}
	defer func() {
		ctx.Term()
	}()
	return b.Bind(ep)
}

func shutdown(ctx *zmq.Context) { ctx.Term() } // want shutdown:"zmqParams\\(closes\\[0\\]\\)"

// DeferredHelper terminates through a helper with a closes fact.
func DeferredHelper(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	b, err := ctx.NewSocket(zmq.PUSH) // want `socket b is not closed on all paths`
	if err != nil {
		ctx.Term()
		return err
	}
	defer shutdown(ctx)
	return b.Bind(ep)
}

// NestedTerm defers the Term in a nested block: no defer of the Close is
// safe after it on every path, so the Close goes before the return.
func NestedTerm(ep string, own bool) error {
	ctx, err := zmq.NewContext() // want `context ctx is not closed on all paths`
	if err != nil {
		return err
	}
	b, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	if own {
		defer ctx.Term() // want `ctx.Term\(\) runs when the function returns while socket b`
	}
	err = b.Bind(ep)
	return err
}

// DirectTerm terminates directly before returning: a deferred Close would
// run after the Term, so the Close goes before it.
func DirectTerm(ep string) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return
	}
	b, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return
	}
	b.Bind(ep)
	ctx.Term() // want `ctx.Term\(\) is reached while socket b`
}

// Unchecked never checks the creation's error: s may be nil, no fix.
func Unchecked(ep string) {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	log.Print(err)
	s.Bind(ep)
}

// CheckedLate overwrites the creation's error unchecked: like a discarded
// error ("s, _ :="), the code uses s as never nil, so the Close before
// each return may too; no defer is placed after a check that is not the
// creation's.
func CheckedLate(ep string) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	err = s.Bind(ep)
	if err != nil {
		return err
	}
	return nil
}

// DeferLater closes with a defer further down; the early return leaks:
// the defer moves up instead of a Close before each return.
func DeferLater(ep string, n int) error {
	s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	if n < 0 {
		return nil
	}
	if n == 0 {
		return nil
	}
	defer s.Close()
	return s.Bind(ep)
}
