package empty

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

// publisher holds its PUB socket in a field that only NewPub assigns.
type publisher struct {
	pub zmq4.Socket
}

func newPublisher(ctx context.Context) *publisher {
	return &publisher{pub: zmq4.NewPub(ctx)}
}

func (p *publisher) publish(parts []string) error {
	var frames [][]byte
	for _, s := range parts {
		frames = append(frames, []byte(s))
	}
	return p.pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty at this Send on p.pub \(a PUB socket, line 15\)`
}

// anySocket is assigned a parameter too: its type is unknown.
type anySocket struct {
	s zmq4.Socket
}

func newAny(ctx context.Context, s zmq4.Socket) *anySocket {
	if s == nil {
		s = zmq4.NewPub(ctx)
	}
	return &anySocket{s: s}
}

func (a *anySocket) publish() error {
	return a.s.Send(zmq4.Msg{})
}

// Exported fields may be set by other packages: not followed.
type Exported struct {
	Pub zmq4.Socket
}

func NewExported(ctx context.Context) *Exported {
	return &Exported{Pub: zmq4.NewPub(ctx)}
}

func (e *Exported) Publish() error {
	return e.Pub.Send(zmq4.Msg{})
}
