package ownedpoll

import (
	zmq "github.com/pebbe/zmq4"
)

// Client (red team 2, rpcclient): the constructor leaks mon on a Connect
// error (term-while-open), and Close never closes mon, a field the
// constructor's goroutine reads. Two bugs, two findings: the first used to
// hide the second until -fix applied the first.
type Client struct { // want Client:"zmqCloser\\(Close\\)"
	ctx *zmq.Context
	req *zmq.Socket
	mon *zmq.Socket
}

func Dial(ep string) (*Client, error) {
	ctx, err := zmq.NewContext() // want `context ctx is not closed on all paths: the return on line \d+ leaks it`
	if err != nil {
		return nil, err
	}
	req, err := ctx.NewSocket(zmq.REQ) // want `socket req is not closed on all paths: the return on line \d+ leaks it`
	if err != nil {
		ctx.Term()
		return nil, err
	}
	c := &Client{ctx: ctx, req: req}
	mon, err := ctx.NewSocket(zmq.PAIR) // want `socket mon is stored in field mon of Client, which no method of Client closes: Close \(line \d+\) closes the type's other fields but not mon \(call c.mon.Close\(\) in Close\)` `socket mon is not closed on all paths: the return on line \d+ leaks it`
	if err != nil {
		req.Close()
		ctx.Term()
		return nil, err
	}
	c.mon = mon
	if err := mon.Connect("inproc://rpc-mon"); err != nil {
		req.Close()
		ctx.Term() // want `ctx.Term\(\) is reached while socket mon \(line \d+\) may still be open`
		return nil, err
	}
	if err := req.Connect(ep); err != nil {
		return nil, err // leaks everything: reported at each creation
	}
	go c.watch()
	return c, nil
}

func (c *Client) watch() {
	for {
		if _, _, _, err := c.mon.RecvEvent(0); err != nil {
			return
		}
	}
}

func (c *Client) Close() error {
	c.req.Close()
	return c.ctx.Term()
}
