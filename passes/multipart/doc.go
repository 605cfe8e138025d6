// Package multipart defines an Analyzer that checks how multipart ZeroMQ
// messages are sent.
//
// # Analyzer multipart
//
// multipart: report multipart ZeroMQ messages left open and frames slices modified after a send that keeps them
//
// It reports:
//
//   - abandoned-multipart: a part sent with the more-flag (pebbe Send or
//     SendBytes with zmq.SNDMORE, goczmq SendFrame with FlagMore; the flag
//     must be an SSA constant, so SNDMORE|DONTWAIT and a local variable
//     holding SNDMORE count) after which some path returns, or comes back
//     to the same send in a loop, without sending the final part on the
//     same socket (a send without the flag, or SendMessage) and without
//     closing it. The open message is glued onto the next one sent on the
//     socket. Reported at the part, with the returns as related positions.
//     Paths on which that part's own send (or a later part's) failed,
//     i.e. the "err != nil" branch of its error result, are not followed.
//     A function that only ever sends leading parts on a socket parameter
//     (never finishes or closes it) is a helper: it is not reported, gets
//     the fact leavesMessageOpen[i], and a call of it counts as a part sent
//     with the more-flag in its callers, in this package and in others.
//   - frames-reused: a [][]byte handed over to go-zeromq Send/SendMulti
//     through NewMsgFrom(frames...) or Msg{Frames: frames}, sent on
//     goczmq Channeler.SendChan, or passed to a function that hands it
//     over (the zmqbuffers helper's handsOver fact), then modified on a
//     path after the send before it is allocated anew: an element
//     assigned, append over a reslice (append(frames[:0], ...)), copy into
//     it, clear, sort.* or the in-place slices functions (the one
//     buffers.StdWriters table), or a function that writes its [][]byte
//     parameter (writesParams fact). Reported at the modification, with
//     the send as related position. A byte of one of its frames written
//     (frames[0][i] = b) is zerocopy's modified-after-handover, as are the
//     same bytes written through the frame's own variable: hand-over,
//     aliasing and writes are the passes/internal/buffers model shared by
//     both checks, and each hazard is one finding of one check.
//
// Not reported: a flag that is not a constant (a parameter, a value merged
// from branches); paths that reach a deferred call involving the socket, a
// go statement or an unknown function given the socket (or the variable or
// struct holding it), a panic or a function that never returns; sockets
// held in package variables across calls to this package's functions; a
// function literal called in place that only sends leading parts (its
// caller may finish); pebbe SendMessage/SendBytes and goczmq SendMessage
// reuse (they copy, docs/semantics.md §1.1, §1.3).
//
// Fixes: for abandoned-multipart, the statements sending the open parts
// are moved down to just before the final part, when they and the final
// send are whole statements of one statement list, their arguments have
// no side effects, no statement in between mentions a variable they use
// or declare (and, when a statement in between calls a function, the
// parts read only local variables that no closure captures and whose
// address is never taken: no field, index, dereference or global, which
// the call could change), and every argument is passed by value (a constant, string,
// number, the socket, or a []byte conversion in the call itself: a []byte
// variable may alias a buffer written in between, and the send copies at
// call time). Otherwise no fix is offered (rewriting into one
// SendMessage call is not offered: pebbe's SendMessage formats parts of
// other types than string and []byte with %v and skips trailing empty
// slices, so it is not provably the same message). For frames-reused,
// slices.Clone(frames) where the frames slice is written in the send,
// wrapper call or channel send, else, for a Msg built before the send,
// m.Clone() at the send.
//
// Known limits: sockets are matched by SSA value, variable or field path,
// not through arbitrary aliases; facts are only for direct socket
// parameters (a method sending leading parts on a field of its receiver
// is silent); modifications in other functions or goroutines are not seen;
// a part-by-part relay (the part and the final send are alternative
// branches of one loop iteration, as in zguide's rrbroker) is not judged.
package multipart
