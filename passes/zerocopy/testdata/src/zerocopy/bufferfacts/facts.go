// Package bufferfacts checks the facts of the zmqbuffers helper pass.
package bufferfacts

import (
	"bytes"
	"io"

	goczmq "github.com/go-zeromq/goczmq/v4"
	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

type Pub struct {
	S zmq4.Socket
	q chan []byte
}

func Publish(s zmq4.Socket, buf []byte) error { // want Publish:"handsOver\\(1\\)"
	return s.Send(zmq4.NewMsg(buf))
}

func PublishMsg(s zmq4.Socket, m zmq4.Msg) error { // want PublishMsg:"handsOver\\(1\\)"
	return s.Send(m)
}

func PublishFrames(c *goczmq.Channeler, fs [][]byte) { // want PublishFrames:"handsOver\\(1\\)"
	c.SendChan <- fs
}

func PublishTwice(s zmq4.Socket, a, b []byte) { // want PublishTwice:"handsOver\\(1 2\\)"
	Publish(s, a)
	s.SendMulti(zmq4.NewMsgFrom(b[:2]))
}

func Copying(s *pebbe.Socket, buf []byte) {
	s.SendBytes(buf, 0)
}

func CopyMsg(s zmq4.Socket, str string) {
	s.Send(zmq4.NewMsgString(str))
}

func (p *Pub) Enqueue(buf []byte) { // want Enqueue:"handsOver\\(0\\)"
	p.q <- buf
}

func (p *Pub) loop() {
	for b := range p.q {
		p.S.Send(zmq4.NewMsg(b))
	}
}

func Fill(b []byte, v byte) { // want Fill:"writesParams\\(0\\)"
	for i := range b {
		b[i] = v
	}
}

func ReadInto(r io.Reader, dst []byte) error { // want ReadInto:"writesParams\\(1\\)"
	_, err := io.ReadFull(r, dst)
	return err
}

func ViaHelper(x, y []byte) { // want ViaHelper:"writesParams\\(1\\)"
	Fill(y[1:], 0)
	_ = len(x)
}

func ReadOnly(b []byte) int {
	return int(b[0])
}

type Buf []byte

func (b Buf) Zero() { // want Zero:"writesParams\\(recv\\)"
	clear(b)
}

// Appenders: the result is the parameter's memory, appended to, on every
// return (appendsParam); a helper that may return new memory has no fact.
func appendPair(dst []byte, a, b byte) []byte { // want appendPair:"appendsParam\\(0\\)"
	dst = append(dst, a)
	return appendOne(dst, b)
}

func appendOne(dst []byte, b byte) []byte { // want appendOne:"appendsParam\\(0\\)"
	if b == 0 {
		return dst
	}
	return append(dst, b)
}

type enc struct{ pad byte }

func (e *enc) appendTo(dst []byte) []byte { // want appendTo:"appendsParam\\(1\\)"
	return append(dst, e.pad)
}

func cloned(dst []byte, b byte) []byte {
	return append(bytes.Clone(dst), b)
}

func growFresh(dst []byte, b byte) []byte {
	if cap(dst)-len(dst) < 1 {
		dst = make([]byte, len(dst), 2*len(dst)+1)
	}
	return append(dst, b)
}

func fullSlice(dst []byte, b byte) []byte {
	return append(append(dst[:0:0], dst...), b) // a copy first
}
