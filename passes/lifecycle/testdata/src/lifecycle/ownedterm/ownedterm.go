// Package ownedterm: a Term of a context field that runs while the type's
// own sockets of that context are still open (issue 12, shape 4).
package ownedterm

import (
	"sync"

	zmq "github.com/pebbe/zmq4"

	"lifecycle/ownedbase"
)

// TermFirst: Close terminates the context, then closes the socket.
type TermFirst struct { // want TermFirst:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewTermFirst() (*TermFirst, error) {
	ctx, err := zmq.NewContext()
	if err != nil {
		return nil, err
	}
	s, err := ctx.NewSocket(zmq.PULL)
	if err != nil {
		ctx.Term()
		return nil, err
	}
	return &TermFirst{ctx: ctx, sock: s}, nil
}

func (t *TermFirst) Close() {
	t.ctx.Term() // want `t.ctx.Term\(\) in Close runs while socket field sock of TermFirst is still open: Close closes it on line \d+, after the Term; Term blocks until every socket of the context is closed`
	t.sock.Close()
}

// Sender: the same with two sockets, one of which sends with the default
// linger: the fix bounds its linger as it moves the closes up.
type Sender struct { // want Sender:"zmqCloser\\(Close\\)"
	ctx       *zmq.Context
	push, sub *zmq.Socket
}

func NewSender() *Sender {
	ctx, _ := zmq.NewContext()
	s := &Sender{ctx: ctx}
	s.push, _ = ctx.NewSocket(zmq.PUSH)
	s.sub, _ = ctx.NewSocket(zmq.SUB)
	return s
}

func (s *Sender) Send(b []byte) error {
	_, err := s.push.SendBytes(b, 0)
	return err
}

func (s *Sender) Close() {
	s.ctx.Term() // want `s.ctx.Term\(\) in Close runs while socket fields push and sub of Sender are still open`
	s.push.Close()
	s.sub.Close()
}

// Deferred: the LIFO trap in a method.
type Deferred struct { // want Deferred:"zmqCloser\\(Stop\\)"
	ctx *zmq.Context
	in  *zmq.Socket
}

func NewDeferred() *Deferred {
	ctx, _ := zmq.NewContext()
	in, _ := ctx.NewSocket(zmq.PULL)
	return &Deferred{ctx: ctx, in: in}
}

func (d *Deferred) Stop() {
	defer d.in.Close()
	defer d.ctx.Term() // want `d.ctx.Term\(\) in Stop runs while socket field in of Deferred is still open: Stop defers the close of it on line \d+ before the Term's defer, and defers run last-in first-out`
}

// Mixed: a direct Term with a deferred close, which runs at the return,
// after it. No fix: the Term would have to move to the return.
type Mixed struct { // want Mixed:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewMixed() *Mixed {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REP)
	return &Mixed{ctx: ctx, sock: s}
}

func (m *Mixed) Close() error {
	defer m.sock.Close()
	return m.ctx.Term() // want `m.ctx.Term\(\) in Close runs while socket field sock of Mixed is still open: Close defers the close of it \(line \d+\), which runs when the function returns, after the Term`
}

// Helper: the sockets are closed by a helper method called after the
// Term. No fix (the helper may do more than close).
type Helper struct {
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewHelper() *Helper {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.DEALER)
	return &Helper{ctx: ctx, sock: s}
}

func (h *Helper) closeSockets() { h.sock.Close() }

func (h *Helper) Close() {
	h.ctx.Term() // want `h.ctx.Term\(\) in Close runs while socket field sock of Helper is still open`
	h.closeSockets()
}

// Once: the wrong order inside a sync.Once.
type Once struct { // want Once:"zmqCloser\\(Close\\)"
	once sync.Once
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewOnce() *Once {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return &Once{ctx: ctx, sock: s}
}

func (o *Once) Close() {
	o.once.Do(func() {
		o.ctx.Term() // want `o.ctx.Term\(\) in a function literal in Close runs while socket field sock of Once is still open`
		o.sock.Close()
	})
}

// --- negatives ---

// Ordered: closes first, then terminates.
type Ordered struct { // want Ordered:"zmqCloser\\(Close, Stop\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewOrdered() *Ordered {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUB)
	return &Ordered{ctx: ctx, sock: s}
}

func (o *Ordered) Close() {
	if o.sock != nil {
		o.sock.Close()
	}
	o.ctx.Term()
}

// Stop: defers in the right order (the Close runs first).
func (o *Ordered) Stop() {
	defer o.ctx.Term()
	defer o.sock.Close()
}

// Foreign: the socket belongs to the caller's context, not to the field's.
type Foreign struct { // want Foreign:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewForeign(parent *zmq.Context) *Foreign { // want NewForeign:"zmqParams\\(borrows\\[0\\]\\)"
	ctx, _ := zmq.NewContext()
	s, _ := parent.NewSocket(zmq.PAIR)
	return &Foreign{ctx: ctx, sock: s}
}

func (f *Foreign) Close() {
	f.ctx.Term()
	f.sock.Close()
}

// Receiver: the pebbe pattern of a goroutine blocked in Recv, which the
// Term wakes (ETERM) and which then closes its socket. The close is the
// goroutine's, not Close's: silent.
type Receiver struct { // want Receiver:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewReceiver() *Receiver {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.SUB)
	r := &Receiver{ctx: ctx, sock: s}
	go func() {
		defer r.sock.Close()
		for {
			if _, err := r.sock.Recv(0); err != nil {
				return
			}
		}
	}()
	return r
}

func (r *Receiver) Close() { r.ctx.Term() }

// Split: Stop closes the socket, Close terminates: the order between two
// methods is the caller's.
type Split struct {
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewSplit() *Split {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	return &Split{ctx: ctx, sock: s}
}

func (s *Split) Stop()  { s.sock.Close() }
func (s *Split) Close() { s.ctx.Term() }

// Lazy: the socket is made by a method from the context field; Close has
// the right order under a nil check.
type Lazy struct { // want Lazy:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func (l *Lazy) Dial(ep string) error {
	s, err := l.ctx.NewSocket(zmq.REQ)
	if err != nil {
		return err
	}
	l.sock = s
	return s.Connect(ep)
}

func (l *Lazy) Close() {
	if l.sock != nil {
		l.sock.Close()
	}
	l.ctx.Term()
}

// Delegated: the close after the Term goes through a helper of another
// package (fact closes[0]): still after the Term. No fix (the helper may
// do more than close).
type Delegated struct { // want Delegated:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewDelegated() *Delegated {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	return &Delegated{ctx: ctx, sock: s}
}

func (d *Delegated) Close() {
	d.ctx.Term() // want `d.ctx.Term\(\) in Close runs while socket field sock of Delegated is still open`
	ownedbase.CloseSock(d.sock)
}

// OnceOK: the right order inside a sync.Once.
type OnceOK struct { // want OnceOK:"zmqCloser\\(Close\\)"
	once sync.Once
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewOnceOK() *OnceOK {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return &OnceOK{ctx: ctx, sock: s}
}

func (o *OnceOK) Close() {
	o.once.Do(func() {
		o.sock.Close()
		o.ctx.Term()
	})
}

// ValOK: the right order in a value receiver.
type ValOK struct { // want ValOK:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewValOK() ValOK {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return ValOK{ctx: ctx, sock: s}
}

func (v ValOK) Close() {
	v.sock.Close()
	v.ctx.Term()
}

// Pool: the sockets live in a slice closed by a loop before the Term.
type Pool struct { // want Pool:"zmqCloser\\(Close\\)"
	ctx   *zmq.Context
	socks []*zmq.Socket
}

func NewPool(n int) *Pool {
	ctx, _ := zmq.NewContext()
	p := &Pool{ctx: ctx}
	for i := 0; i < n; i++ {
		s, _ := ctx.NewSocket(zmq.PUSH)
		p.socks = append(p.socks, s)
	}
	return p
}

func (p *Pool) Close() {
	for _, s := range p.socks {
		s.Close()
	}
	p.ctx.Term()
}

// Nested: Close terminates the context inside an error branch that
// returns before any close: no socket close follows that Term.
type Nested struct { // want Nested:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewNested() *Nested {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return &Nested{ctx: ctx, sock: s}
}

func (n *Nested) Close() error {
	if err := n.sock.Close(); err != nil {
		return err
	}
	return n.ctx.Term()
}

// Woken: the goroutine blocked in Recv closes its socket once the Term
// wakes it with ETERM; Close's own close after the Term is redundant,
// not a hang.
type Woken struct { // want Woken:"zmqCloser\\(Close\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewWoken() *Woken {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.SUB)
	w := &Woken{ctx: ctx, sock: s}
	go w.loop()
	return w
}

func (w *Woken) loop() {
	defer w.sock.Close()
	for {
		if _, err := w.sock.Recv(0); err != nil {
			return
		}
	}
}

func (w *Woken) Close() {
	w.ctx.Term()
	w.sock.Close()
}

// Renewed: Reset terminates the old context and closes a socket of the
// new one it made: silent (the function stores the fields again).
type Renewed struct { // want Renewed:"zmqCloser\\(Close, Reset\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
}

func NewRenewed() *Renewed {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.REQ)
	return &Renewed{ctx: ctx, sock: s}
}

func (r *Renewed) Reset() {
	r.sock.Close()
	r.ctx.Term()
	r.ctx, _ = zmq.NewContext()
	r.sock, _ = r.ctx.NewSocket(zmq.REQ)
	if err := r.sock.Connect("tcp://localhost:5555"); err != nil {
		r.sock.Close()
	}
}

func (r *Renewed) Close() {
	r.sock.Close()
	r.ctx.Term()
}

// PoolLate: the slice's sockets are closed by a loop after the Term. No
// fix (a loop is not moved).
type PoolLate struct { // want PoolLate:"zmqCloser\\(Close\\)"
	ctx   *zmq.Context
	socks []*zmq.Socket
}

func NewPoolLate(n int) *PoolLate {
	ctx, _ := zmq.NewContext()
	p := &PoolLate{ctx: ctx}
	for i := 0; i < n; i++ {
		s, _ := ctx.NewSocket(zmq.PUSH)
		p.socks = append(p.socks, s)
	}
	return p
}

func (p *PoolLate) Close() {
	p.ctx.Term() // want `p.ctx.Term\(\) in Close runs while socket field socks of PoolLate is still open`
	for _, s := range p.socks {
		s.Close()
	}
}

// ByName: a map of sockets of the caller's context: silent.
type ByName struct { // want ByName:"zmqCloser\\(Close\\)"
	ctx   *zmq.Context
	socks map[string]*zmq.Socket
}

func NewByName(parent *zmq.Context, names []string) *ByName { // want NewByName:"zmqParams\\(borrows\\[0\\]\\)"
	ctx, _ := zmq.NewContext()
	b := &ByName{ctx: ctx, socks: map[string]*zmq.Socket{}}
	for _, n := range names {
		s, _ := parent.NewSocket(zmq.PUSH)
		b.socks[n] = s
	}
	return b
}

func (b *ByName) Close() {
	b.ctx.Term()
	for _, s := range b.socks {
		s.Close()
	}
}
