// Package firstuse holds launchers whose own loop races a goroutine or a
// callback besides their deferred Close: the finding names the first use
// reached after the start, and lists the others (red team P23, P36, P44,
// P74).
package firstuse

import (
	"context"
	"time"

	zmq "github.com/pebbe/zmq4"
	"github.com/zeromq/goczmq"
)

// A heartbeat goroutine and the forward loop send on push.
func forward(push *zmq.Socket, in <-chan []string, stop <-chan struct{}) {
	defer push.Close()
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				push.SendMessage("hb", now.Unix())
			}
		}
	}()
	for parts := range in {
		push.SendMessage(parts) // want `push is used \(SendMessage\) here while the goroutine started on line 18 may still be using it \(SendMessage on line 26\): .*; push's later uses on line 17 \(deferred\) race it too`
	}
}

// A timer callback sends while the caller receives.
func watch(s *zmq.Socket, wait time.Duration) ([]string, error) {
	defer s.Close()
	t := time.AfterFunc(wait, func() {
		s.SendMessage("", "UNWATCH")
	})
	defer t.Stop()
	return s.RecvMessage(0) // want `s is used \(RecvMessage\) here while the time.AfterFunc callback registered on line 38 may still be using it \(SendMessage on line 39\): .*; s's later uses on line 37 \(deferred\) race it too`
}

// A context.AfterFunc callback sends while the loop receives.
func control(ctx context.Context, ctl *zmq.Socket, handle func([]string)) {
	defer ctl.Close()
	stop := context.AfterFunc(ctx, func() {
		ctl.SendMessage("STOP")
	})
	defer stop()
	for ctx.Err() == nil {
		msg, err := ctl.RecvMessage(0) // want `ctl is used \(RecvMessage\) here while the context.AfterFunc callback registered on line 48 may still be using it \(SendMessage on line 49\): .*; ctl's later uses on line 47 \(deferred\) race it too`
		if err != nil {
			continue
		}
		handle(msg)
	}
}

type order struct{ id string }

// A reader goroutine receives while the caller sends each order.
func session(dealer *goczmq.Sock, orders <-chan order, onReply func([][]byte)) error {
	defer dealer.Destroy()
	go func() {
		for {
			msg, err := dealer.RecvMessage()
			if err != nil {
				return
			}
			onReply(msg)
		}
	}()
	for o := range orders {
		if err := dealer.SendMessage([][]byte{[]byte("NEW"), []byte(o.id)}); err != nil { // want `dealer is used \(SendMessage\) here while the goroutine started on line 66 may still be using it \(RecvMessage on line 68\): .*; dealer's later uses on line 65 \(deferred\) race it too`
			return err
		}
	}
	return nil
}

// Negative: the launcher's only use is its deferred Close, named alone.
func closeOnly(push *zmq.Socket) {
	defer push.Close() // want `push is used \(Close\) here while the goroutine started on line 86 may still be using it \(Send on line 87\)`
	go func() {
		push.Send("x", 0)
	}()
}
