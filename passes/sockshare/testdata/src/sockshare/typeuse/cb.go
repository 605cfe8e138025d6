package typeuse

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"time"

	zmq "github.com/pebbe/zmq4"
	"golang.org/x/sync/errgroup"
)

// Pinger: Start runs the loop with sync.WaitGroup.Go; Send is exported.
type Pinger struct {
	wg   sync.WaitGroup
	sock *zmq.Socket
}

func (p *Pinger) Start() {
	p.wg.Go(func() {
		for {
			if _, err := p.sock.Recv(0); err != nil {
				return
			}
		}
	})
}

func (p *Pinger) Send(m string) error { // want Send:"sockUses\\(p\\.sock\\)"
	_, err := p.sock.Send(m, 0) // want `p.sock is used \(Send\) in exported method Send, which any goroutine may call, while the goroutine that method Start starts on line \d+ may be using it \(Recv on line \d+\)`
	return err
}

// Beacon: Start arms a timer whose callback sends on the socket.
type Beacon struct {
	sock *zmq.Socket
}

func (b *Beacon) Start() {
	time.AfterFunc(time.Second, func() { b.sock.Send("beacon", 0) })
}

func (b *Beacon) Send(m string) error { // want Send:"sockUses\\(b\\.sock\\)"
	_, err := b.sock.Send(m, 0) // want `b.sock is used \(Send\) in exported method Send, which any goroutine may call, while the time.AfterFunc callback that method Start registers on line \d+ may be using it \(Send on line \d+\)`
	return err
}

// Stopper: Start's goroutine waits for a signal and closes the socket
// (the signal.Notify loop); Send is exported.
type Stopper struct {
	sock *zmq.Socket
}

func (s *Stopper) Start() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		<-sigs
		s.sock.Close()
	}()
}

func (s *Stopper) Send(m string) error { // want Send:"sockUses\\(s\\.sock\\)"
	_, err := s.sock.Send(m, 0) // want `s.sock is used \(Send\) in exported method Send, which any goroutine may call, while the goroutine that method Start starts on line \d+ may be using it \(Close on line \d+\)`
	return err
}

// Joined: Stop waits for the WaitGroup.Go loop before it uses the
// socket: silent.
type Joined struct {
	wg   sync.WaitGroup
	quit chan struct{}
	sock *zmq.Socket
}

func (j *Joined) Start() {
	j.wg.Go(func() {
		for {
			select {
			case <-j.quit:
				return
			default:
			}
			j.sock.Recv(zmq.DONTWAIT)
		}
	})
}

func (j *Joined) Stop() { // want Stop:"sockUses\\(j\\.sock\\)"
	close(j.quit)
	j.wg.Wait()
	j.sock.Close()
}

// Fanned: Flush runs errgroup tasks and waits for them before it
// returns: silent.
type Fanned struct {
	sock *zmq.Socket
}

func (f *Fanned) Flush(ctx context.Context) error {
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := f.sock.Send("flush", 0)
		return err
	})
	return g.Wait()
}

func (f *Fanned) Send(m string) error { // want Send:"sockUses\\(f\\.sock\\)"
	_, err := f.sock.Send(m, 0)
	return err
}
