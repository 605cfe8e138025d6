package empty

import (
	"context"
	"errors"

	"github.com/go-zeromq/zmq4"
)

func zeroMsg(ctx context.Context) {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	pub.Send(zmq4.Msg{}) // want `Send sends a message without frames on pub \(a PUB socket, line 11\): go-zeromq reads Frames\[0\] and panics in the socket's background goroutine`
}

func noArgs(ctx context.Context) error {
	xpub := zmq4.NewXPub(ctx)
	defer xpub.Close()
	return xpub.Send(zmq4.NewMsgFrom()) // want `Send sends a message without frames on xpub \(a XPUB socket, line 17\)`
}

// loop: frames built by appending in a loop that may run zero times.
func loop(ctx context.Context, parts []string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, []byte(p))
	}
	return pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty at this Send on pub \(a PUB socket, line 24\)`
}

// literal: Msg{Frames: fs} where fs is filled on one branch only.
func literal(ctx context.Context, topic []byte, ok bool) (int, error) {
	router := zmq4.NewRouter(ctx)
	defer router.Close()
	fs := make([][]byte, 0, 2)
	if ok {
		fs = append(fs, topic)
	}
	err := router.SendMulti(zmq4.Msg{Frames: fs}) // want `fs may be empty at this SendMulti on router \(a ROUTER socket, line 35\): go-zeromq reads Frames\[0\] of a message without frames and panics in Send, with the socket's writer lock held`
	return 1, err
}

// inLoop: the guard continues the loop.
func inLoop(ctx context.Context, batches [][]string) {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	for _, b := range batches {
		var frames [][]byte
		for _, s := range b {
			frames = append(frames, []byte(s))
		}
		if err := pub.Send(zmq4.NewMsgFrom(frames...)); err != nil { // want `frames may be empty at this Send on pub`
			return
		}
	}
}

// msgVar: a Msg variable that stays the zero Msg on one path.
func msgVar(ctx context.Context, b []byte, ok bool) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var m zmq4.Msg
	if ok {
		m = zmq4.NewMsg(b)
	}
	return pub.Send(m) // want `m.Frames may be empty at this Send on pub`
}

type result struct{ n int }

// structResult: the guard returns the zero struct.
func structResult(ctx context.Context, parts [][]byte) (result, error) {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for _, p := range parts {
		frames = append(frames, p)
	}
	return result{len(frames)}, pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty`
}

var errEmpty = errors.New("empty")

// inputCheckedFiltered: the input is checked, but the loop skips some
// parts, so frames may still be empty.
func inputCheckedFiltered(ctx context.Context, parts []string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if len(parts) == 0 {
		return errEmpty
	}
	var frames [][]byte
	for _, p := range parts {
		if p != "" {
			frames = append(frames, []byte(p))
		}
	}
	return pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty`
}

// inGoroutine: the socket is the launcher's, the send the goroutine's.
func inGoroutine(ctx context.Context, parts []string) {
	pub := zmq4.NewPub(ctx)
	go func() {
		defer pub.Close()
		var frames [][]byte
		for _, p := range parts {
			frames = append(frames, []byte(p))
		}
		pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty at this Send on pub \(a PUB socket, line 105\)`
	}()
}

// countedN: n may be 0.
func countedN(ctx context.Context, part []byte, n int) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	var frames [][]byte
	for i := 0; i < n; i++ {
		frames = append(frames, part)
	}
	return pub.Send(zmq4.NewMsgFrom(frames...)) // want `frames may be empty`
}
