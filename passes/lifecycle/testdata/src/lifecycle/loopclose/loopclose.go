// Package loopclose: a socket created in a loop body, closed at the end of
// the iteration, and leaked on an early continue or break (red team 2,
// czmqbridge Probe). The fix closes it before the continue/break; an
// in-loop defer would close every socket a second time at return and keep
// the failed ones open until then.
package loopclose

import (
	"github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
)

func Probe(eps []string) map[string]string {
	out := make(map[string]string, len(eps))
	for _, ep := range eps {
		req, err := goczmq.NewReq(ep) // want `socket req is created in a loop and not closed before the next iteration replaces it`
		if err != nil {
			out[ep] = "unreachable"
			continue
		}
		if err := req.SendFrame([]byte("STATUS"), goczmq.FlagNone); err != nil {
			out[ep] = err.Error()
		} else if reply, _, err := req.RecvFrame(); err != nil {
			out[ep] = err.Error()
		} else {
			out[ep] = string(reply)
		}
		req.Destroy()
	}
	return out
}

func Ping(ctx *zmq.Context, eps []string) int { // want Ping:"zmqParams\\(borrows\\[0\\]\\)"
	n := 0
	for _, ep := range eps {
		s, err := ctx.NewSocket(zmq.REQ) // want `socket s is not closed on all paths: the return on line \d+ leaks it`
		if err != nil {
			continue
		}
		if err := s.Connect(ep); err != nil {
			break
		}
		s.Send("ping", 0)
		n++
		s.Close()
	}
	return n
}

// Drain: the break inside the select leaves the select, not the loop
// (the Close at the end of the iteration runs); the continue in the
// inner loop continues the inner loop. Only the outer continue leaks.
func Drain(ctx *zmq.Context, eps []string, quit chan struct{}) { // want Drain:"zmqParams\\(borrows\\[0\\]\\)"
	for _, ep := range eps {
		s, err := ctx.NewSocket(zmq.PULL) // want `socket s is created in a loop and not closed before the next iteration replaces it`
		if err != nil {
			return
		}
		select {
		case <-quit:
			break
		default:
		}
		for i := 0; i < 3; i++ {
			if i == 1 {
				continue
			}
		}
		if err := s.Connect(ep); err != nil {
			continue
		}
		s.Close()
	}
}

// Cond: the close is conditional before the continue: not the shape; no
// fix (and no in-loop defer).
func Cond(ctx *zmq.Context, eps []string) { // want Cond:"zmqParams\\(borrows\\[0\\]\\)"
	for _, ep := range eps {
		s, err := ctx.NewSocket(zmq.PULL) // want `socket s is created in a loop and not closed before the next iteration replaces it`
		if err != nil {
			return
		}
		if ep == "" {
			s.Close()
			continue
		}
		if err := s.Connect(ep); err != nil {
			continue
		}
		s.Close()
	}
}
