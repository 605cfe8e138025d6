package poller

import (
	"context"
	"time"

	gozmq "github.com/go-zeromq/zmq4"
	czmq "github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
	draft "github.com/pebbe/zmq4/draft"
	"golang.org/x/sync/errgroup"
)

func pollInGoroutine() {
	s, _ := zmq.NewSocket(zmq.DEALER)
	poller := zmq.NewPoller()
	poller.Add(s, zmq.POLLIN)
	go func() {
		for {
			poller.Poll(time.Second)
		}
	}()
	s.Send("x", 0) // want `s is used \(Send\) here while the goroutine started on line 18 may still be using it \(Poll on line 20\)`
}

func pollInLauncher() {
	s, _ := zmq.NewSocket(zmq.DEALER)
	poller := zmq.NewPoller()
	poller.Add(s, zmq.POLLIN)
	go func() {
		s.Send("x", 0)
	}()
	poller.PollAll(time.Second) // want `s is polled \(PollAll\) here while the goroutine started on line 30`
}

func reactor() {
	s, _ := zmq.NewSocket(zmq.ROUTER)
	r := zmq.NewReactor()
	r.AddSocket(s, zmq.POLLIN, func(zmq.State) error { return nil })
	go r.Run(time.Second)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 40 may still be using it \(Run on line 40\)`
}

// Polling another poller does not touch s.
func otherPoller() {
	s, _ := zmq.NewSocket(zmq.DEALER)
	t, _ := zmq.NewSocket(zmq.DEALER)
	p1, p2 := zmq.NewPoller(), zmq.NewPoller()
	p1.Add(s, zmq.POLLIN)
	p2.Add(t, zmq.POLLIN)
	go func() {
		p2.Poll(time.Second)
	}()
	s.Send("x", 0)
}

func errgroupShared(ctx context.Context) error {
	s, _ := zmq.NewSocket(zmq.PULL)
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := s.Recv(0)
		return err
	})
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 60`
	return g.Wait()
}

func errgroupWaited(ctx context.Context) error {
	s, _ := zmq.NewSocket(zmq.PULL)
	g, _ := errgroup.WithContext(ctx)
	g.Go(func() error {
		_, err := s.Recv(0)
		return err
	})
	err := g.Wait()
	s.Close()
	return err
}

func errgroupTwo(ctx context.Context) error {
	s, _ := zmq.NewSocket(zmq.PAIR)
	var g errgroup.Group
	g.Go(func() error {
		_, err := s.Recv(0)
		return err
	})
	g.Go(func() error {
		_, err := s.Send("x", 0) // want `s is used \(Send\) in the goroutine started on line 87 while the goroutine started on line 83`
		return err
	})
	return g.Wait()
}

// Thread-safe draft types are not reported; other draft types are.
func draftServer() {
	s, _ := draft.NewSocket(draft.SERVER)
	go func() {
		s.Recv(0)
	}()
	s.Send("x", 0)
}

func draftPair() {
	s, _ := draft.NewSocket(draft.PAIR)
	go func() {
		s.Recv(0)
	}()
	s.Send("x", 0) // want `s is used \(Send\) here while the goroutine started on line 105`
}

// A draft socket of unknown type: not reported.
func draftParam(s *draft.Socket) {
	go func() {
		s.Recv(0)
	}()
	s.Send("x", 0)
}

// go-zeromq serializes Send and Recv itself.
func gozmqShared(ctx context.Context) {
	s := gozmq.NewPair(ctx)
	go func() {
		s.Recv()
	}()
	s.Send(gozmq.NewMsgString("x"))
}

func goczmqSock() {
	s := czmq.NewSock(czmq.Pair)
	go func() {
		s.RecvFrame()
	}()
	s.SendFrame([]byte("x"), czmq.FlagNone) // want `s is used \(SendFrame\) here while the goroutine started on line 130`
}

// Channeler is goczmq's way to share a socket.
func goczmqChanneler() {
	c := czmq.NewPairChanneler("inproc://x")
	go func() {
		<-c.RecvChan
	}()
	c.Destroy()
}
