package fields

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

type Server struct {
	mu   sync.Mutex
	sock *zmq.Socket
	done chan struct{}
}

func (s *Server) loop() { // want loop:"sockUses\\(s.sock\\)"
	for {
		if _, err := s.sock.Recv(0); err != nil {
			return
		}
	}
}

// The constructor starts the loop, then keeps using the socket.
func NewServer() *Server {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock}
	go s.loop()
	s.sock.SetLinger(0) // want `s.sock is used \(SetLinger\) here while the goroutine started on line 27 may still be using it \(Recv on line 17\)`
	return s
}

// The same through the local variable the field was set from.
func NewServerAlias() *Server {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock}
	go s.loop()
	sock.Close() // want `sock is used \(Close\) here while the goroutine started on line 36`
	return s
}

// Hand-off: everything before the go statement.
func NewServerHandOff() *Server {
	sock, _ := zmq.NewSocket(zmq.REP)
	sock.Bind("tcp://*:5555")
	s := &Server{sock: sock}
	go s.loop()
	return s
}

// Uses under the server's mutex are not exported in facts.
func (s *Server) guardedLoop() {
	defer close(s.done)
	for {
		s.mu.Lock()
		_, err := s.sock.Recv(0)
		s.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func NewGuarded() *Server {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock, done: make(chan struct{})}
	go s.guardedLoop()
	s.mu.Lock()
	s.sock.SetLinger(0)
	s.mu.Unlock()
	return s
}

func NewGuardedOneSide() *Server {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock, done: make(chan struct{})}
	go s.guardedLoop()
	s.sock.SetLinger(0) // want `s.sock is used \(SetLinger\) here while the goroutine started on line 76`
	return s
}

// Waiting for the loop's end orders the Close.
func RunAndClose() {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock, done: make(chan struct{})}
	go s.guardedLoop()
	<-s.done
	s.sock.Close()
}

// A closure capturing the struct.
func Captured() {
	sock, _ := zmq.NewSocket(zmq.REP)
	s := &Server{sock: sock}
	go func() {
		s.sock.Recv(0)
	}()
	s.sock.Close() // want `s.sock is used \(Close\) here while the goroutine started on line 94`
}

// A struct received as a parameter.
func Start(s *Server) { // want Start:"sockUses\\(s.sock\\)"
	go s.loop()
	s.sock.Close() // want `s.sock is used \(Close\) here while the goroutine started on line 102`
}

// Another field of the struct is not the socket.
type pair struct {
	a, b *zmq.Socket
}

func twoFields() {
	a, _ := zmq.NewSocket(zmq.PAIR)
	b, _ := zmq.NewSocket(zmq.PAIR)
	p := &pair{a: a, b: b}
	go func() {
		p.a.Recv(0)
	}()
	p.b.Send("x", 0)
}
