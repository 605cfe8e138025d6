package negative

import (
	"context"
	"errors"
	"io"
	"os"
	"sync"
	"testing"

	zmq "github.com/pebbe/zmq4"

	fake "lifecycle/fakezmq"
)

type server struct {
	sock *zmq.Socket
	mu   sync.Mutex
}

func (s *server) Close() { s.sock.Close() }

func storedInField(srv *server) error {
	s, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	srv.sock = s
	return nil
}

func global() {
	s, _ := zmq.NewSocket(zmq.PUB)
	globalSock = s
}

var globalSock *zmq.Socket

func inMap(m map[string]*zmq.Socket) {
	s, _ := zmq.NewSocket(zmq.PUB)
	m["x"] = s
}

func overChannel(ch chan *zmq.Socket) {
	s, _ := zmq.NewSocket(zmq.PUB)
	ch <- s
}

func goroutineOwns() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go func() {
		defer s.Close()
		s.Recv(0)
	}()
}

func goroutineArg() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
}

func worker(s *zmq.Socket) { defer s.Close(); s.Recv(0) } // want worker:"zmqParams\\(closes\\[0\\]\\)"

func ownedSlice(eps []string) {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			continue
		}
		s.Connect(ep)
		socks = append(socks, s)
	}
	for _, s := range socks {
		s.Close()
	}
}

func deferInLoop(eps []string) error {
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return err
		}
		defer s.Close()
		s.Connect(ep)
	}
	return nil
}

func methodValue() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	closeFn := s.Close
	defer closeFn()
}

func methodExpr() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer (*zmq.Socket).Close(s)
}

func viaInterface() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var c io.Closer = closer{s}
	defer c.Close()
}

type closer struct{ s *zmq.Socket }

func (c closer) Close() error { return c.s.Close() }

func unknownFunc(f func(*zmq.Socket)) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	f(s)
}

func panics() {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		panic(err)
	}
	if err := s.Bind("x"); err != nil {
		panic(err)
	}
	s.Close()
}

func exits() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	if err := s.Bind("x"); err != nil {
		os.Exit(1)
	}
	s.Close()
}

func testFatal(t *testing.T) {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Bind("x"); err != nil {
		t.Fatalf("bind: %v", err)
	}
	s.Close()
}

func retry() (*zmq.Socket, error) { // want retry:"createsSocket\\(0\\) nilOnError"
	var s *zmq.Socket
	var err error
	for i := 0; i < 3; i++ {
		s, err = zmq.NewSocket(zmq.PUSH)
		if err == nil {
			break
		}
	}
	return s, err
}

func selectLoop(done chan struct{}) {
	s, _ := zmq.NewSocket(zmq.SUB)
	defer s.Close()
	for {
		select {
		case <-done:
			return
		default:
			s.Recv(zmq.DONTWAIT)
		}
	}
}

func notZMQ() {
	s, _ := fake.NewSocket(1)
	s.Send("x", 0)
	s.Close()
	s.Send("y", 0)
	fake.Term()
}

func capturedErr() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	defer func() {
		if err != nil {
			err = errors.Join(err, errors.New("ctx"))
		}
	}()
	if err != nil {
		return err
	}
	defer s.Close()
	return nil
}

func generic[T any](v T) {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer s.Close()
	_ = v
}

func closureNested() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	defer func() {
		func() {
			s.Close()
		}()
	}()
}

func termOK() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.SetLinger(0)
	s.Send("x", 0)
	s.Close()
	ctx.Term()
}

func subNoLinger() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.SUB)
	s.Recv(0)
	s.Close()
	ctx.Term()
}

func blockyOff() {
	ctx, _ := zmq.NewContext()
	ctx.SetBlocky(false)
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close()
	ctx.Term()
}

func lingerOK(s *zmq.Socket) { // want lingerOK:"zmqParams\\(borrows\\[0\\]\\)"
	s.SetLinger(0)
	s.SetLinger(-1)
	s.SetLinger(500 * 1000 * 1000 * 2 / 2 * 0)
}

func closeTwiceOK() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Close()
	s.Close()
}

func reopen() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	for i := 0; i < 3; i++ {
		s.Send("x", 0)
		s.Close()
		s, _ = zmq.NewSocket(zmq.PUSH)
	}
	s.Close()
}

func deferredBeforeAssign(ctx context.Context) error {
	var s *zmq.Socket
	defer func() {
		if s != nil {
			s.Close()
		}
	}()
	var err error
	s, err = zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	return s.Bind("x")
}

func deferredCloseBeforeAssign() error {
	var s *zmq.Socket
	defer func() { s.Close() }()
	s, _ = zmq.NewSocket(zmq.PUSH)
	return s.Bind("x")
}
