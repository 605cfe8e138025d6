// The broker of red team 2 (broker.go): loop is a poll loop that closes
// front on DRAIN and back on PAUSE-BACKEND and returns on ETERM with both
// open; Close closes every field. No lifecycle finding (loop is not the
// close method).
//
// It is a load-balancing job broker: clients talk to a ROUTER
// frontend, workers to a ROUTER backend, and the broker hands each job to the
// least recently used worker.
package ownedpoll

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Job is a unit of work submitted by a client.
type Job struct {
	ID      string          `json:"id"`
	Kind    string          `json:"kind"`
	Payload json.RawMessage `json:"payload"`
}

// Broker owns the two ROUTER sockets and a PAIR control pipe.
type Broker struct { // want Broker:"zmqCloser\\(Close\\)"
	ctx   *zmq.Context
	front *zmq.Socket
	back  *zmq.Socket
	ctl   *zmq.Socket

	idle    [][]byte
	started bool
}

// New binds the frontend and backend.
func New(frontEP, backEP string) (*Broker, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	front, err := ctx.NewSocket(zmq.ROUTER)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	if err := front.Bind(frontEP); err != nil {
		front.Close()
		ctx.Term()
		return nil, fmt.Errorf("broker: bind frontend: %w", err)
	}
	back, err := ctx.NewSocket(zmq.ROUTER)
	if err != nil {
		front.Close()
		ctx.Term()
		return nil, err
	}
	if err := back.Bind(backEP); err != nil {
		front.Close()
		back.Close()
		ctx.Term()
		return nil, fmt.Errorf("broker: bind backend: %w", err)
	}
	ctl, err := ctx.NewSocket(zmq.PAIR)
	if err != nil {
		front.Close()
		back.Close()
		ctx.Term()
		return nil, err
	}
	if err := ctl.Bind("inproc://broker-ctl"); err != nil {
		ctl.Close()
		front.Close()
		back.Close()
		ctx.Term()
		return nil, err
	}
	return &Broker{ctx: ctx, front: front, back: back, ctl: ctl}, nil
}

// dispatch sends a job to a worker: [worker-id, "", job-json].
func (b *Broker) dispatch(worker []byte, job Job) error {
	if _, err := b.back.SendBytes(worker, zmq.SNDMORE); err != nil {
		return err
	}
	if _, err := b.back.Send("", zmq.SNDMORE); err != nil {
		return err
	}
	body, err := json.Marshal(job)
	if err != nil {
		return fmt.Errorf("broker: encode job %s: %w", job.ID, err)
	}
	_, err = b.back.SendBytes(body, 0)
	return err
}

// reply sends a result back to a client; the body is encoded before the
// first part goes out.
func (b *Broker) reply(client []byte, result any) error {
	body, err := json.Marshal(result)
	if err != nil {
		return err
	}
	if _, err := b.front.SendBytes(client, zmq.SNDMORE); err != nil {
		return err
	}
	if _, err := b.front.Send("", zmq.SNDMORE); err != nil {
		return err
	}
	_, err = b.front.SendBytes(body, 0)
	return err
}

// Start runs the broker loop on its own goroutine.
func (b *Broker) Start() {
	b.started = true
	go b.loop()
}

// Cancel tells all idle workers to drop a job.
func (b *Broker) Cancel(jobID string) error {
	for _, w := range b.idle {
		if _, err := b.back.SendMessage(w, "", "CANCEL", jobID); err != nil {
			return err
		}
	}
	return nil
}

func (b *Broker) loop() {
	front, back, ctl := b.front, b.back, b.ctl
	poller := zmq.NewPoller()
	poller.Add(back, zmq.POLLIN)
	poller.Add(front, zmq.POLLIN)
	poller.Add(ctl, zmq.POLLIN)
	for {
		polled, err := poller.Poll(time.Second)
		if err != nil {
			if errors.Is(zmq.AsErrno(err), zmq.ETERM) {
				return
			}
			log.Printf("broker: poll: %v", err)
			continue
		}
		for _, p := range polled {
			switch p.Socket {
			case back:
				msg, err := back.RecvMessageBytes(0)
				if err != nil {
					continue
				}
				b.idle = append(b.idle, msg[0])
				if len(msg) > 3 {
					if err := b.reply(msg[2], json.RawMessage(msg[4])); err != nil {
						log.Printf("broker: reply: %v", err)
					}
				}
			case front:
				msg, err := front.RecvMessageBytes(0)
				if err != nil || len(b.idle) == 0 {
					continue
				}
				var job Job
				if err := json.Unmarshal(msg[len(msg)-1], &job); err != nil {
					continue
				}
				w := b.idle[0]
				b.idle = b.idle[1:]
				if err := b.dispatch(w, job); err != nil {
					log.Printf("broker: dispatch: %v", err)
				}
			case ctl:
				cmd, _ := ctl.Recv(0)
				switch cmd {
				case "DRAIN":
					// stop taking new jobs, keep serving workers
					front.Close()
				case "PAUSE-BACKEND":
					poller.RemoveBySocket(back)
					back.Close()
				case "STOP":
					return
				}
			}
		}
	}
}

// Close stops the broker.
func (b *Broker) Close() error {
	b.front.Close()
	b.back.Close()
	b.ctl.Close()
	return b.ctx.Term()
}
