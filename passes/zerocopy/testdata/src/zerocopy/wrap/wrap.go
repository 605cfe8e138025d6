// Package wrap has functions that hand their parameter over, or write it.
package wrap

import "github.com/go-zeromq/zmq4"

type Pub struct {
	S zmq4.Socket
	q chan []byte
}

// Publish hands buf to Send.
func Publish(s zmq4.Socket, buf []byte) error {
	return s.Send(zmq4.NewMsg(buf))
}

// Enqueue hands buf over through a channel to the sending goroutine.
func (p *Pub) Enqueue(buf []byte) {
	p.q <- buf
}

func (p *Pub) loop() {
	for b := range p.q {
		p.S.Send(zmq4.NewMsg(b))
	}
}

// Start starts the sending goroutine.
func (p *Pub) Start() { go p.loop() }

// Fill writes its argument.
func Fill(b []byte, v byte) {
	for i := range b {
		b[i] = v
	}
}

func local(s zmq4.Socket) {
	ch := make(chan []byte)
	go func() {
		for b := range ch {
			s.Send(zmq4.NewMsg(b))
		}
	}()
	buf := make([]byte, 8)
	for i := 0; i < 3; i++ {
		Fill(buf, byte(i)) // want `buf is modified after it was handed to the channel send on line 47`
		ch <- buf
	}
}
