// Package lifecycle defines an Analyzer that checks how ZeroMQ sockets and
// contexts are closed.
//
// # Analyzer lifecycle
//
// lifecycle: report leaked ZeroMQ sockets and contexts, Term while a socket is open, and related bugs
//
// It reports, for github.com/pebbe/zmq4 (and where the semantics apply,
// github.com/go-zeromq/zmq4 and goczmq):
//
//   - leaked-socket: a socket created in the function that does not escape
//     and is not closed on some path to a return after its successful
//     creation, or is created in a loop and not closed before the next
//     iteration. goczmq constructors return a socket even on error, so
//     their error path must destroy it too. A function that creates a
//     socket and only returns it (a constructor wrapper, fact
//     createsSocket) makes its callers the owners. main.main is exempt:
//     returning from it ends the process.
//   - leaked-context: the same for a pebbe NewContext that is not
//     terminated.
//   - term-while-open: ctx.Term() (or zmq.Term() for the default context)
//     reachable while a socket of that context, created in the same
//     function, is open, including the LIFO trap of
//     "defer s.Close()" registered before "defer ctx.Term()". A leak
//     that makes a Term wait is reported once, here, with the leaking
//     returns related.
//   - close-without-linger: a pebbe socket that sent messages, closed with
//     the default infinite linger, followed by a Term of its context (SUB
//     and XSUB default to linger 0 and are not reported; a SetLinger with
//     a non-negative or unknown value, or SetBlocky on the context, silences
//     it).
//   - linger-unit: pebbe SetLinger with an untyped constant other than 0
//     and -1 (SetLinger(500) is 500ns, i.e. 0ms).
//   - use-after-close: a call on a socket that every path reaches only
//     through its Close.
//
// Not reported: sockets and contexts that escape, i.e. are returned,
// stored in a field, global, map, slice or channel, captured by a closure
// that outlives the call, passed to a goroutine, or passed to a function
// that may keep them (an unknown function, a dynamic call through a func
// value, field, map or slice, an interface method); an escape inside a
// loop covers the whole loop. A function that closes its parameter on every path, or only
// uses it, is known through a fact, in this package and in others. Paths
// that end in panic, os.Exit, log.Fatal, t.Fatal, runtime.Goexit or a
// helper that never returns are not followed.
//
// Fixes never make the code worse under another rule: a Close is deferred
// after every deferred Term that may wait for it, after the check of a
// nil-on-error constructor's error, never where a direct Term follows.
// Swapping a deferred Close with a deferred Term moves each across the
// defers registered between them, so the swap is offered only when each
// of those is known not to wait, block or signal another goroutine
// (quietCalls, other sockets' Close; not wg.Wait, errgroup's Wait, a
// channel operation, cancel, Unlock, a helper doing one, unknown code)
// and does not use the socket, and no return lies between the two. A
// use-after-close's Close becomes a defer only when no Term may follow
// it.
//
// Known limits: a context or socket reached through a struct field is
// tracked only within one function; a Term in another function than the
// socket's creation is not seen; closures that close a socket on some
// paths only make it escape (silence).
package lifecycle
