package views

import (
	"bufio"
	"bytes"
	"io"
	"strings"

	"github.com/go-zeromq/zmq4"
	pebbe "github.com/pebbe/zmq4"
)

// The loop-carried shape: the next iteration's Scan overwrites the line
// the PUB socket still has queued.
func scanLines(pub zmq4.Socket, r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() { // want `sc.Scan\(\) reuses the buffer that line views \(sc.Bytes\(\) on line 18, valid only until the next Scan\) after it was handed to Send on line 19`
		line := sc.Bytes()
		pub.Send(zmq4.NewMsg(line))
	}
}

// The view passed straight into the message.
func scanInline(pub zmq4.Socket, r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() { // want `sc.Scan\(\) reuses the buffer that sc.Bytes\(\) views`
		pub.Send(zmq4.NewMsg(sc.Bytes()))
	}
}

// Straight-line: a second Scan after the send.
func scanTwice(pub zmq4.Socket, sc *bufio.Scanner) {
	sc.Scan()
	hdr := sc.Bytes()
	pub.Send(zmq4.NewMsg(hdr))
	sc.Scan() // want `sc.Scan\(\) reuses the buffer that hdr views`
}

// A re-slice of the view is the same memory.
func scanSliced(pub zmq4.Socket, sc *bufio.Scanner) {
	for sc.Scan() { // want `sc.Scan\(\) reuses the buffer that body views`
		b := sc.Bytes()
		if len(b) < 2 {
			continue
		}
		body := b[2:]
		pub.Send(zmq4.NewMsg(body))
	}
}

// bufio.Reader: the next read of any kind refills the buffer.
func readSlices(pub zmq4.Socket, br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n') // want `br.ReadSlice\('\\n'\) reuses the buffer that line views`
		if err != nil {
			return err
		}
		pub.Send(zmq4.NewMsg(line))
	}
}

func readLineThenByte(pub zmq4.Socket, br *bufio.Reader) {
	line, _, _ := br.ReadLine()
	pub.Send(zmq4.NewMsg(line))
	br.ReadByte() // want `br.ReadByte\(\) reuses the buffer that line views \(br.ReadLine\(\) on line 63, valid only until the next read\)`
}

func peekThenDiscard(pub zmq4.Socket, br *bufio.Reader) {
	hdr, _ := br.Peek(4)
	pub.Send(zmq4.NewMsg(hdr))
	br.Discard(4) // want `br.Discard\(4\) reuses the buffer that hdr views`
}

// bytes.Buffer: Bytes is valid until the next write.
func bufferLoop(pub zmq4.Socket, items []string) {
	var buf bytes.Buffer
	for _, it := range items {
		buf.Reset()
		buf.WriteString(it) // want `buf.WriteString\(it\) reuses the buffer that buf.Bytes\(\) views`
		pub.Send(zmq4.NewMsg(buf.Bytes()))
	}
}

// A buffer the caller owns: its Reset lets the caller's next write reuse it.
func bufferParam(pub zmq4.Socket, buf *bytes.Buffer) {
	pub.Send(zmq4.NewMsg(buf.Bytes()))
	buf.Reset() // want `buf.Reset\(\) reuses the buffer that buf.Bytes\(\) views`
}

func bufferNext(pub zmq4.Socket, buf *bytes.Buffer) {
	hdr := buf.Next(4)
	pub.Send(zmq4.NewMsg(hdr))
	buf.Write([]byte("more")) // want `buf.Write\(\[\]byte\("more"\)\) reuses the buffer that hdr views`
}

// A deferred Reset of a buffer someone else owns runs after the send.
type enc struct{ buf bytes.Buffer }

func (e *enc) publish(pub zmq4.Socket, v string) {
	defer e.buf.Reset() // want `the deferred e.buf.Reset\(\) reuses the buffer that e.buf.Bytes\(\) views`
	e.buf.WriteString(v)
	pub.Send(zmq4.NewMsg(e.buf.Bytes()))
}

// Through a channel to a sender goroutine.
func scanToChannel(pub zmq4.Socket, sc *bufio.Scanner) {
	ch := make(chan []byte)
	go func() {
		for b := range ch {
			pub.Send(zmq4.NewMsg(b))
		}
	}()
	for sc.Scan() { // want `sc.Scan\(\) reuses the buffer that line views`
		line := sc.Bytes()
		ch <- line
	}
}

// Negatives.

// A copy before the hand-over.
func scanCloned(pub zmq4.Socket, sc *bufio.Scanner) {
	for sc.Scan() {
		pub.Send(zmq4.NewMsg(bytes.Clone(sc.Bytes())))
	}
}

func scanAppendCopy(pub zmq4.Socket, sc *bufio.Scanner) {
	for sc.Scan() {
		b := append([]byte(nil), sc.Bytes()...)
		pub.Send(zmq4.NewMsg(b))
	}
}

func scanText(pub zmq4.Socket, sc *bufio.Scanner) {
	for sc.Scan() {
		pub.Send(zmq4.NewMsg([]byte(sc.Text())))
	}
}

// pebbe copies in SendBytes: the next Scan is fine.
func scanPebbe(s *pebbe.Socket, sc *bufio.Scanner) {
	for sc.Scan() {
		s.SendBytes(sc.Bytes(), 0)
	}
}

// No Scan after the last use.
func scanLast(pub zmq4.Socket, sc *bufio.Scanner) {
	if !sc.Scan() {
		return
	}
	pub.Send(zmq4.NewMsg(sc.Bytes()))
}

// The view is only read before the next Scan.
func scanRead(sc *bufio.Scanner) int {
	n := 0
	for sc.Scan() {
		n += len(sc.Bytes())
	}
	return n
}

// Another scanner's Scan.
func otherScanner(pub zmq4.Socket, a, b *bufio.Scanner) {
	a.Scan()
	pub.Send(zmq4.NewMsg(a.Bytes()))
	b.Scan()
}

// A new scanner per message.
func scannerPerMessage(pub zmq4.Socket, rs []io.Reader) {
	for _, r := range rs {
		sc := bufio.NewScanner(r)
		sc.Scan()
		pub.Send(zmq4.NewMsg(sc.Bytes()))
	}
}

// A Reset of another buffer.
func otherBufferReset(pub zmq4.Socket, a, b *bytes.Buffer) {
	pub.Send(zmq4.NewMsg(a.Bytes()))
	b.Reset()
}

// A local buffer reset at exit: no one writes into it afterwards.
func localDeferredReset(pub zmq4.Socket, v string) {
	var buf bytes.Buffer
	defer buf.Reset()
	buf.WriteString(v)
	pub.Send(zmq4.NewMsg(buf.Bytes()))
}

// Reads of a bytes.Buffer do not overwrite its bytes.
func bufferRead(pub zmq4.Socket, buf *bytes.Buffer) {
	pub.Send(zmq4.NewMsg(buf.Bytes()))
	buf.ReadByte()
}

// strings.Builder never overwrites what String returned.
func builder(pub zmq4.Socket, items []string) {
	var sb strings.Builder
	for _, it := range items {
		sb.Reset()
		sb.WriteString(it)
		pub.Send(zmq4.NewMsg([]byte(sb.String())))
	}
}

// A write appends after the bytes sent: without a Reset, Truncate or a
// read in between, it does not overwrite them.
func bufferAccumulate(pub zmq4.Socket, buf *bytes.Buffer) {
	buf.WriteString("a")
	pub.Send(zmq4.NewMsg(buf.Bytes()))
	buf.WriteString("b")
}

// A read moves the offset: the next write may slide the unread bytes
// down over the sent ones.
func bufferReadThenWrite(pub zmq4.Socket, buf *bytes.Buffer) {
	pub.Send(zmq4.NewMsg(buf.Bytes()))
	buf.ReadByte()
	buf.WriteString("b") // want `buf.WriteString\("b"\) reuses the buffer that buf.Bytes\(\) views`
}

// A wrapper of this package that hands its parameter over.
func publish(pub zmq4.Socket, b []byte) { pub.Send(zmq4.NewMsg(b)) }

func scanViaWrapper(pub zmq4.Socket, sc *bufio.Scanner) {
	for sc.Scan() { // want `sc.Scan\(\) reuses the buffer that sc.Bytes\(\) views \(sc.Bytes\(\) on line 232, valid only until the next Scan\) after it was handed to publish on line 232`
		publish(pub, sc.Bytes())
	}
}
