package fields

import (
	"bytes"
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

// Publisher reuses one scratch slice per message: the next call truncates
// and refills the array the previous message still references.
type Publisher struct {
	sock zmq4.Socket
	buf  []byte
}

func (p *Publisher) Publish(topic string, body []byte) error {
	p.buf = p.buf[:0]
	p.buf = append(p.buf, topic...)
	p.buf = append(p.buf, body...)
	return p.sock.Send(zmq4.NewMsg(p.buf)) // want `p.buf \(field buf of Publisher\) is handed to Send on line 22, which keeps a reference to the message's frames, and Publisher.Publish itself, on its next call, writes the field's bytes again on line 20`
}

// Framer fills a fixed header array in one method and sends it in another.
type Framer struct {
	sock zmq4.Socket
	hdr  [4]byte
}

func (f *Framer) SetLen(n int) {
	binary.BigEndian.PutUint32(f.hdr[:], uint32(n))
}

func (f *Framer) SendHeader() error {
	return f.sock.Send(zmq4.NewMsg(f.hdr[:])) // want `f.hdr\[:\] \(field hdr of Framer\) is handed to Send on line 36, which keeps a reference to the message's frames, and method Framer.SetLen writes the field's bytes again on line 32`
}

// Scratch writes an element of its scratch slice in another method.
type Scratch struct {
	sock    zmq4.Socket
	scratch []byte
}

func NewScratch(s zmq4.Socket) *Scratch {
	sc := &Scratch{sock: s, scratch: make([]byte, 8)}
	sc.scratch[0] = 0xff // constructor, before any send: silent
	return sc
}

func (s *Scratch) Mark(x byte) { s.scratch[0] = x }

func (s *Scratch) Flush() error {
	return s.sock.Send(zmq4.NewMsgFrom(s.scratch)) // want `s.scratch \(field scratch of Scratch\) is handed to Send on line 54, which keeps a reference to the message's frames, and method Scratch.Mark writes the field's bytes again on line 51`
}

// Encoder sends the bytes of a bytes.Buffer field and resets it for the
// next message, which its writes then fill.
type Encoder struct {
	sock zmq4.Socket
	bbuf bytes.Buffer
}

func (e *Encoder) Encode(v string) error {
	e.bbuf.Reset()
	e.bbuf.WriteString(v)
	return e.sock.Send(zmq4.NewMsg(e.bbuf.Bytes())) // want `e.bbuf.Bytes\(\) \(field bbuf of Encoder\) is handed to Send on line 67, which keeps a reference to the message's frames, and Encoder.Encode itself, on its next call, writes the field's bytes again on line 65`
}

// queue hands the field's bytes to a sender goroutine over a channel.
type queue struct {
	out chan []byte
	buf []byte
}

func newQueue(s zmq4.Socket) *queue {
	q := &queue{out: make(chan []byte, 16), buf: make([]byte, 0, 64)}
	go func() {
		for b := range q.out {
			s.Send(zmq4.NewMsg(b))
		}
	}()
	return q
}

func (q *queue) push(p []byte) {
	q.buf = append(q.buf[:0], p...)
	q.out <- q.buf // want `q.buf \(field buf of queue\) is handed to the channel send on line 88, whose receiver hands it to a send that keeps a reference, and queue.push itself, on its next call, writes the field's bytes again on line 87`
}

// --- negatives ---

// Fresh allocates a new slice on every call before filling it.
type Fresh struct {
	sock zmq4.Socket
	buf  []byte
}

func (f *Fresh) Send(p []byte) error {
	f.buf = make([]byte, len(p))
	copy(f.buf, p)
	return f.sock.Send(zmq4.NewMsg(f.buf))
}

// FreshAppend builds a new slice by appending to nil.
type FreshAppend struct {
	sock zmq4.Socket
	buf  []byte
}

func (f *FreshAppend) Send(p []byte) error {
	f.buf = append([]byte(nil), p...)
	f.buf = append(f.buf, '\n')
	return f.sock.Send(zmq4.NewMsg(f.buf))
}

// Cloned copies at the hand-over.
type Cloned struct {
	sock zmq4.Socket
	buf  []byte
}

func (c *Cloned) Send(p []byte) error {
	c.buf = append(c.buf[:0], p...)
	return c.sock.Send(zmq4.NewMsg(bytes.Clone(c.buf)))
}

// MsgCloned copies the message at the send.
type MsgCloned struct {
	sock zmq4.Socket
	buf  []byte
}

func (c *MsgCloned) Send(p []byte) error {
	c.buf = append(c.buf[:0], p...)
	msg := zmq4.NewMsg(c.buf)
	return c.sock.Send(msg.Clone())
}

// Copying sends pebbe SendBytes: the bytes are copied.
type Copying struct {
	sock *pebbe.Socket
	buf  []byte
}

func (c *Copying) Send(p []byte) error {
	c.buf = append(c.buf[:0], p...)
	_, err := c.sock.SendBytes(c.buf, 0)
	return err
}

// Growing only appends at full length: the sent bytes are never written.
type Growing struct {
	sock zmq4.Socket
	log  []byte
}

func (g *Growing) Add(p []byte) { g.log = append(g.log, p...) }

func (g *Growing) Send() error { return g.sock.Send(zmq4.NewMsg(g.log)) }

// Constructed fills its header only in the constructor.
type Constructed struct {
	sock zmq4.Socket
	hdr  [2]byte
}

func NewConstructed(s zmq4.Socket) *Constructed {
	c := &Constructed{sock: s}
	c.hdr[0] = 1
	binary.BigEndian.PutUint16(c.hdr[:], 7)
	return c
}

func (c *Constructed) Hello() error { return c.sock.Send(zmq4.NewMsg(c.hdr[:])) }

// Appender writes into its bytes.Buffer without resetting it: writes
// append past the sent bytes.
type Appender struct {
	sock zmq4.Socket
	bbuf bytes.Buffer
}

func (a *Appender) Add(s string) { a.bbuf.WriteString(s) }

func (a *Appender) Send() error { return a.sock.Send(zmq4.NewMsg(a.bbuf.Bytes())) }

// ReadOnly reads the field after sending it.
type ReadOnly struct {
	sock zmq4.Socket
	buf  []byte
}

func (r *ReadOnly) Send() (byte, error) {
	err := r.sock.Send(zmq4.NewMsg(r.buf))
	return r.buf[0], err
}

// OtherField writes a field that is never sent.
type OtherField struct {
	sock zmq4.Socket
	out  []byte
	tmp  []byte
}

func (o *OtherField) Scratch() { o.tmp[0] = 1 }

func (o *OtherField) Send() error { return o.sock.Send(zmq4.NewMsg(o.out)) }

// Realloc writes its field only after giving it a new array.
type Realloc struct {
	sock zmq4.Socket
	buf  []byte
}

func (r *Realloc) Reset(n int) {
	r.buf = make([]byte, n)
	r.buf[0] = 1
}

func (r *Realloc) Drop() { r.buf = nil }

func (r *Realloc) Send() error { return r.sock.Send(zmq4.NewMsg(r.buf)) }

// ValArr's value receiver writes its own copy of the array.
type ValArr struct {
	sock zmq4.Socket
	hdr  [2]byte
}

func (v ValArr) Poke(b byte) { v.hdr[0] = b }

func (v *ValArr) Send() error { return v.sock.Send(zmq4.NewMsg(v.hdr[:])) }

// Replacer gives its field a new array after every hand-over: the next
// call fills memory no message holds.
type Replacer struct {
	sock zmq4.Socket
	buf  []byte
}

func (r *Replacer) Emit(n uint32) error {
	binary.BigEndian.PutUint32(r.buf, n)
	err := r.sock.Send(zmq4.NewMsg(r.buf))
	r.buf = make([]byte, 4)
	return err
}

// HalfReplacer replaces its field only when the send fails.
type HalfReplacer struct {
	sock zmq4.Socket
	buf  []byte
}

func (r *HalfReplacer) Emit(n uint32) error {
	binary.BigEndian.PutUint32(r.buf, n)
	err := r.sock.Send(zmq4.NewMsg(r.buf)) // want `r.buf \(field buf of HalfReplacer\) is handed to Send on line 257, which keeps a reference to the message's frames, and HalfReplacer.Emit itself, on its next call, writes the field's bytes again on line 256`
	if err != nil {
		r.buf = make([]byte, 4)
	}
	return err
}
