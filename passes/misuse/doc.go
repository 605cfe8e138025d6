// Package misuse defines an Analyzer that reports ZeroMQ binding traps:
// calls that are legal Go but crash the process, hang its exit or corrupt
// messages because of how the binding is written.
//
// # Analyzer misuse
//
// misuse: report ZeroMQ binding traps that crash a process, hang its exit or corrupt messages
//
// It reports:
//
//   - empty-message: a github.com/go-zeromq/zmq4 Send or SendMulti, on a
//     socket created by NewPub, NewXPub or NewRouter in the same function
//     (or the one that created the closure), or held in an unexported
//     struct field of the package that every assignment in the package
//     gives a socket of that one constructor, of a message that has no
//     frames on some path: zmq4.Msg{}, the zero Msg, NewMsgFrom() with
//     no arguments, or NewMsgFrom(fs...), Msg{Frames: fs} and
//     NewMsgFromString(ss) where fs is nil, a zero-length make or
//     re-slice, or a variable that only appends fill (a loop that may run
//     zero times, a branch that may not run), with no dominating length
//     check (if len(fs) == 0 { return }, if len(fs) > 0 { send },
//     len(m.Frames) of the sent Msg). A loop that appends on every
//     iteration and is sure to run once (a range over a slice checked
//     non-empty, a count from 0 below a constant) fills it. PUB and XPUB panic in the socket's
//     background goroutine, which kills the process; ROUTER panics in
//     Send with the writer's mutex held.
//   - auth-not-stopped: a github.com/pebbe/zmq4 Term() (the default
//     context's) that runs while AuthStart's handler runs: called on a
//     path from AuthStart without AuthStop, or deferred so that it runs
//     before a deferred AuthStop (defers run last-in first-out) or with
//     no AuthStop at all. The error path of AuthStart is left out; a call
//     or defer of a function of the package (a closure) that calls
//     AuthStop counts as AuthStop.
//   - frame-reuse-leak: goczmq SendFrame whose constant flags include
//     FlagReuse (any import path of goczmq v4).
//   - shared-id-frame: a write into msg.Frames[0] of a go-zeromq ROUTER
//     Recv (socket known as above): an element assignment, copy, clear,
//     a standard-library writer or a function with the WritesParams fact
//     (buffers.Writer), directly or through a variable holding the frame,
//     and an append into it (the id slice has spare capacity that all of
//     the peer's messages share). A frame replaced before the write
//     (msg.Frames[0] = bytes.Clone(msg.Frames[0]) dominating it) or cloned
//     when read is not reported.
//   - closed-while-polled: Close of a pebbe socket registered with
//     Poller.Add in the same function, on a path from the Add, when the
//     poller is polled again (Poll, PollAll) after the Close with no
//     Remove or RemoveBySocket on that poller in between.
//
// Not reported: sends on sockets whose type is not known (a parameter, a
// helper's result, an exported field, a field also assigned a parameter),
// PUSH, DEALER, REQ,
// REP, PAIR, SUB and XSUB (an empty message sends nothing there); frames
// that come from a parameter, a call or a field (unknown length); a
// non-constant SendFrame flags value; ROUTER body frames (fresh per
// message) and any other socket's frames; a deferred Close; a poller
// passed to another function or captured by a closure after the Add (the
// callee may remove the socket).
//
// Fixes: empty-message inserts "if len(fs) == 0 { return <zero values> }"
// before the send ("continue" inside a loop), or deletes a send statement
// of an always-empty message; none when the frames are not a variable or
// a result type has no writable zero value. auth-not-stopped inserts
// "defer zmq.AuthStop()" after the deferred Term, or "zmq.AuthStop()"
// before a Term call. frame-reuse-leak drops the flag (X|FlagReuse
// becomes X, FlagReuse alone 0, a literal loses the bit); none for a
// constant of the user's. shared-id-frame wraps the read of the frame in
// bytes.Clone, or, when the write goes through msg.Frames[0] itself and
// runs in the same loop as the Recv, inserts
// "msg.Frames[0] = bytes.Clone(msg.Frames[0])" before it.
// closed-while-polled inserts "poller.RemoveBySocket(s)" before the Close.
//
// Known limits: everything but the field table is intraprocedural (a
// Term in another function than AuthStart, a socket returned by a helper,
// a Msg built by a helper are not followed); strconv.Append* into the id frame is not
// reported (only the builtin append); pebbe Reactor is not modelled.
package misuse
