// Package reqrep: a multipart message left open on an error path of a
// request-reply socket (red team 2 B2, rpcclient Call and broker
// dispatch). An empty final part would deliver [method, ""] to the
// server, which may run it with empty arguments, and leave the REQ waiting
// for the reply: no edit, the message says what to do. PUB, PUSH and
// sockets of unknown type keep the empty final part.
package reqrep

import (
	"encoding/json"
	"errors"

	zmq "github.com/pebbe/zmq4"
)

type Client struct {
	svc string
	req *zmq.Socket
	pub *zmq.Socket
}

func Dial(ctx *zmq.Context) (*Client, error) {
	req, err := ctx.NewSocket(zmq.REQ)
	if err != nil {
		return nil, err
	}
	pub, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		req.Close()
		return nil, err
	}
	return &Client{req: req, pub: pub}, nil
}

func (c *Client) Call(method string, args any) error {
	if _, err := c.req.Send(c.svc+"."+method, zmq.SNDMORE); err != nil { // want `this part is sent on c.req with SNDMORE, but the return on line \d+ is reached without the final part.*no edit is offered: on this request-reply socket`
		return err
	}
	body, err := json.Marshal(args)
	if err != nil {
		return err
	}
	_, err = c.req.SendBytes(body, 0)
	return err
}

func (c *Client) Publish(topic string, v any) error {
	if _, err := c.pub.Send(c.svc+"."+topic, zmq.SNDMORE); err != nil { // want `this part is sent on c.pub with SNDMORE, but the return on line \d+ is reached without the final part`
		return err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = c.pub.SendBytes(body, 0)
	return err
}

// Dispatch on a ROUTER created here with a constant type but handed on
// (not closable here): no edit either.
func Dispatch(ctx *zmq.Context, worker []byte, job []byte) (*zmq.Socket, error) {
	back, err := ctx.NewSocket(zmq.ROUTER)
	if err != nil {
		return nil, err
	}
	if _, err := back.SendBytes(worker, zmq.SNDMORE); err != nil { // want `this part is sent on back with SNDMORE, but the return on line \d+ is reached without the final part.*no edit is offered: on this request-reply socket`
		return back, err
	}
	if len(job) == 0 {
		return back, errors.New("empty job")
	}
	_, err = back.SendBytes(job, 0)
	return back, err
}

// Forward on a socket parameter of unknown type: the empty final part.
func Forward(s *zmq.Socket, a, b []byte) error {
	if _, err := s.SendBytes(a, zmq.SNDMORE); err != nil { // want `this part is sent on s with SNDMORE, but the return on line \d+ is reached without the final part`
		return err
	}
	if len(b) == 0 {
		return errors.New("empty")
	}
	_, err := s.SendBytes(b, 0)
	return err
}
