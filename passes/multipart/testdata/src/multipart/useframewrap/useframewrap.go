package useframewrap

import (
	"github.com/go-zeromq/zmq4"

	"multipart/framewrap"
)

// After a wrapper with the handsOver fact, replacing a frame changes the
// queued message (issue 11: reported by neither check before).
func wrapperThenReplace(s zmq4.Socket, fs [][]byte, x []byte) {
	framewrap.Publish(s, fs)
	fs[0] = x // want `fs was handed over to Publish on line 12, which keeps it after returning, and here a frame of it is replaced`
}

// The same in a loop over one scratch slice.
func wrapperLoop(s zmq4.Socket, items [][]byte) {
	fs := make([][]byte, 2)
	fs[0] = []byte("topic")
	for _, it := range items {
		fs[1] = it // want `fs was handed over to Publish on line 22`
		framewrap.Publish(s, fs)
	}
}

// A wrapper that sends a copy: fine.
func wrapperCopies(s zmq4.Socket, fs [][]byte, x []byte) {
	framewrap.PublishCopy(s, fs)
	fs[0] = x
}

// A fresh slice per message through the wrapper: fine.
func wrapperFresh(s zmq4.Socket, items [][]byte) {
	for _, it := range items {
		fs := [][]byte{[]byte("topic"), it}
		framewrap.Publish(s, fs)
	}
}

// A frame's bytes written after the wrapper: zerocopy's finding, not this
// check's (testdata/src/zerocopy/frames).
func wrapperThenByte(s zmq4.Socket, fs [][]byte) {
	framewrap.Publish(s, fs)
	fs[0][0] = 1
}
