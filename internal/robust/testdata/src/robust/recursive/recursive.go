// Package recursive is robustness testdata: recursive and mutually
// recursive helpers taking sockets, so that facts must converge.
package recursive

import zmq "github.com/pebbe/zmq4"

// Drain recurses on itself and closes s at the bottom.
func Drain(s *zmq.Socket, n int) error {
	if n == 0 {
		return s.Close()
	}
	s.Recv(0)
	return Drain(s, n-1)
}

// Ping and Pong call each other and only use the socket.
func Ping(s *zmq.Socket, n int) {
	if n <= 0 {
		return
	}
	s.Send("ping", 0)
	Pong(s, n-1)
}

func Pong(s *zmq.Socket, n int) {
	if n <= 0 {
		return
	}
	s.Send("pong", 0)
	Ping(s, n-1)
}

// Even and Odd close the socket on every path, through each other.
func Even(s *zmq.Socket, n int) error {
	if n == 0 {
		return s.Close()
	}
	return Odd(s, n-1)
}

func Odd(s *zmq.Socket, n int) error {
	if n == 0 {
		return s.Close()
	}
	return Even(s, n-1)
}

// Forever never returns.
func Forever(s *zmq.Socket) {
	for {
		s.Recv(0)
	}
}

// Spin never returns through mutual recursion.
func Spin(n int) { Spun(n + 1) }
func Spun(n int) { Spin(n - 1) }

func local() error {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	Ping(s, 3)
	return Drain(s, 2)
}
