package basic

import (
	"encoding/binary"
	"strconv"

	"github.com/go-zeromq/zmq4"
)

// appendCopy: append to a full slice expression with no spare capacity
// allocates a new array: the sent bytes are not written.
func appendCopy(pub zmq4.Socket, n int) {
	buf := make([]byte, 8)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint64(buf, uint64(i))
		pub.Send(zmq4.NewMsg(append(buf[:0:0], buf...)))
	}
}

func sendAndKeep(pub zmq4.Socket, buf []byte) []byte {
	pub.Send(zmq4.NewMsg(buf))
	return append(buf[:0:0], buf...)
}

func sendThenJoin(pub zmq4.Socket, hdr, body []byte) []byte {
	pub.Send(zmq4.NewMsg(hdr))
	n := len(hdr)
	return append(hdr[:n:n], body...)
}

// appendInt reuses buf through strconv.AppendInt on a shortened slice.
func appendInt(pub zmq4.Socket, vals []int64) {
	buf := make([]byte, 0, 32)
	for _, v := range vals {
		buf = strconv.AppendInt(buf[:0], v, 10) // want `buf is modified after it was handed to Send`
		pub.Send(zmq4.NewMsg(buf))
	}
}

// appendFresh appends at full length: past the shared bytes.
func appendFresh(pub zmq4.Socket, v int64) {
	buf := []byte("n=")
	pub.Send(zmq4.NewMsg(buf))
	buf = strconv.AppendInt(buf, v, 10)
	_ = buf
}
