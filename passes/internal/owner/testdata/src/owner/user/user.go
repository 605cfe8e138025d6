// Package user embeds an owner type of another package: its fields come
// from the imported fact.
package user

import (
	zmq "github.com/pebbe/zmq4"

	"owner/types"
)

type Outer struct { // want Outer:"zmqOwns\\(Node.base.Sock socket, Node.ctx context, pub socket\\)"
	types.Node
	pub *zmq.Socket
}
