package usehelpers

import (
	"encoding/json"

	goczmq "github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"

	"multipart/helpers"
)

func reply(s *zmq.Socket, id []byte, v any) error {
	if err := helpers.Header(s, id); err != nil { // want `Header leaves a multipart message open on s, but the return on line 18`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

func replyOK(s *zmq.Socket, id []byte, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := helpers.Envelope(id, s); err != nil {
		return err
	}
	_, err = s.SendBytes(body, 0)
	return err
}

func complete(s *zmq.Socket, id []byte) error {
	return helpers.Complete(s, id, nil)
}

func frames(s *goczmq.Sock, v any) error {
	if err := helpers.Frame(s, []byte("t")); err != nil { // want `Frame leaves a multipart message open on s, but the return on line 46`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.SendFrame(body, goczmq.FlagNone)
}

func goczmqDirect(s *goczmq.Sock, v any) error {
	if err := s.SendFrame([]byte("t"), goczmq.FlagMore|goczmq.FlagDontWait); err != nil { // want `this part is sent on s with FlagMore, but the return on line 57`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.SendFrame(body, 0)
}
