// Package liveerr: helpers that return a socket together with a non-nil
// error (issue 12 item 5), and their callers in the same package.
package liveerr

import (
	"errors"

	"github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
)

// DialSub wraps a goczmq constructor, which returns a live socket with its
// error.
func DialSub(ep string) (*goczmq.Sock, error) { // want DialSub:"createsSocket\\(0\\) liveOnError"
	return goczmq.NewSub(ep, "")
}

// Connect returns the socket it connected even when Connect failed, and
// nil when the creation failed.
func Connect(ep string) (*zmq.Socket, error) { // want Connect:"createsSocket\\(0\\) liveOnError mayBeNil"
	s, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		return s, err
	}
	return s, nil
}

// Attach: a goczmq socket made by NewSock (never nil), returned with a
// made-up error.
func Attach(ep string) (*goczmq.Sock, error) { // want Attach:"createsSocket\\(0\\) liveOnError"
	s := goczmq.NewSock(goczmq.Push)
	if ep == "" {
		return s, errors.New("no endpoint")
	}
	return s, s.Connect(ep)
}

// CleanConnect closes the socket before an error return: nil on error.
func CleanConnect(ep string) (*zmq.Socket, error) { // want CleanConnect:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Plain passes the pebbe constructor's own error on: the socket is nil
// whenever it is set.
func Plain() (*zmq.Socket, error) { // want Plain:"createsSocket\\(0\\) nilOnError"
	s, err := zmq.NewSocket(zmq.PUSH)
	return s, err
}

func useDeferAfterCheck(ep string) error {
	s, err := DialSub(ep) // want `socket s is not closed on all paths: the return on line 64 leaks it \(call Destroy\); DialSub returns it open together with its error`
	if err != nil {
		return err
	}
	defer s.Destroy()
	_, err = s.RecvMessage()
	return err
}

func useNeverClosed(ep string) error {
	s, err := Connect(ep) // want `socket s is not closed on all paths: the return on line 74 leaks it \(call Close\); Connect returns it open together with its error`
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Recv(0)
	return err
}

// Negatives.

func deferBeforeCheck(ep string) error {
	s, err := DialSub(ep)
	defer s.Destroy()
	if err != nil {
		return err
	}
	_, err = s.RecvMessage()
	return err
}

func nilGuarded(ep string) error {
	s, err := Connect(ep)
	if err != nil {
		if s != nil {
			s.Close()
		}
		return err
	}
	defer s.Close()
	_, err = s.Recv(0)
	return err
}

func cleanHelper(ep string) error {
	s, err := CleanConnect(ep)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Recv(0)
	return err
}

func plainHelper() error {
	s, err := Plain()
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = s.Send("x", 0)
	return err
}

// Forward hands the socket and the error on: its own caller owns both
// (and it is a live-on-error wrapper itself).
func Forward(ep string) (*goczmq.Sock, error) { // want Forward:"createsSocket\\(0\\) liveOnError"
	s, err := DialSub(ep)
	return s, err
}
