package basic

import (
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
)

// counter builds the Msg once and sends it in the loop: the copy must be
// taken at the send, not where the Msg is built.
func counter(pub zmq4.Socket, n int) {
	buf := make([]byte, 8)
	m := zmq4.NewMsg(buf)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint64(buf, uint64(i)) // want `buf is modified after it was handed to Send`
		pub.Send(m)
	}
}
