package fields

import (
	"bytes"
	"encoding/binary"

	"example.com/wire"

	"github.com/go-zeromq/zmq4"
)

// Quote is one market-data record.
type Quote struct{ Seq, Bid uint64 }

// appendQuote is the strconv.AppendX idiom: it returns its dst parameter,
// appended to (appendsParam fact).
func appendQuote(dst []byte, q Quote) []byte {
	dst = binary.BigEndian.AppendUint64(dst, q.Seq)
	dst = binary.BigEndian.AppendUint64(dst, q.Bid)
	return dst
}

// freshQuote returns a new slice: a call of it is new memory.
func freshQuote(dst []byte, q Quote) []byte {
	out := bytes.Clone(dst)
	return binary.BigEndian.AppendUint64(out, q.Seq)
}

// QuotePub refills its scratch field through appendQuote: the next call
// writes the array the previous (queued) message still references.
type QuotePub struct {
	sock    zmq4.Socket
	scratch []byte
}

func (p *QuotePub) Publish(sym string, q Quote) error {
	p.scratch = appendQuote(p.scratch[:0], q)
	return p.sock.Send(zmq4.NewMsgFrom([]byte(sym), p.scratch)) // want `p.scratch \(field scratch of QuotePub\) is handed to Send on line 38, which keeps a reference to the message's frames, and QuotePub.Publish itself, on its next call, writes the field's bytes again on line 37`
}

// The truncation in a statement of its own, as the red team wrote it.
type QuotePub2 struct {
	sock    zmq4.Socket
	scratch []byte
}

func (p *QuotePub2) Publish(sym string, q Quote) error {
	p.scratch = p.scratch[:0]
	p.scratch = appendQuote(p.scratch, q)
	return p.sock.Send(zmq4.NewMsgFrom([]byte(sym), p.scratch)) // want `p.scratch \(field scratch of QuotePub2\) is handed to Send on line 50, which keeps a reference to the message's frames, and QuotePub2.Publish itself, on its next call, writes the field's bytes again on line 49`
}

// An appender of another package (example.com/wire, ZeroMQ-free) counts
// through its fact.
type SeqPub struct {
	sock zmq4.Socket
	buf  []byte
}

func (p *SeqPub) Publish(seq uint64) error {
	p.buf = wire.AppendSeq(p.buf[:0], seq)
	return p.sock.Send(zmq4.NewMsg(p.buf)) // want `p.buf \(field buf of SeqPub\) is handed to Send on line 62, which keeps a reference to the message's frames, and SeqPub.Publish itself, on its next call, writes the field's bytes again on line 61`
}

// Not reported: helpers that return new memory (bytes.Clone, make and
// copy), in this package and in another.
type FreshPub struct {
	sock zmq4.Socket
	buf  []byte
	enc  []byte
}

func (p *FreshPub) Publish(q Quote) error {
	p.buf = freshQuote(p.buf[:0], q)
	return p.sock.Send(zmq4.NewMsg(p.buf))
}

func (p *FreshPub) PublishSeq(seq uint64) error {
	p.enc = wire.EncodeSeq(p.enc[:0], seq)
	return p.sock.Send(zmq4.NewMsg(p.enc))
}

// Not reported: the appender fills a local slice made fresh per call.
func PublishLocal(sock zmq4.Socket, q Quote) error {
	buf := appendQuote(make([]byte, 0, 16), q)
	return sock.Send(zmq4.NewMsg(buf))
}
