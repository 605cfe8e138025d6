package basic

import (
	"encoding/binary"
	"io"

	"github.com/go-zeromq/zmq4"
)

// Disjoint constant ranges of one array: the second write does not touch
// the bytes of the first message.
func disjointRanges(s zmq4.Socket, seq, ts uint64) error {
	buf := make([]byte, 16)
	binary.BigEndian.PutUint64(buf[:8], seq)
	if err := s.Send(zmq4.NewMsg(buf[:8])); err != nil {
		return err
	}
	binary.BigEndian.PutUint64(buf[8:], ts) // bytes 8..15: not part of the sent frame
	return s.Send(zmq4.NewMsg(buf[8:]))
}

func disjointBounded(s zmq4.Socket) {
	buf := make([]byte, 32)
	s.Send(zmq4.NewMsg(buf[4:8]))
	copy(buf[8:16], "abcdefgh")
	copy(buf[:4], "abcd")
}

func disjointNested(s zmq4.Socket) {
	buf := make([]byte, 32)
	hdr := buf[:16]
	s.Send(zmq4.NewMsg(hdr[:8]))
	copy(buf[16:], "x")
	copy(hdr[8:], "y")
}

// Slab carving: each message gets its own chunk at a computed offset.
func slabCarving(s zmq4.Socket, vals []uint64) error {
	slab := make([]byte, 8*len(vals))
	for i, v := range vals {
		b := slab[i*8 : i*8+8]
		binary.BigEndian.PutUint64(b, v)
		if err := s.Send(zmq4.NewMsg(b)); err != nil {
			return err
		}
	}
	return nil
}

func computedOffsets(s zmq4.Socket, off int) {
	buf := make([]byte, 64)
	s.Send(zmq4.NewMsg(buf[off : off+8]))
	copy(buf[off+8:], "x")
}

func overlapping(s zmq4.Socket) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[:8]))
	copy(buf[4:], "abcdefgh") // want `buf is modified after it was handed to Send on line 58`
}

func equalRanges(s zmq4.Socket) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[8:]))
	binary.BigEndian.PutUint64(buf[8:], 1) // want `buf is modified after`
}

func wholeBase(s zmq4.Socket) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[8:]))
	buf[0] = 1 // want `buf is modified after`
}

func bothFromZero(s zmq4.Socket, n int) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[:n]))
	copy(buf[:4], "abcd") // want `buf is modified after`
}

func appendIntoOther(s zmq4.Socket) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[8:]))
	_ = append(buf[:0], "0123456789"...) // want `buf is modified after`
}

func resentRange(s zmq4.Socket) {
	buf := make([]byte, 16)
	s.Send(zmq4.NewMsg(buf[:8]))
	copy(buf, "0123456789abcdef") // want `buf is modified after`
	s.Send(zmq4.NewMsg(buf[8:]))  // a different range: not a re-send of the first frame
	s.Send(zmq4.NewMsg(buf[:4]))  // want `buf\[:4\] is sent again after being modified since it was handed to Send on line 88`
}

// The classic shape is still reported: one buffer allocated before the
// loop, filled each iteration, a prefix sent.
func slabLoopWhole(s zmq4.Socket, r io.Reader) {
	slab := make([]byte, 64)
	for i := 0; i < 8; i++ {
		b := slab[i*8 : i*8+8]
		s.Send(zmq4.NewMsg(b))
		r.Read(slab) // want `b is modified after it was handed to Send on line 100`
	}
}

func loopPrefix(s zmq4.Socket, r io.Reader) {
	buf := make([]byte, 64)
	for {
		n, _ := io.ReadFull(r, buf[:8]) // want `buf is modified after it was handed to Send on line 109`
		s.Send(zmq4.NewMsg(buf[:n]))
	}
}

func sameChunk(s zmq4.Socket, slab []byte, i int) {
	b := slab[i*8 : i*8+8]
	s.Send(zmq4.NewMsg(b))
	b[0] = 1 // want `b is modified after`
}
