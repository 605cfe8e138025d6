// Package frames checks writes into the bytes of frames handed over in a
// frames slice ([][]byte): one memory, one finding of this check, however
// the write reaches the bytes (through the frame's own variable, or back
// out of the frames slice). Writes into the [][]byte itself are the
// multipart check's frames-reused.
package frames

import (
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

// The split hazard, written through the frames slice.
func splitThroughSlice(s zmq4.Socket, body []byte) {
	hdr := make([]byte, 4)
	fs := [][]byte{hdr, body}
	s.SendMulti(zmq4.NewMsgFrom(fs...))
	fs[0][0] = 1 // want `fs\[0\] is modified after it was handed to SendMulti on line 19`
}

// The same hazard, written through the frame's variable.
func splitThroughVar(s zmq4.Socket, body []byte) {
	hdr := make([]byte, 4)
	fs := [][]byte{hdr, body}
	s.SendMulti(zmq4.NewMsgFrom(fs...))
	hdr[1] = 2 // want `hdr is modified after it was handed to SendMulti on line 27`
}

// Both ways: one memory, reported once, at the first write.
func splitBoth(s zmq4.Socket, body []byte) {
	hdr := make([]byte, 4)
	fs := [][]byte{hdr, body}
	s.SendMulti(zmq4.NewMsgFrom(fs...))
	fs[0][0] = 1 // want `fs\[0\] is modified after it was handed to SendMulti on line 35`
	hdr[1] = 2
}

// fs[1] is body, not hdr: hdr's bytes are untouched, body's are written.
func otherFrame(s zmq4.Socket, body []byte) {
	hdr := make([]byte, 4)
	fs := [][]byte{hdr, body}
	s.SendMulti(zmq4.NewMsgFrom(fs...))
	fs[1][0] = 1 // want `fs\[1\] is modified after it was handed to SendMulti on line 44`
}

// Frames built elsewhere (a parameter): a deep copy is needed.
func bufferWrite(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...))
	frames[0][0] = 'x' // want `frames\[0\] is modified after it was handed to Send on line 50`
}

// A range variable over the frames is each frame in turn.
func rangeWrite(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.Msg{Frames: frames})
	for _, f := range frames {
		f[0] = 0 // want `a frame of frames is modified after it was handed to Send on line 56`
	}
}

// copy into a frame, in a loop re-sending one frames slice.
func loopCopy(s zmq4.Socket, items [][]byte) {
	fs := [][]byte{make([]byte, 8)}
	for _, it := range items {
		copy(fs[0], it) // want `fs\[0\] is modified after it was handed to Send on line 67`
		s.Send(zmq4.NewMsgFrom(fs...))
	}
}

// A deep copy is sent: fine.
func cloned(s zmq4.Socket, frames [][]byte) {
	s.Send(zmq4.NewMsgFrom(frames...).Clone())
	frames[0][0] = 'x'
}

// Frames rebuilt per message: fine.
func perMessage(s zmq4.Socket, items [][]byte) {
	for _, it := range items {
		fs := [][]byte{make([]byte, 8), it}
		fs[0][0] = 1
		s.Send(zmq4.NewMsgFrom(fs...))
	}
}

// Written before the send only: fine.
func beforeSend(s zmq4.Socket, frames [][]byte) {
	frames[0][0] = 'x'
	s.Send(zmq4.NewMsgFrom(frames...))
}

// pebbe copies every part before returning: fine.
func pebbeCopies(s *pebbe.Socket, parts [][]byte) {
	s.SendMessage(parts)
	parts[0][0] = 'x'
}

// publish hands fs over (a wrapper: the handsOver fact in other packages).
func publish(s zmq4.Socket, fs [][]byte) error {
	return s.Send(zmq4.NewMsgFrom(fs...))
}

// Through the wrapper: reported; no one-expression deep copy of a
// [][]byte exists at the call, so no fix.
func wrapperThenByte(s zmq4.Socket, fs [][]byte) {
	publish(s, fs)
	fs[0][0] = 1 // want `fs\[0\] is modified after it was handed to publish on line 106`
}

// A frame rewritten at the top of a loop that re-sends one frames slice
// (issue 13): every queued message carries the last sequence number.
func seqLoop(s zmq4.Socket, n int) {
	frames := [][]byte{[]byte("tick"), make([]byte, 8)}
	for seq := uint64(0); seq < uint64(n); seq++ {
		binary.BigEndian.PutUint64(frames[1], seq) // want `frames\[1\] is modified after it was handed to SendMulti on line 116`
		s.SendMulti(zmq4.Msg{Frames: frames})
	}
}

// A frame's bytes written through msg.Frames after the send.
func msgFrameBytes(s zmq4.Socket, msg zmq4.Msg) {
	s.Send(msg)
	msg.Frames[0][0] = 1 // want `msg.Frames\[0\] is modified after it was handed to Send on line 122`
}

// Frames allocated per message: fine.
func seqLoopFresh(s zmq4.Socket, n int) {
	for seq := uint64(0); seq < uint64(n); seq++ {
		frames := [][]byte{[]byte("tick"), make([]byte, 8)}
		binary.BigEndian.PutUint64(frames[1], seq)
		s.SendMulti(zmq4.Msg{Frames: frames})
	}
}

// pebbe copies: one frames slice per loop is fine.
func seqLoopPebbe(s *pebbe.Socket, n int) {
	frames := [][]byte{[]byte("tick"), make([]byte, 8)}
	for seq := uint64(0); seq < uint64(n); seq++ {
		binary.BigEndian.PutUint64(frames[1], seq)
		s.SendMessage(frames)
	}
}

// Each iteration receives a new Msg: writing its frames' bytes before
// sending it on touches none of the earlier messages.
func relayBytes(in, out zmq4.Socket) {
	for {
		msg, err := in.Recv()
		if err != nil {
			return
		}
		msg.Frames[0][0] = 'x'
		out.Send(msg)
	}
}
