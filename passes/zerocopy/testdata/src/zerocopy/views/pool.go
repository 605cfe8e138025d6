package views

import (
	"bytes"
	"sync"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

var pool = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var ptrPool = sync.Pool{New: func() any { b := make([]byte, 0, 64); return &b }}

func poolPut(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(buf))
	pool.Put(buf) // want `pool.Put\(buf\) gives buf back to the pool after it was handed to Send on line 20`
}

func poolDeferPut(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	defer pool.Put(buf) // want `the deferred pool.Put\(buf\) gives buf back to the pool after it was handed to Send on line 28`
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(buf))
}

func poolPointer(pub zmq4.Socket, payload []byte) {
	bp := ptrPool.Get().(*[]byte)
	b := append((*bp)[:0], payload...)
	*bp = b
	pub.Send(zmq4.NewMsg(b))
	ptrPool.Put(bp) // want `ptrPool.Put\(bp\) gives b back to the pool`
}

func poolBuffer(pub zmq4.Socket, v string) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	buf.WriteString(v)
	pub.Send(zmq4.NewMsg(buf.Bytes()))
	bufPool.Put(buf) // want `bufPool.Put\(buf\) gives buf back to the pool while buf.Bytes\(\) \(buf.Bytes\(\) on line 43, a view into its buffer\) is held by Send on line 43`
}

func poolBufferDefer(pub zmq4.Socket, v string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf) // want `the deferred bufPool.Put\(buf\) gives buf`
	buf.Reset()
	buf.WriteString(v)
	pub.Send(zmq4.NewMsg(buf.Bytes()))
}

// Negatives.

// A Put of a different buffer.
func poolPutOther(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	scratch := pool.Get().([]byte)[:0]
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(buf))
	pool.Put(scratch)
}

// A copy is sent: the pooled buffer may go back.
func poolPutCopy(pub zmq4.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	defer pool.Put(buf)
	buf = append(buf, payload...)
	pub.Send(zmq4.NewMsg(bytes.Clone(buf)))
}

// The pooled bytes.Buffer's contents are copied before the send.
func poolBufferCopy(pub zmq4.Socket, v string) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer bufPool.Put(buf)
	buf.Reset()
	buf.WriteString(v)
	pub.Send(zmq4.NewMsg([]byte(buf.String())))
}

// Put before the send, of a buffer that is not sent.
func poolPutBefore(pub zmq4.Socket, payload []byte) {
	tmp := pool.Get().([]byte)[:0]
	tmp = append(tmp, payload...)
	out := bytes.Clone(tmp)
	pool.Put(tmp)
	pub.Send(zmq4.NewMsg(out))
}

// pebbe copies in SendBytes: the buffer may go back to the pool.
func poolPebbe(s *pebbe.Socket, payload []byte) {
	buf := pool.Get().([]byte)[:0]
	defer pool.Put(buf)
	buf = append(buf, payload...)
	s.SendBytes(buf, 0)
}
