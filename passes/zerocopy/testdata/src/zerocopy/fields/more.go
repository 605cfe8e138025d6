package fields

import (
	"bytes"

	"github.com/go-zeromq/zmq4"
	"github.com/zeromq/goczmq"
)

// Grower reallocates only when the scratch is too small: otherwise the
// next call truncates and overwrites the array the last message holds.
type Grower struct {
	sock zmq4.Socket
	buf  []byte
}

func (g *Grower) Send(p []byte) error {
	if cap(g.buf) < len(p) {
		g.buf = make([]byte, len(p))
	}
	g.buf = g.buf[:len(p)]
	copy(g.buf, p)
	return g.sock.Send(zmq4.NewMsg(g.buf)) // want `g.buf \(field buf of Grower\) is handed to Send on line 23, which keeps a reference to the message's frames, and Grower.Send itself, on its next call, writes the field's bytes again on line 22`
}

// Chan hands a frame of its field to goczmq's sending goroutine.
type Chan struct {
	ch  *goczmq.Channeler
	hdr []byte
}

func (c *Chan) Tag(b byte) { c.hdr[0] = b }

func (c *Chan) Send(body []byte) {
	c.ch.SendChan <- [][]byte{c.hdr, body} // want `c.hdr \(field hdr of Chan\) is handed to Channeler.SendChan on line 35, whose goroutine sends the frames later, and method Chan.Tag writes the field's bytes again on line 32`
}

// PtrBuf holds a *bytes.Buffer reset by one method and filled by another.
type PtrBuf struct {
	sock zmq4.Socket
	out  *bytes.Buffer
}

func (p *PtrBuf) Begin()           { p.out.Reset() }
func (p *PtrBuf) Add(s string)     { p.out.WriteString(s) }
func (p *PtrBuf) Commit() error    { return p.sock.Send(zmq4.NewMsg(p.out.Bytes())) } // want `p.out.Bytes\(\) \(field out of PtrBuf\) is handed to Send on line 46, which keeps a reference to the message's frames, and method PtrBuf.Begin writes the field's bytes again on line 44`
func (p *PtrBuf) Copy() error      { return p.sock.Send(zmq4.NewMsg(bytes.Clone(p.out.Bytes()))) }
func (p *PtrBuf) Replace(s string) { p.out = bytes.NewBufferString(s) }

// Looper refills its field in a loop: the path walk reports the fill,
// and the field rule adds nothing.
type Looper struct {
	sock zmq4.Socket
	buf  []byte
}

func (l *Looper) SendAll(ps [][]byte) {
	for _, p := range ps {
		l.buf = append(l.buf[:0], p...) // want `is modified after it was handed to Send`
		l.sock.Send(zmq4.NewMsg(l.buf))
	}
}

// Other writes the field of another value of the type, not its own.
type Other struct {
	sock zmq4.Socket
	buf  []byte
}

func (o *Other) Send() error { return o.sock.Send(zmq4.NewMsg(o.buf)) }

func reuse(o *Other) { o.buf[0] = 1 }

// Ticker's goroutine, started by a method, bumps the counter byte the
// sends share.
type Ticker struct {
	sock zmq4.Socket
	buf  []byte
}

func (t *Ticker) Start() {
	go func() {
		for {
			t.buf[0]++
		}
	}()
}

func (t *Ticker) Send() error {
	return t.sock.Send(zmq4.NewMsg(t.buf)) // want `t.buf \(field buf of Ticker\) is handed to Send on line 90, which keeps a reference to the message's frames, and method Ticker.Start writes the field's bytes again on line 84`
}

// Value receivers share the array too.
type Val struct {
	sock zmq4.Socket
	buf  []byte
}

func (v Val) Poke(b byte) { v.buf[0] = b }

func (v Val) Send() error {
	return v.sock.Send(zmq4.NewMsg(v.buf)) // want `v.buf \(field buf of Val\) is handed to Send on line 102, which keeps a reference to the message's frames, and method Val.Poke writes the field's bytes again on line 99`
}
