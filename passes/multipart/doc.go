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
//     SendBytes with zmq.SNDMORE, goczmq SendFrame with FlagMore) after
//     which some path returns, or comes back to the same send in a loop,
//     without sending the final part on the same socket (a send without
//     the flag, or SendMessage) and without closing it. The open message
//     is glued onto the next one sent on the socket. Reported at the part,
//     with the returns as related positions. Paths on which that part's
//     own send (or a later part's) failed, i.e. the "err != nil" branch of
//     its error result, are not followed.
//     The flags argument is evaluated on a lattice of constant sets
//     through phis, conversions, |, &, ^, &^ (flags.go): SNDMORE|DONTWAIT,
//     a variable that is SNDMORE on every path, a helper of this module
//     returning zmq.Flag (returnsFlags fact) count; a set that mixes
//     SNDMORE and final values is judged only when a counting loop's
//     last-index test decides it (a flag cleared at i == len(parts)-1,
//     i+1 < n, a helper flagFor(i, len(parts)) or more(i == n-1), or a
//     constant SNDMORE send in the not-last branch of such a test). Such a
//     guarded part is SNDMORE on every iteration but the last, so after it
//     the loop goes on: a break or return after it, or an iteration that
//     goes on (continue) or leaves without sending it, and then the end of
//     the loop, leave the message open (the last part skipped). A wrapper
//     that sends one part on a socket parameter with a flags parameter
//     (sendsWithFlag fact) is that send at its call sites.
//     A part sent by an inner loop whose iterations never finish the
//     message, finished by a send after that loop (a route prefix), is a
//     run: coming back to it inside its loop is the run going on; a path
//     that leaves the loop and comes back (a continue of an outer loop)
//     or returns without the final part leaves it open. Reported although
//     the loop may run zero times (no part open then), without a fix.
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
// Not reported: a flag we cannot evaluate (a parameter, a field, a call
// of unknown code, a flag accumulated in a loop) or that is SNDMORE on
// some paths with no last-index test deciding which; paths that reach a
// deferred call involving the socket, a go statement or an unknown
// function given the socket (or the variable or struct holding it), a
// panic or a function that never returns; sockets held in package
// variables across calls to this package's functions; a function literal
// called in place that only sends leading parts (its caller may finish);
// pebbe SendMessage/SendBytes and goczmq SendMessage reuse (they copy,
// docs/semantics.md §1.1, §1.3). go-zeromq has no more-flag: a Msg's
// frames go out in one Send/SendMulti.
//
// Fixes: every abandoned-multipart finding carries one fix, or its
// diagnostic says why there is none and what to do. First choice: the
// statements sending the open parts are moved down to just before the
// final part, when they and the final send are whole statements of one
// statement list, their arguments have no side effects, no statement in
// between mentions a variable they use or declare (and, when a statement
// in between calls a function, the parts read only local variables that
// no closure captures and whose address is never taken: no field, index,
// dereference or global, which the call could change), and every argument
// is passed by value (a constant, string, number, the socket, or a []byte
// conversion in the call itself: a []byte variable may alias a buffer
// written in between, and the send copies at call time). Otherwise the
// message is ended on the early-exit path itself (finish.go), before each
// return, break, continue or goto that leaves it open: a socket created in
// this function by a binding constructor and used only as the receiver of
// binding calls is closed there (Close/Destroy: libzmq discards a partial
// message); any other socket gets an empty final
// part (pebbe SendBytes(nil, 0), goczmq SendFrame(nil, 0)), which keeps the
// socket usable and the next message clean, but the peer receives the
// half message ending with an empty part; not on a socket known to be
// REQ, REP, DEALER or ROUTER (from its creation, or every store of its
// field), where that half message is a request the peer may execute: no
// edit there. Offered only when the message is
// open at every such point on every path (the part dominates it, nothing
// in between finishes the message or gives the socket away, the part's
// flag is SNDMORE there), each point is a return or a break/continue/goto
// that is the whole body of an if, the socket's name means the same
// socket there, and the search finds no path left open in the fixed
// code; no successful path passes a point. No safe edit (the diagnostic
// says what to do instead): an iteration that skips a last-index-guarded
// part (ending the message there would cut it short on the other
// iterations), a point where the message is open on some paths only (a
// break after a part whose flag is chosen per iteration), a point no
// statement can go before (a select or switch case jumping away, a
// socket reached through a call). Rewriting the sequence into one
// SendMessage call is not offered: pebbe's SendMessage sends part by
// part and returns on the first error (the message stays open, as with
// separate sends), formats parts of other types than string and []byte
// with %v and skips trailing empty slices, so it is neither atomic nor
// provably the same message.
//
// For frames-reused, slices.Clone(frames) where the frames slice is
// written in the send, wrapper call or channel send, else, for a Msg
// built before the send, m.Clone() at the send.
//
// Known limits: sockets are matched by SSA value, variable or field path,
// not through arbitrary aliases; facts are only for direct socket
// parameters (a method sending leading parts on a field of its receiver
// is silent); modifications in other functions or goroutines are not seen;
// a part-by-part relay (the part and the final send are alternative
// branches of one loop iteration, as in zguide's rrbroker) is not judged;
// a send after the loop that a break reaches counts as the final part of
// the open message even when it was meant as a message of its own; the
// flag facts cover wrappers with one send on a socket parameter and
// helpers returning the pebbe zmq.Flag type (goczmq's int flags from a
// helper are not followed), and a last-index test only on a loop index
// stepped by one against a bound that the loop does not change.
package multipart
