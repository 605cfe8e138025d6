// Package types declares owner types; the zmqOwns fact lists their
// resource fields.
package types

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

type Client struct { // want Client:"zmqOwns\\(ctx context, sock socket\\)"
	ctx  *zmq.Context
	sock *zmq.Socket
	mu   sync.Mutex
}

type Pool struct { // want Pool:"zmqOwns\\(socks \\[\\]socket, byName \\[\\]socket, pair \\[\\]socket\\)"
	socks  []*zmq.Socket
	byName map[string]*zmq.Socket
	pair   [2]*zmq.Socket
	n      int
}

type base struct { // want base:"zmqOwns\\(Sock socket\\)"
	Sock *zmq.Socket
}

type Node struct { // want Node:"zmqOwns\\(base.Sock socket, ctx context\\)"
	*base
	ctx *zmq.Context
}

// Plain has no resource: no fact.
type Plain struct {
	n int
}

// Holder keeps a Client in a named field: Client is an owner of its own.
type Holder struct {
	c *Client
}
