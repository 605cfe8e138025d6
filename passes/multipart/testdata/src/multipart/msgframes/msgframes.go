// Package msgframes checks frames slices edited through a go-zeromq Msg
// between two sends of it, and frames slices re-sent in a loop (issue 13).
package msgframes

import (
	"encoding/binary"
	"slices"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

// msg.Frames[i] = x between sends of the same Msg: the first queued
// message changes too.
func resendEdited(s zmq4.Socket, msg zmq4.Msg, x []byte) {
	s.Send(msg)
	msg.Frames[1] = x // want `msg.Frames was handed over to Send on line 16, which keeps it after returning, and here a frame of it is replaced`
	s.Send(msg)
}

// The same on a Msg built here.
func builtThenEdited(s zmq4.Socket, frames [][]byte, x []byte) {
	m := zmq4.NewMsgFrom(frames...)
	s.Send(m)
	m.Frames[0] = x // want `m.Frames was handed over to Send on line 24`
	s.Send(m)
}

// msg.Frames = append(msg.Frames[:k], ...) writes over the frames the
// queued message still has.
func truncateAppend(s zmq4.Socket, topic, a, b []byte) {
	msg := zmq4.Msg{Frames: [][]byte{topic, a}}
	s.Send(msg)
	msg.Frames = append(msg.Frames[:1], b) // want `was handed over to Send on line 33, which keeps it after returning, and here it is appended to from a shorter reslice`
	s.Send(msg)
}

// NewMsgFrom(frames...) does not copy: frames changed after the send are
// the queued message's frames.
func newMsgFromThenMutated(s zmq4.Socket, frames [][]byte, x []byte) {
	m := zmq4.NewMsgFrom(frames...)
	if err := s.Send(m); err != nil {
		return
	}
	frames[0] = x // want `frames was handed over to Send on line 42`
}

// A frame's bytes rewritten at the top of a loop that re-sends the one
// frames slice: zerocopy's finding (the bytes), not this check's.
func seqLoop(s zmq4.Socket, n int) {
	frames := [][]byte{[]byte("tick"), make([]byte, 8)}
	for seq := uint64(0); seq < uint64(n); seq++ {
		binary.BigEndian.PutUint64(frames[1], seq)
		s.SendMulti(zmq4.Msg{Frames: frames})
	}
}

// Near misses.

// A fresh Msg and frames slice per message: fine.
func rebuiltPerMessage(s zmq4.Socket, items [][]byte) {
	for _, it := range items {
		msg := zmq4.Msg{Frames: [][]byte{[]byte("t"), it}}
		s.Send(msg)
	}
}

// A copy is handed over: fine.
func copiedBefore(s zmq4.Socket, msg zmq4.Msg, x []byte) {
	s.Send(msg.Clone())
	msg.Frames[1] = x
	s.Send(msg)
}

// Edited before the only send: fine.
func editedBefore(s zmq4.Socket, msg zmq4.Msg, x []byte) {
	msg.Frames[1] = x
	s.Send(msg)
}

// Appending at the end leaves the sent frames alone: fine.
func appendAtEnd(s zmq4.Socket, msg zmq4.Msg, x []byte) zmq4.Msg {
	s.Send(msg)
	msg.Frames = append(msg.Frames, x)
	return msg
}

// pebbe copies every part: fine.
func pebbeCopies(s *pebbe.Socket, parts [][]byte, x []byte) {
	s.SendMessage(parts)
	parts[0] = x
	s.SendMessage(parts)
}

// Each iteration receives a new Msg: editing its frames before sending it
// on touches none of the earlier messages.
func relayEdited(in, out zmq4.Socket, x []byte) {
	for {
		msg, err := in.Recv()
		if err != nil {
			return
		}
		msg.Frames[0] = x
		out.Send(msg)
	}
}

// The same with the Msg in a variable whose Frames is assigned.
func relayTrimmed(in, out zmq4.Socket, x []byte) {
	for {
		msg, err := in.Recv()
		if err != nil {
			return
		}
		msg.Frames = append(msg.Frames[:1], x)
		out.Send(msg)
	}
}

// A Msg built per iteration from a received one.
func relayBuilt(in, out zmq4.Socket, x []byte) {
	for {
		m, err := in.Recv()
		if err != nil {
			return
		}
		fs := m.Frames
		fs[0] = x
		out.Send(zmq4.NewMsgFrom(fs...))
	}
}

// A copy of the frames slice is handed over: editing the original is fine.
func clonedSlice(s zmq4.Socket, frames [][]byte, x []byte) {
	s.Send(zmq4.NewMsgFrom(slices.Clone(frames)...))
	frames[0] = x
}

// A helper that writes its frames slice (writesParams), after the send.
func helperWrites(s zmq4.Socket, fs [][]byte, x []byte) {
	s.Send(zmq4.NewMsgFrom(fs...))
	setFirst(fs, x) // want `fs was handed over to Send on line 141, which keeps it after returning, and here it is written by setFirst`
}

func setFirst(fs [][]byte, x []byte) { fs[0] = x }

// clear after the send.
func cleared(s zmq4.Socket, fs [][]byte) {
	s.Send(zmq4.NewMsgFrom(fs...))
	clear(fs) // want `here its frames are cleared`
}
