// Package zerocopy defines an Analyzer that checks byte buffers handed to
// ZeroMQ sends that keep a reference to them.
//
// # Analyzer zerocopy
//
// zerocopy: report byte buffers modified or re-sent after a ZeroMQ send that keeps a reference to them
//
// Ownership-transferring sends keep the caller's bytes after they return
// and transmit them later: github.com/go-zeromq/zmq4 Socket.Send and
// SendMulti of a Msg whose frames alias caller memory (NewMsg(b),
// NewMsgFrom(a, b), NewMsgFrom(fs...), Msg{Frames: fs}; every go-zeromq send
// counts, because PUB, XPUB and REP queue the message, any socket does over
// inproc://, and any socket keeps writing after a timeout), goczmq
// "ch.SendChan <- frames", and user functions that hand a parameter to such
// a send, directly or by sending it on a channel whose receiving goroutine
// does (the zmqbuffers helper's HandsOver fact, across packages).
//
// It reports:
//
//   - modified-after-handover: after such a send of buffer b, a path
//     writes into b's memory (through b or a slice sharing its array):
//     b[i] = x, copy(b, ...), append(b[:k], ...), clear(b), io.ReadFull,
//     a Read method, binary.BigEndian.PutUint32, hex.Encode, rand.Read, a
//     function that writes its parameter (WritesParams fact), or a closure
//     or goroutine that writes the captured buffer. The loop shape (one
//     buffer allocated before the loop, filled and sent each iteration) is
//     reported at the fill. The frames of a handed-over frames slice are
//     the same memory however a write reaches them: through the frame's
//     variable (hdr[1] = 2) or back out of the slice (fs[0][0] = 1,
//     copy(fs[0], b), a range variable over fs), reported once; writes
//     into the [][]byte itself are multipart's frames-reused.
//   - resent-after-modification: the buffer is then sent again by such a
//     send (a different send statement; the loop shape is reported once,
//     at the write).
//
// Only the sent bytes count: when the sent slice and the written one are
// re-slices of one buffer with constant bounds that do not overlap
// (buf[:8] sent, buf[8:] written), or a low bound is not a constant
// (slab[i*8 : i*8+8] carved per message), nothing is reported; a write
// through the whole buffer, overlapping constant ranges and slices both
// starting at 0 are.
//
// Not reported: copying sends (pebbe SendBytes, Send, SendMessage; goczmq
// SendFrame, SendMessage, Write; go-zeromq messages from NewMsgString,
// NewMsgFromString or Msg.Clone); a buffer only read after the send, or
// re-sent unmodified; a buffer allocated afresh before the write (make in
// the loop body, bytes.Clone, append([]byte(nil), b...)); appending to a
// slice at its full length (it writes past the sent bytes).
//
// The fix passes a copy at the send: bytes.Clone(b) in place of the
// buffer, or msg.Clone() when the Msg was built elsewhere. No fix is offered
// when the buffer is not visible as an expression at the send, or when the
// name bytes means something else there (a local variable named bytes).
//
// Known limits: aliasing through struct fields is followed only for one
// struct pointer within one function; buffers stored in maps, slices or
// interfaces, or returned by helper functions, are not followed; a Msg
// built by a helper function is not traced; receives in select statements
// and channels passed across packages do not make a channel "handing
// over", and a send in a select case (select { case ch <- b: }) is not a
// hand-over; the WritesParams fact is computed only for packages that
// import a ZeroMQ binding (the zmqssa gate), so a helper in a package that
// imports none (wire.PutHeader(hdr, ...)) is not known to write its
// parameter (standard-library writers come from a table); a constant-index
// write (buf[9] = 1) counts as a write to the whole buffer; a write through
// a deferred call is placed at the defer statement.
package zerocopy
