package methods

import (
	"sync"

	gozmq "github.com/go-zeromq/zmq4"
	zmq "github.com/pebbe/zmq4"
)

// Owner: the goroutine owns the socket after the go statement. The
// constructor sets it up before; the other methods touch other fields.
type Owner struct {
	sock  *zmq.Socket
	count int
	out   chan string
}

func NewOwner() *Owner {
	sock, _ := zmq.NewSocket(zmq.PULL)
	sock.SetLinger(0)
	sock.Bind("inproc://owner")
	o := &Owner{sock: sock, out: make(chan string)}
	go o.loop()
	return o
}

func (o *Owner) loop() { // want loop:"sockUses\\(o\\.sock\\)"
	for {
		msg, err := o.sock.Recv(0)
		if err != nil {
			return
		}
		o.out <- msg
	}
}

func (o *Owner) Messages() <-chan string { return o.out }

func (o *Owner) Count() int { return o.count }

// Stopper closes the socket only after the loop is done: a WaitGroup the
// loop signals, or a channel it closes.
type Stopper struct {
	sock *zmq.Socket
	wg   sync.WaitGroup
	quit chan struct{}
}

func (s *Stopper) Start() { // want Start:"sockUses\\(s\\.sock\\)"
	s.wg.Add(1)
	go s.loop()
}

func (s *Stopper) loop() { // want loop:"sockUses\\(s\\.sock\\) signals\\(s\\.wg\\)"
	defer s.wg.Done()
	for {
		select {
		case <-s.quit:
			return
		default:
		}
		s.sock.Recv(zmq.DONTWAIT)
	}
}

func (s *Stopper) Close() error { // want Close:"sockUses\\(s\\.sock\\)"
	close(s.quit)
	s.wg.Wait()
	return s.sock.Close()
}

type Doner struct {
	sock *zmq.Socket
	quit chan struct{}
	done chan struct{}
}

func NewDoner() *Doner {
	sock, _ := zmq.NewSocket(zmq.SUB)
	d := &Doner{sock: sock, quit: make(chan struct{}), done: make(chan struct{})}
	go d.loop()
	return d
}

func (d *Doner) loop() { // want loop:"sockUses\\(d\\.sock\\) signals\\(d\\.done\\)"
	defer close(d.done)
	for {
		select {
		case <-d.quit:
			return
		default:
		}
		d.sock.Recv(zmq.DONTWAIT)
	}
}

func (d *Doner) Close() { // want Close:"sockUses\\(d\\.sock\\)"
	close(d.quit)
	<-d.done
	d.sock.Close()
}

// Guarded: one mutex at every use, the goroutine's included.
type Guarded struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

func NewGuarded() *Guarded {
	sock, _ := zmq.NewSocket(zmq.DEALER)
	g := &Guarded{sock: sock}
	go func() {
		for {
			g.mu.Lock()
			_, err := g.sock.Recv(zmq.DONTWAIT)
			g.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return g
}

func (g *Guarded) Send(msg string) {
	g.mu.Lock()
	g.sock.Send(msg, 0)
	g.mu.Unlock()
}

func (g *Guarded) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.sock.Close()
}

// Pure: go-zeromq sockets serialize their own use.
type Pure struct {
	sock gozmq.Socket
}

func (p *Pure) Start() {
	go func() {
		for {
			if _, err := p.sock.Recv(); err != nil {
				return
			}
		}
	}()
}

func (p *Pure) Send(b []byte) error { // want Send:"sockUses\\(p\\.sock\\)"
	return p.sock.Send(gozmq.NewMsg(b))
}

// Loop: the go'd method is itself exported; its own body is the
// goroutine's, not another caller's.
type Loop struct {
	sock *zmq.Socket
}

func (l *Loop) Start() { go l.Run() } // want Start:"sockUses\\(l\\.sock\\)"

func (l *Loop) Run() { // want Run:"sockUses\\(l\\.sock\\)"
	for {
		if _, err := l.sock.Recv(0); err != nil {
			return
		}
	}
}

// Batch: Flush starts a goroutine and waits for it before returning; it
// is a call like any other, not a goroutine that outlives it.
type Batch struct {
	sock *zmq.Socket
}

func (b *Batch) Flush(msgs []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, m := range msgs {
			b.sock.Send(m, 0)
		}
	}()
	wg.Wait()
}

func (b *Batch) Send(m string) { // want Send:"sockUses\\(b\\.sock\\)"
	b.sock.Send(m, 0)
}

// Twin: the loop owns pull; the methods use push, another socket.
type Twin struct {
	pull *zmq.Socket
	push *zmq.Socket
}

func NewTwin() *Twin {
	pull, _ := zmq.NewSocket(zmq.PULL)
	push, _ := zmq.NewSocket(zmq.PUSH)
	t := &Twin{pull: pull, push: push}
	go func() {
		for {
			if _, err := t.pull.Recv(0); err != nil {
				return
			}
		}
	}()
	return t
}

func (t *Twin) Send(m string) { t.push.Send(m, 0) } // want Send:"sockUses\\(t\\.push\\)"

// Replier: the loop itself calls the exported Reply for each request; a
// method the goroutine runs is the goroutine's.
type Replier struct {
	sock *zmq.Socket
}

func (r *Replier) Start() { go r.loop() } // want Start:"sockUses\\(r\\.sock\\)"

func (r *Replier) loop() { // want loop:"sockUses\\(r\\.sock\\)"
	for {
		msg, err := r.sock.Recv(0)
		if err != nil {
			return
		}
		r.Reply(msg)
	}
}

func (r *Replier) Reply(m string) { r.sock.Send(m, 0) } // want Reply:"sockUses\\(r\\.sock\\)"
