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
//     createsSocket) makes its callers the owners; when the wrapper
//     returns the socket together with an error that may be non-nil
//     (a goczmq constructor's result passed on, "return s, err" after a
//     failed Connect: fact liveOnError), its callers' error path owns it
//     too; the fix then closes it before each leaking return, under a nil
//     check where the wrapper may also return nil with an error (mayBeNil),
//     or defers the close right after the call when the socket is never
//     nil. main.main is exempt: returning from it ends the process.
//   - leaked-socket of an accumulated socket (accum.go): a socket whose
//     only escapes are "socks = append(socks, s)" or "m[k] = s" into one
//     slice or map the function made itself, where a return that some
//     path from the accumulation reaches neither gives the container back
//     nor reads its elements or length first: reported at the creation,
//     the dropping returns related; fix: "for _, s := range socks {
//     s.Close() }" before each. Silent when the container is stored,
//     captured by a closure (a deferred cleanup), passed to any function,
//     or comes from a parameter; an element read is taken as the closing
//     loop without checking that it closes.
//   - leaked-context: the same for a pebbe NewContext that is not
//     terminated.
//   - leaked-socket / leaked-context of a struct field (owned.go, on the
//     shared ownership model passes/internal/owner): a socket or context
//     created in this package and stored into an unexported field of a
//     struct type (directly or through a struct embedded by value) that
//     no function of the package ever closes, while a method of the type
//     closes the type's other resource fields (its Close/Stop/Shutdown,
//     whatever its name); reported at the creation, with the close method
//     related; fix: close the field in that method (sockets before the
//     first statement that closes another field, so before a Term; a
//     deferred close after the last deferred one; a context's Term after
//     the last socket close, only when the method closes every socket
//     field; a nil check around it unless every store of the field is in
//     a constructor before every return of the struct; no fix when the
//     method's closes are all inside a function literal, a once.Do, where
//     ours would not run with them). Also a close
//     method that closes the field on some paths only, where a path to a
//     return closes other fields but not this one, for a field every
//     constructor sets before returning the struct, and only when no
//     method of the type closes that field on every path (a poll loop
//     that closes a socket on an operator command is not the close
//     method; no fix: the condition is the user's). Also a type that embeds by value an owner type (of
//     this package, or of another: fact zmqCloser, the releasing methods
//     of an exported owner type) whose release method no function of the
//     package calls, while the outer close method closes the outer type's
//     own fields: reported at that method, no fix (the embedded close may
//     not be safe on a value never opened); not when the release method is
//     promoted into the outer type. A constructor that stores a socket into the struct
//     it allocated and drops the struct (return nil, err) leaks it: the
//     ordinary leaked-socket rule, the fix closes the field before each
//     leaking return.
//   - term-while-open: ctx.Term() (or zmq.Term() for the default context)
//     reachable while a socket of that context, created in the same
//     function, is open, including the LIFO trap of
//     "defer s.Close()" registered before "defer ctx.Term()", and a
//     direct Term while the function's deferred Close is pending and a
//     goroutine that only uses the socket runs (no fix). A leak
//     that makes a Term wait is reported once, here, with the leaking
//     returns related.
//   - close-without-linger: a pebbe socket that sent messages, closed with
//     the default infinite linger, followed by a Term of its context (SUB
//     and XSUB default to linger 0 and are not reported; a SetLinger with
//     a non-negative or unknown value, or SetBlocky on the context, silences
//     it). Also a deferred closure that closes such a socket, captured
//     as a variable stored once, then terminates its captured context
//     (or the default one) directly.
//   - linger-unit: pebbe SetLinger with an untyped constant other than 0
//     and -1 (SetLinger(500) is 500ns, i.e. 0ms).
//   - use-after-close: a call on a socket that every path reaches only
//     through its Close, a socket the function created or a socket
//     parameter (every path from the entry passes its Close). Also a call on a socket field of a struct value
//     (c.sock.Send) that every path of the function reaches only after
//     that field of the same value was closed, directly or by a method of
//     the type that closes it on every path (c.Close()), and not stored
//     again since (a store of the field, a call given the struct that may
//     store it, unknown code given the struct: each counts as reopening;
//     a close method that also sets the field to nil does not count as
//     closing it).
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
// it, and never for a struct field (the struct would keep a closed
// socket after the method returns).
//
// Not reported for struct fields: a type none of whose methods closes any
// resource field (its users may close it field by field, or it does not
// own its sockets); exported fields (code of other packages may close
// them); containers (slices, arrays, maps of sockets: counted as closed
// when any element read from them is closed, never reported); a field
// whose value escapes anywhere (a getter, a goroutine, unknown code, its
// address taken); a socket stored from a parameter (the caller owns it),
// or also handed elsewhere (a goroutine, another type, a registry); fields
// of an embedded type of another package (that package's, known through
// its zmqOwns fact); a field closed by any function of the package but a
// constructor's cleanup of the struct it allocated; paths of the close
// method through the nil branch of a nil check of the field, through the
// error branch of another close's error, or that close no field at all
// (an "already closed" guard).
//
// Known limits: a context or socket reached through a struct field is
// tracked across functions only by the type-level rules above; the
// constructor rule needs the struct allocated in the function (a
// constructor that calls the type's Close on its error path, or a
// deferred closure that does, lets the struct escape: silence); a socket
// appended to a slice field is not followed; a use of a field after the
// close is seen within one function only (a method called after Close
// that uses the field is not followed into); a Term in another function than the
// socket's creation is not seen; closures that close a socket on some
// paths only make it escape (silence).
package lifecycle
