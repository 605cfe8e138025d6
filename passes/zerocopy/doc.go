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
//     The same category covers a buffer kept in a struct field ([]byte,
//     [N]byte, bytes.Buffer, *bytes.Buffer declared directly in a named
//     struct type; the fields and their accesses come from the shared
//     per-type model, passes/internal/owner's BufferTypes): a method (or a
//     function literal capturing its receiver) hands over the field's
//     bytes (c.buf, c.hdr[:], c.bbuf.Bytes()) by any of the sends above,
//     and a method of the type, the same one on its next call included,
//     writes them in place: a write of the list above through the field,
//     an append(c.buf, ...) when some method truncates the field
//     (c.buf = c.buf[:0]), or for a bytes.Buffer field a Reset or
//     Truncate when some method also writes into it (the StdViews row of
//     Bytes). Reported at the hand-over, with the write as related
//     position. Not counted: a write that follows, on every path in its
//     function, a store of new memory into the field (make, append to nil,
//     bytes.Clone, a new bytes.Buffer); a hand-over after which every
//     path to the method's return stores new memory into the field;
//     writes in a constructor or any
//     function that is not a method of the type, and through another
//     value of the type, or by a value receiver's copy of an array or
//     bytes.Buffer field; appends at full length with no truncation; a
//     write the path walk already reported (the loop shape).
//   - resent-after-modification: the buffer is then sent again by such a
//     send (a different send statement; the loop shape is reported once,
//     at the write).
//   - reused-after-handover: the sent bytes are not the program's to
//     keep, and their owner reuses them after the send. Views, by the
//     table buffers.StdViews: bufio.Scanner.Bytes until the next Scan;
//     bufio.Reader.ReadSlice, ReadLine and Peek until the next read of
//     any kind on that reader; bytes.Buffer.Bytes, Next and Peek until a
//     Reset or Truncate, or a write (Write*, ReadFrom, Grow) after a
//     Reset, Truncate or read (Next counts as one): a write that only
//     appends leaves them alone; bytes.Buffer.AvailableBuffer until the
//     next write; bufio.Writer.AvailableBuffer until the next write, Flush
//     or Reset; the xml.CharData, Comment and Directive of
//     xml.Decoder.Token and RawToken until the next Token, RawToken,
//     Decode, DecodeElement or Skip. Pools, by buffers.StdReleasers: sync.Pool.Put of the sent
//     buffer, or of the *bytes.Buffer whose Bytes were sent. Reported at
//     the reusing call on the same owner, on a path after the send (the
//     next iteration's Scan included), with the send and the view's call
//     as related positions.
//
// A deferred call registered before the send runs after it, at the
// function's exit: a deferred write (defer clear(b), defer zero(b) of a
// helper with the WritesParams fact, a deferred closure that writes b) is
// modified-after-handover, a deferred reuse (defer pool.Put(b), defer
// e.buf.Reset(), defer func() { buf.Reset(); pool.Put(buf) }())
// reused-after-handover, both reported at the defer statement. In a
// function literal the first Put or Scan-like reuse counts, else the first
// Reset; bytes.Buffer writes there are not counted.
//
// Only the sent bytes count: when the sent slice and the written one are
// re-slices of one buffer with constant bounds that do not overlap
// (buf[:8] sent, buf[8:] written), or a low bound is not a constant
// (slab[i*8 : i*8+8] carved per message), nothing is reported; a write
// through the whole buffer, overlapping constant ranges and slices both
// starting at 0 are.
//
// Not reported for views and pools: a copy before the hand-over
// (bytes.Clone(sc.Bytes()), append([]byte(nil), sc.Bytes()...),
// []byte(sc.Text())); the reuse of another owner (b.Reset() after sending
// a.Bytes()), a Put of another buffer; a new owner per message (a
// bufio.NewScanner in the loop); reads of a bytes.Buffer; strings.Builder;
// a Reset, Truncate or Flush (which only mark the bytes free) of a buffer
// the function declared and nothing else reaches (var buf bytes.Buffer used
// only through its methods): there the write that follows, if any, is the
// reuse, and a deferred Reset at exit is silent.
//
// Not reported: copying sends (pebbe SendBytes, Send, SendMessage; goczmq
// SendFrame, SendMessage, Write; go-zeromq messages from NewMsgString,
// NewMsgFromString or Msg.Clone); a buffer only read after the send, or
// re-sent unmodified; a buffer allocated afresh before the write (make in
// the loop body, bytes.Clone, append([]byte(nil), b...)); appending to a
// slice at its full length (it writes past the sent bytes).
//
// The fix passes a copy at the send: bytes.Clone(b) in place of the
// buffer (bytes.Clone(sc.Bytes()) for a view; for a pooled buffer the copy
// at the send is chosen over dropping the Put, which would delete user
// code), or msg.Clone() when the Msg was built elsewhere. No fix is offered
// when the buffer is not visible as an expression at the send, or when the
// name bytes means something else there (a local variable named bytes).
//
// Known limits: the field rule covers only fields declared directly in a
// named, non-generic struct type of the analysed package, and counts any
// method of the type as able to run while the message is queued (no
// ordering, e.g. a synchronous reply, is understood); a deferred write in
// another method is not counted. Aliasing through struct fields is followed only for one
// struct pointer within one function; buffers stored in maps, slices or
// interfaces, or returned by helper functions, are not followed; a Msg
// built by a helper function is not traced; receives in select statements
// and channels passed across packages do not make a channel "handing
// over", and a send in a select case (select { case ch <- b: }) is not a
// hand-over; the WritesParams fact of a package that imports no ZeroMQ
// binding (wire.PutHeader(hdr, ...)) is computed only for its exported
// functions with a []byte, [][]byte or byte-array-pointer parameter, and
// only when the package is part of the code under analysis (a module
// without a version, or a GOPATH path starting with a domain): helpers in
// versioned dependencies (and, under go vet, in modules replaced by a
// directory) are not known to write their parameters, and
// standard-library writers come from a table; views reached through a
// pointer or a field (database/sql.RawBytes, xml.ProcInst.Inst) and a
// helper that calls Put for its caller are not followed, nor a reuse in
// another function than the send's (a caller's loop that Scans again) or
// its function literals; a constant-index write (buf[9] = 1) counts as a
// write to the whole buffer; a write through a deferred call is placed at
// the defer statement.
package zerocopy
