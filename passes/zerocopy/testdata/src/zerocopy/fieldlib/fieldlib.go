// Package fieldlib: helpers of another package that hand a buffer over
// to a send (fact handsOver) and write into a buffer (fact writesParams),
// used by package fielduse on buffers kept in struct fields.
package fieldlib

import (
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
)

// Emit sends b; go-zeromq keeps a reference to it.
func Emit(s zmq4.Socket, b []byte) error {
	return s.Send(zmq4.NewMsg(b))
}

// PutHeader writes n into the first four bytes of b.
func PutHeader(b []byte, n uint32) {
	binary.BigEndian.PutUint32(b, n)
}
