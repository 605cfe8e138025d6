// Package wire is an encoding helper package that imports no ZeroMQ
// binding: zmqlint still computes the writesParams fact of its exported
// functions, so that ZeroMQ code in other packages sees their writes.
package wire

import "encoding/binary"

// PutHeader writes the header into b.
func PutHeader(b []byte, seq uint64) { // want PutHeader:"writesParams\\(0\\)"
	binary.BigEndian.PutUint64(b, seq)
}

// Zero clears b through an unexported helper.
func Zero(b []byte) { // want Zero:"writesParams\\(0\\)"
	zero(b)
}

func zero(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

// Sum only reads b.
func Sum(b []byte) int {
	n := 0
	for _, x := range b {
		n += int(x)
	}
	return n
}

// Frame is a buffer type with a method that writes its receiver.
type Frame []byte

func (f Frame) Stamp(v byte) { // want Stamp:"writesParams\\(recv\\)"
	if len(f) > 0 {
		f[0] = v
	}
}

// AppendSeq appends the sequence number to dst and returns it (the
// strconv.AppendX idiom): appendsParam fact.
func AppendSeq(dst []byte, seq uint64) []byte { // want AppendSeq:"appendsParam\\(0\\)"
	return binary.BigEndian.AppendUint64(dst, seq)
}

// EncodeSeq returns a new slice: no fact.
func EncodeSeq(dst []byte, seq uint64) []byte {
	out := make([]byte, len(dst), len(dst)+8)
	copy(out, dst)
	return binary.BigEndian.AppendUint64(out, seq)
}
