// Package worker is a pebbe/zmq4 PULL/PUSH worker with the lifecycle
// bugs zmqlint finds.
package worker

import (
	"encoding/json"
	"fmt"
	"time"

	zmq "github.com/pebbe/zmq4"

	"zmqlint.test/demo/internal/zmqutil"
)

// Job is a unit of work.
type Job struct {
	ID   int    `json:"id"`
	Body string `json:"body"`
}

// Worker pulls jobs and pushes results.
type Worker struct {
	ctx     *zmq.Context
	in, out *zmq.Socket
}

// New connects a worker. The PULL socket leaks when the PUSH socket cannot
// be created or connected.
func New(pullEP, pushEP string) (*Worker, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	w := &Worker{ctx: ctx}
	w.in, err = ctx.NewSocket(zmq.PULL)
	if err != nil {
		return nil, err
	}
	if err := w.in.Connect(pullEP); err != nil {
		return nil, fmt.Errorf("connect %s: %w", pullEP, err)
	}
	w.out, err = ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return nil, err
	}
	if err := w.out.Connect(pushEP); err != nil {
		return nil, err
	}
	return w, nil
}

// Probe checks that an endpoint accepts connections.
func Probe(ep string) error {
	s, err := zmq.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	if err := zmqutil.Configure(s, 10); err != nil {
		return err
	}
	s.SetLinger(100)
	if err := s.Connect(ep); err != nil {
		return err
	}
	zmqutil.CloseQuietly(s)
	return nil
}

// Drain sends the last results and shuts down. Close runs after Term
// because defers run last-in first-out.
func Drain(results []Job) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer push.Close()
	defer ctx.Term()
	for _, r := range results {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		if _, err := push.SendBytes(b, 0); err != nil {
			return err
		}
	}
	return nil
}

// Flush pushes one result and exits; Term waits for the message forever
// when the collector is down.
func Flush(ep string, r Job) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	if err := push.Connect(ep); err != nil {
		push.Close()
		ctx.Term()
		return err
	}
	b, _ := json.Marshal(r)
	push.SendBytes(b, zmq.DONTWAIT)
	push.Close()
	return ctx.Term()
}

// Heartbeat sends a heartbeat with a bounded wait.
func Heartbeat(ep string) error {
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetLinger(250 * time.Millisecond); err != nil {
		return err
	}
	if err := s.Connect(ep); err != nil {
		return err
	}
	_, err = s.Send("ping", 0)
	return err
}
