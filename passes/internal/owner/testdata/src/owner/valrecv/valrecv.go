package valrecv

import zmq "github.com/pebbe/zmq4"

type stats struct{ n int }

func (s *stats) inc() { s.n++ }

type V struct { // want V:"zmqOwns\\(sock socket\\)"
	sock *zmq.Socket
	st   stats
}

// shut's receiver is kept in a local (the address of v.st is taken): the
// access is the receiver's, as with a pointer receiver.
func (v V) shut() {
	v.st.inc()
	v.sock.Close()
}

// plain's receiver stays a value.
func (v V) plain() { v.sock.Close() }

// copyOf copies another V into a local: not a receiver's access.
func copyOf(p *V) {
	c := *p
	c.st.inc()
	c.sock.Close()
}
