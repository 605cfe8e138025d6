package publisher

import (
	"encoding/binary"

	"github.com/go-zeromq/zmq4"
)

// Framer sends length-prefixed records. It keeps one scratch buffer for
// the header, which every record overwrites in place: the PUB socket
// still holds the previous record's header when the next one is framed.
type Framer struct {
	pub zmq4.Socket
	hdr []byte
}

// NewFramer wraps pub.
func NewFramer(pub zmq4.Socket) *Framer {
	return &Framer{pub: pub, hdr: make([]byte, 4)}
}

// Record sends one length-prefixed record.
func (f *Framer) Record(body []byte) error {
	binary.BigEndian.PutUint32(f.hdr, uint32(len(body)))
	return f.pub.Send(zmq4.NewMsgFrom(f.hdr, body))
}
