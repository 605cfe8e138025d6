package frames

import (
	"sort"

	goczmq "github.com/go-zeromq/goczmq/v4"
	zmq4 "github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

// A scratch frames slice reused across Sends: the queued message changes.
func reuseScratch(s zmq4.Socket, items [][]byte) {
	frames := make([][]byte, 2)
	frames[0] = []byte("topic")
	for _, it := range items {
		frames[1] = it // want `frames was handed over to Send on line 17, which keeps it after returning, and here a frame of it is replaced`
		s.Send(zmq4.NewMsgFrom(frames...))
	}
}

// A fresh slice per message: fine.
func freshEachTime(s zmq4.Socket, items [][]byte) {
	for _, it := range items {
		frames := [][]byte{[]byte("topic"), it}
		s.Send(zmq4.NewMsgFrom(frames...))
	}
}

// append over a reslice writes the old elements.
func appendReslice(s zmq4.Socket, items [][]byte) {
	var frames [][]byte
	for _, it := range items {
		frames = append(frames[:0], []byte("topic"), it) // want `frames\[:0\] was handed over|here it is appended to from a shorter reslice`
		s.SendMulti(zmq4.NewMsgFrom(frames...))
	}
}

// Appending at the end after the send leaves the sent elements alone.
func appendAtEnd(s zmq4.Socket, a, b []byte) [][]byte {
	frames := [][]byte{a}
	s.Send(zmq4.NewMsgFrom(frames...))
	frames = append(frames, b)
	return frames
}

// copy into the slice, and sort, after the send.
func copyAfter(s zmq4.Socket, frames, other [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...))
	copy(frames, other) // want `frames was handed over to Send on line 48, which keeps it after returning, and here frames are copied into it`
}

func sortAfter(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...))
	sort.Slice(frames, func(i, j int) bool { return len(frames[i]) < len(frames[j]) }) // want `reordered or modified in place by sort.Slice`
}

// Writing into a frame's bytes is zerocopy's finding (the bytes of a
// frame, however they are reached): not reported here, so that the same
// hazard is reported once (testdata/src/zerocopy/frames).
func bufferWrite(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...))
	frames[0][0] = 'x'
}

// A Msg literal.
func literal(s zmq4.Socket, frames [][]byte, last []byte) {
	s.Send(zmq4.Msg{Frames: frames})
	frames[len(frames)-1] = last // want `frames was handed over to Send on line 67`
}

// goczmq SendChan hands the slice to the channeler goroutine.
func channeler(ch *goczmq.Channeler, frames [][]byte, b []byte) {
	ch.SendChan <- frames
	frames[0] = b // want `frames was handed over to SendChan on line 73`
}

// goczmq SendMessage copies: reuse is fine.
func goczmqCopies(s *goczmq.Sock, frames [][]byte, b []byte) {
	s.SendMessage(frames)
	frames[0] = b
	s.SendMessage(frames)
}

// pebbe SendMessage copies: reuse is fine.
func pebbeCopies(s *pebbe.Socket, parts [][]byte, b []byte) {
	s.SendMessage(parts)
	parts[0] = b
	parts[0][0] = 'x'
	s.SendMessage(parts)
}

// Modifications before the send only: fine.
func beforeSend(s zmq4.Socket, frames [][]byte, b []byte) {
	frames[0] = b
	sort.Slice(frames, func(i, j int) bool { return false })
	s.Send(zmq4.NewMsgFrom(frames...))
}

// NewMsgFrom(a, b) builds its own slice: the frames slice is not ours.
func separateArgs(s zmq4.Socket, a, b []byte) {
	frames := [][]byte{a, b}
	s.Send(zmq4.NewMsgFrom(frames[0], frames[1]))
	frames[0] = nil
}

// A Clone is sent: fine.
func cloned(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...).Clone())
	frames[0][0] = 'x'
}
