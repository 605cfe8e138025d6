package empty

import (
	"context"

	"github.com/go-zeromq/zmq4"
)

// lengthCheck: an early return when there is nothing to send.
func lengthCheck(ctx context.Context, parts []string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, []byte(p))
	}
	if len(frames) == 0 {
		return errEmpty
	}
	return pub.Send(zmq4.NewMsgFrom(frames...))
}

// lengthCheckPositive: the send is inside "len > 0".
func lengthCheckPositive(ctx context.Context, parts []string) {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, []byte(p))
	}
	if 0 < len(frames) {
		pub.Send(zmq4.NewMsgFrom(frames...))
	}
}

// msgLenCheck: the check is on the Msg's Frames.
func msgLenCheck(ctx context.Context, b []byte, ok bool) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var m zmq4.Msg
	if ok {
		m = zmq4.NewMsg(b)
	}
	if len(m.Frames) == 0 {
		return nil
	}
	return pub.Send(m)
}

// nonEmptyLiteral: built non-empty.
func nonEmptyLiteral(ctx context.Context, topic, body []byte, extra [][]byte) {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	pub.Send(zmq4.NewMsgFrom(topic, body))
	pub.Send(zmq4.Msg{Frames: [][]byte{topic}})
	frames := [][]byte{topic}
	for _, e := range extra {
		frames = append(frames, e)
	}
	pub.Send(zmq4.NewMsgFrom(frames...))
	var fs [][]byte
	fs = append(fs, topic)
	pub.Send(zmq4.NewMsgFrom(fs...))
	pub.Send(zmq4.NewMsgString("x"))
	pub.Send(zmq4.NewMsg(nil)) // one frame, of length 0: fine
}

// unknownFrames: a parameter may be empty, but nothing here says so.
func unknownFrames(ctx context.Context, frames [][]byte) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	return pub.Send(zmq4.NewMsgFrom(frames...))
}

// otherTypes: PUSH, DEALER, REQ and PAIR skip empty messages without a panic.
func otherTypes(ctx context.Context) {
	push := zmq4.NewPush(ctx)
	defer push.Close()
	push.Send(zmq4.Msg{})
	dealer := zmq4.NewDealer(ctx)
	defer dealer.Close()
	dealer.Send(zmq4.NewMsgFrom())
}

// unknownSocket: a socket parameter's type is unknown.
func unknownSocket(s zmq4.Socket) {
	s.Send(zmq4.Msg{})
}

// inputChecked: the range loop appends on every iteration over a slice
// that was checked non-empty, so frames has at least one element.
func inputChecked(ctx context.Context, parts []string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if len(parts) == 0 {
		return errEmpty
	}
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, []byte(p))
	}
	return pub.Send(zmq4.NewMsgFrom(frames...))
}

// closureSend: a send in a goroutine on a socket of its launcher, guarded.
func closureSend(ctx context.Context, in <-chan [][]byte) {
	pub := zmq4.NewPub(ctx)
	go func() {
		defer pub.Close()
		for fs := range in {
			if len(fs) == 0 {
				continue
			}
			pub.Send(zmq4.NewMsgFrom(fs...))
		}
	}()
}

// counted: a loop from 0 below 3 runs at least once.
func counted(ctx context.Context, part []byte) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for i := 0; i < 3; i++ {
		frames = append(frames, part)
	}
	return pub.Send(zmq4.NewMsgFrom(frames...))
}
