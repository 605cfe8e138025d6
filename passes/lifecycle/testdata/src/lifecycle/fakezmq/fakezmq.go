// Package zmq is a project's own wrapper that happens to be named zmq: its
// Close and Term are not ZeroMQ calls.
package zmq

type Socket struct{}

func NewSocket(t int) (*Socket, error) { return &Socket{}, nil }
func (*Socket) Close() error           { return nil }
func (*Socket) Send(string, int) error { return nil }
func Term() error                       { return nil }
