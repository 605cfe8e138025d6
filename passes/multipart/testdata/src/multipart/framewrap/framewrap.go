// Package framewrap has wrappers that hand a frames slice over to a send
// that keeps it (the zmqbuffers helper's handsOver fact).
package framewrap

import "github.com/go-zeromq/zmq4"

// Publish hands fs over to Send: NewMsgFrom(fs...) makes fs the Msg's Frames.
func Publish(s zmq4.Socket, fs [][]byte) error {
	return s.Send(zmq4.NewMsgFrom(fs...))
}

// PublishCopy sends a deep copy: it hands nothing of the caller's over.
func PublishCopy(s zmq4.Socket, fs [][]byte) error {
	return s.Send(zmq4.NewMsgFrom(fs...).Clone())
}
