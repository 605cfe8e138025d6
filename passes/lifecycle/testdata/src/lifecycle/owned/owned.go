// Package owned: sockets and contexts kept in struct fields, released (or
// not) by the type's close method.
package owned

import (
	"sync"

	zmq "github.com/pebbe/zmq4"

	"lifecycle/ownedbase"
)

// Client: Close terminates the context but never closes the socket.
type Client struct { // want Client:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
	mu   sync.Mutex
}

func NewClient(ep string) (*Client, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	sock, err := ctx.NewSocket(zmq.REQ) // want `socket sock is stored in field sock of Client, which no method of Client closes: Close \(line \d+\) closes the type's other fields but not sock \(call c.sock.Close\(\) in Close\)`
	if err != nil {
		ctx.Term()
		return nil, err
	}
	if err := sock.Connect(ep); err != nil {
		sock.Close()
		ctx.Term()
		return nil, err
	}
	return &Client{ctx: ctx, sock: sock}, nil
}

func (c *Client) Send(b []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err := c.sock.SendBytes(b, 0)
	return err
}

func (c *Client) Close() error {
	return c.ctx.Term()
}

// Server: Close closes pub and the context, forgets sub.
type Server struct { // want Server:"zmqCloser\\(Close\\)"
	ctx *zmq.Context
	pub *zmq.Socket
	sub *zmq.Socket
}

func NewServer() (*Server, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	pub, _ := ctx.NewSocket(zmq.PUB)
	sub, _ := ctx.NewSocket(zmq.SUB) // want `socket sub is stored in field sub of Server, which no method of Server closes: Close \(line \d+\) closes the type's other fields but not sub \(call s.sub.Close\(\) in Close\)`
	return &Server{ctx: ctx, pub: pub, sub: sub}, nil
}

func (s *Server) Close() {
	s.pub.Close()
	s.ctx.Term()
}

// Worker: deferred closes; out is forgotten.
type Worker struct { // want Worker:"zmqCloser\\(Stop\\)"
	ctx *zmq.Context
	in  *zmq.Socket
	out *zmq.Socket
}

func NewWorker() *Worker {
	ctx, _ := zmq.NewContext()
	w := &Worker{ctx: ctx}
	w.in, _ = ctx.NewSocket(zmq.PULL)
	w.out, _ = ctx.NewSocket(zmq.PUSH) // want `socket w.out is stored in field out of Worker, which no method of Worker closes: Stop \(line \d+\) closes the type's other fields but not out`
	return w
}

func (w *Worker) Stop() {
	defer w.ctx.Term()
	defer w.in.Close()
}

// Pool: the context is never terminated.
type Pool struct { // want Pool:"zmqCloser\\(Shutdown\\)"
	ctx  *zmq.Context
	push *zmq.Socket
}

func NewPool() (*Pool, error) {
	ctx, err := zmq.NewContext() // want `context ctx is stored in field ctx of Pool, which no method of Pool closes: Shutdown \(line \d+\) closes the type's other fields but not ctx \(call p.ctx.Term\(\) in Shutdown\)`
	if err != nil {
		return nil, err
	}
	push, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	return &Pool{ctx: ctx, push: push}, nil
}

func (p *Pool) Shutdown() {
	p.push.Close()
}

// Conn: Close closes the socket only when an endpoint was set.
type Conn struct { // want Conn:"zmqCloser\\(Close\\)"
	ctx      *zmq.Context
	sock     *zmq.Socket
	endpoint string
}

func NewConn(ep string) *Conn {
	ctx, _ := zmq.NewContext()
	sock, _ := ctx.NewSocket(zmq.DEALER) // want `socket sock is stored in field sock of Conn, whose Close closes it only on some paths: the return on line \d+ closes the other fields but leaves sock open`
	return &Conn{ctx: ctx, sock: sock, endpoint: ep}
}

func (c *Conn) Close() {
	if c.endpoint != "" {
		c.sock.Close()
	}
	c.ctx.Term()
}

// Node: the socket lives in an embedded struct.
type base struct {
	sock *zmq.Socket
}

type Node struct { // want Node:"zmqCloser\\(Close\\)"
	base
	ctx *zmq.Context
}

func NewNode() *Node {
	ctx, _ := zmq.NewContext()
	n := &Node{ctx: ctx}
	n.sock, _ = ctx.NewSocket(zmq.ROUTER) // want `socket n.sock is stored in field base.sock of Node, which no method of Node closes`
	return n
}

func (n *Node) Close() {
	n.ctx.Term()
}

// Relay: Close delegates to a helper method, which forgets back.
type Relay struct { // want Relay:"zmqCloser\\(Close, closeAll\\)"
	front *zmq.Socket
	back  *zmq.Socket
}

func NewRelay() *Relay {
	f, _ := zmq.NewSocket(zmq.ROUTER)
	b, _ := zmq.NewSocket(zmq.DEALER) // want `socket b is stored in field back of Relay, which no method of Relay closes: closeAll \(line \d+\) closes the type's other fields but not back`
	return &Relay{front: f, back: b}
}

func (r *Relay) Close() { r.closeAll() }

func (r *Relay) closeAll() {
	ownedbase.CloseSock(r.front)
}

// Lazy: the socket is made by a method, maybe never: the fix checks nil.
type Lazy struct { // want Lazy:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewLazy() (*Lazy, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	return &Lazy{ctx: ctx}, nil
}

func (l *Lazy) Connect(ep string) error {
	s, err := l.ctx.NewSocket(zmq.REQ) // want `socket s is stored in field sock of Lazy, which no method of Lazy closes`
	if err != nil {
		return err
	}
	l.sock = s
	return s.Connect(ep)
}

func (l *Lazy) Close() error {
	return l.ctx.Term()
}

// Looper: the struct is handed to its own method on a goroutine, which
// only reads the socket; Close forgets it. No fix: a Close added to Close
// would race the goroutine's Recv (sockshare), so ordering the two is
// the author's design.
type Looper struct { // want Looper:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewLooper() *Looper {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PULL) // want `socket s is stored in field sock of Looper, which no method of Looper closes`
	l := &Looper{ctx: ctx, sock: s}
	go l.run()
	return l
}

func (l *Looper) run() {
	for {
		if _, err := l.sock.Recv(0); err != nil {
			return
		}
	}
}

func (l *Looper) Close() { l.ctx.Term() }

// Embedded: the constructor drops the struct, and the socket stored in
// its embedded part, when Bind fails.
type inner struct {
	sock *zmq.Socket
}

type Embedded struct { // want Embedded:"zmqCloser\\(Close\\)"
	inner
	name string
}

func NewEmbedded(ep string) (*Embedded, error) {
	e := &Embedded{name: ep}
	var err error
	e.sock, err = zmq.NewSocket(zmq.PULL) // want `socket e.sock is not closed on all paths: the return on line \d+ leaks it`
	if err != nil {
		return nil, err
	}
	if err := e.sock.Bind(ep); err != nil {
		return nil, err
	}
	return e, nil
}

func (e *Embedded) Close() { e.sock.Close() }

// Pair: two sockets, several error returns; each leaking return closes
// what was stored before it.
type Pair struct { // want Pair:"zmqCloser\\(Close\\)"
	in, out *zmq.Socket
}

func NewPair(a, b string) (*Pair, error) {
	p := &Pair{}
	var err error
	if p.in, err = zmq.NewSocket(zmq.PULL); err != nil { // want `socket p.in is not closed on all paths: the return on line \d+ leaks it`
		return nil, err
	}
	if err = p.in.Bind(a); err != nil {
		return nil, err
	}
	if p.out, err = zmq.NewSocket(zmq.PUSH); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *Pair) Close() {
	p.in.Close()
	p.out.Close()
}

// Hub: neither the context nor one of the sockets is released; the
// context's fix waits for the socket's (a Term before it would block).
type Hub struct { // want Hub:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	a, b *zmq.Socket
}

func NewHub() *Hub {
	ctx, _ := zmq.NewContext() // want `context ctx is stored in field ctx of Hub, which no method of Hub closes`
	a, _ := ctx.NewSocket(zmq.PUB)
	b, _ := ctx.NewSocket(zmq.SUB) // want `socket b is stored in field b of Hub, which no method of Hub closes`
	return &Hub{ctx: ctx, a: a, b: b}
}

func (h *Hub) Close() {
	h.a.Close()
}

// OnceClient: the close method releases inside a sync.Once and forgets
// the socket; no fix (a close inside a literal is no place to add ours).
type OnceClient struct { // want OnceClient:"zmqCloser\\(Close\\)"
	once sync.Once
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewOnceClient() *OnceClient {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ) // want `socket s is stored in field sock of OnceClient, which no method of OnceClient closes: Close \(line \d+\) closes the type's other fields but not sock`
	return &OnceClient{ctx: ctx, sock: s}
}

func (o *OnceClient) Close() {
	o.once.Do(func() { o.ctx.Term() })
}

// Wrapped embeds an owner type of another package (its zmqCloser fact
// names Close) and never calls its Close: no fix (whether Base.Close is
// safe on a Base that was never opened is the other package's code).
type Wrapped struct { // want Wrapped:"zmqCloser\\(Close\\)"
	ownedbase.Base
	ctx *zmq.Context
}

func NewWrapped(ep string) (*Wrapped, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	w := &Wrapped{ctx: ctx}
	if err := w.Open(ep); err != nil {
		w.ctx.Term()
		return nil, err
	}
	return w, nil
}

func (w *Wrapped) Close() { // want `Wrapped embeds ownedbase.Base, which owns sockets released by its Close, but no method of Wrapped calls it: Close \(line \d+\) closes Wrapped's own fields and leaves the embedded ones open \(call w.Base.Close\(\)\)`
	w.ctx.Term()
}

// Promoted (a negative): Promoted declares no Close, so svc.Close() is Base's, reachable by
// its users; Stop releases the rest.
type Promoted struct { // want Promoted:"zmqCloser\\(Stop\\)"
	ownedbase.Base
	ctx *zmq.Context
}

func NewPromoted() *Promoted {
	ctx, _ := zmq.NewContext()
	return &Promoted{ctx: ctx}
}

func (p *Promoted) Stop() { p.ctx.Term() }

// Station embeds an owner type of this package and forgets its Close.
type conn struct {
	sock *zmq.Socket
}

func (c *conn) dial(ep string) error {
	s, err := zmq.NewSocket(zmq.DEALER)
	if err != nil {
		return err
	}
	c.sock = s
	return s.Connect(ep)
}

func (c *conn) Close() { c.sock.Close() }

type Station struct { // want Station:"zmqCloser\\(Close\\)"
	conn
	ctx *zmq.Context
}

func (s *Station) Close() { // want `Station embeds conn, which owns sockets released by its Close, but no method of Station calls it`
	s.ctx.Term()
}
