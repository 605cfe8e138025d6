// Package recwrap has recursive constructor wrappers: cycles of the
// createsSocket summary table.
package recwrap

import zmq "github.com/pebbe/zmq4"

// dialRetry retries by calling itself: its own call is not a second
// candidate, so it is a wrapper of the socket it creates.
func dialRetry(ep string, n int) (*zmq.Socket, error) { // want dialRetry:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.REQ)
	if err != nil {
		if n > 0 {
			return dialRetry(ep, n-1)
		}
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func leaksRetry(ep string) {
	s, err := dialRetry(ep, 3) // want `socket s is not closed on all paths: the return on line 30 leaks it \(call Close\)`
	if err != nil {
		return
	}
	s.Send("x", 0)
}

// ping and pong call each other: a two-function cycle, solved from
// "creates nothing" to a fixed point; the facts are those the memo
// before the summary table gave too.
func ping(ep string, n int) (*zmq.Socket, error) {
	if n > 0 {
		return pong(ep, n-1)
	}
	return zmq.NewSocket(zmq.REQ)
}

func pong(ep string, n int) (*zmq.Socket, error) { // want pong:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		s.Close()
		return ping(ep, n-1)
	}
	return s, nil
}
