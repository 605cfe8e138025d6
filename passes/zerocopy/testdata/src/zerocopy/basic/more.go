package basic

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"

	goczmq "github.com/go-zeromq/goczmq/v4"
	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

func frames(s zmq4.Socket, hdr, body []byte) {
	s.SendMulti(zmq4.NewMsgFrom(hdr, body))
	hdr[0] = 1 // want `hdr is modified after it was handed to SendMulti`
}

func framesSpread(s zmq4.Socket) {
	a := make([]byte, 2)
	fs := [][]byte{a}
	s.SendMulti(zmq4.NewMsgFrom(fs...))
	a[1] = 3 // want `a is modified after it was handed to SendMulti`
}

func msgLiteral(s zmq4.Socket) {
	a := make([]byte, 2)
	msg := zmq4.Msg{Frames: [][]byte{a}}
	s.Send(msg)
	rand.Read(a) // want `a is modified after it was handed to Send`
}

func reslice(s zmq4.Socket) {
	b := make([]byte, 16)
	b2 := b[:4]
	s.Send(zmq4.NewMsg(b))
	hex.Encode(b2, []byte("ab")) // want `b is modified after`
}

func appendIntoCap(s zmq4.Socket) {
	b := make([]byte, 16)
	s.Send(zmq4.NewMsg(b))
	b = append(b[:0], "xy"...) // want `b is modified after`
	_ = b
}

func appendGrows(s zmq4.Socket) {
	b := make([]byte, 16)
	s.Send(zmq4.NewMsg(b))
	b = append(b, 'x')
	_ = b
}

func readFull(s zmq4.Socket, r io.Reader) {
	b := make([]byte, 16)
	s.Send(zmq4.NewMsg(b))
	io.ReadFull(r, b) // want `b is modified after`
}

func cloned(s zmq4.Socket) {
	b := make([]byte, 4)
	s.Send(zmq4.NewMsg(bytes.Clone(b)))
	b[0] = 1
	s.Send(zmq4.NewMsg(append([]byte(nil), b...)))
	b[1] = 1
}

func stringMsg(s zmq4.Socket) {
	b := []byte("abc")
	s.Send(zmq4.NewMsgString(string(b)))
	b[0] = 1
	m := zmq4.NewMsg(b).Clone()
	s.Send(m)
	b[1] = 2
}

func pebbeCopies(s *pebbe.Socket, r io.Reader) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		s.SendBytes(buf[:n], 0)
		s.Send(string(buf[:n]), 0)
		s.SendMessage(buf[:n])
	}
}

func goczmqCopies(s *goczmq.Sock, r io.Reader) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		if err != nil {
			return
		}
		s.SendFrame(buf[:n], goczmq.FlagNone)
		s.SendMessage([][]byte{buf[:n]})
		s.Write(buf[:n])
	}
}

func channeler(c *goczmq.Channeler) {
	b := make([]byte, 8)
	c.SendChan <- [][]byte{b}
	b[0] = 9 // want `b is modified after it was handed to Channeler.SendChan`
}

func closureWrite(s zmq4.Socket) {
	b := make([]byte, 8)
	s.Send(zmq4.NewMsg(b))
	func() {
		b[0] = 1
	}() // want `b is modified after`
}

func goroutineWrite(s zmq4.Socket) {
	b := make([]byte, 8)
	s.Send(zmq4.NewMsg(b))
	go fill(b) // want `b is modified after`
}

func fill(p []byte) {
	for i := range p {
		p[i] = 'x'
	}
}

func methodValue(s zmq4.Socket) {
	b := make([]byte, 8)
	send := s.Send
	send(zmq4.NewMsg(b))
	fill(b) // want `b is modified after`
}

func earlyReturn(s zmq4.Socket, ok bool) {
	b := make([]byte, 8)
	if !ok {
		s.Send(zmq4.NewMsg(b))
		return
	}
	b[0] = 1
}

func panics(s zmq4.Socket, err error) {
	b := make([]byte, 8)
	s.Send(zmq4.NewMsg(b))
	if err != nil {
		panic(err)
	}
}

func generic[T ~[]byte](s zmq4.Socket, b T) {
	s.Send(zmq4.NewMsg([]byte(b)))
	b[0] = 1 // want `b is modified after`
}

func genericFresh[T ~[]byte](s zmq4.Socket, b T) {
	s.Send(zmq4.NewMsg(bytes.Clone([]byte(b))))
	b[0] = 1
}
