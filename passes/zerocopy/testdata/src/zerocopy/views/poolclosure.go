package views

import (
	"bytes"

	"github.com/go-zeromq/zmq4"
)

// The Put in a deferred function literal runs after the send too.
func poolBufferDeferFunc(pub zmq4.Socket, v string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() { // want `bufPool.Put\(buf\) in the deferred function gives buf back to the pool while buf.Bytes\(\)`
		buf.Reset()
		bufPool.Put(buf)
	}()
	buf.WriteString(v)
	pub.Send(zmq4.NewMsg(buf.Bytes()))
}

func poolDeferFunc(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	defer func() { pool.Put(buf) }() // want `pool.Put\(buf\) in the deferred function gives buf back to the pool after it was handed to Send on line 24`
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(buf))
}

// Negative: the deferred function gives back another buffer.
func poolDeferFuncOther(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	scratch := pool.Get().([]byte)[:0]
	defer func() { pool.Put(scratch) }()
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(buf))
}
