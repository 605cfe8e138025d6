package access

import zmq "github.com/pebbe/zmq4"

type base struct{ s *zmq.Socket } // want base:"zmqOwns\\(s socket\\)"

type T struct { // want T:"zmqOwns\\(base.s socket, ctx context, sock socket, list \\[\\]socket\\)"
	base
	ctx  *zmq.Context
	sock *zmq.Socket
	list []*zmq.Socket
}

func New() *T {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	t := &T{ctx: ctx, sock: s}
	t.s = s
	return t
}

func (t *T) close() {
	defer func() { t.sock.Close() }()
	t.ctx.Term()
}

func (t *T) embedded() { t.s.Close() }

func (t *T) each() {
	for _, s := range t.list {
		s.Close()
	}
}

func (t *T) leak() **zmq.Socket { return &t.sock }

// A literal that captured another T is not a method's access.
func (t *T) other(o *T) {
	func() { o.sock.Close() }()
}
