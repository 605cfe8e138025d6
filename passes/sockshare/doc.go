// Package sockshare defines an Analyzer that reports ZeroMQ sockets used
// from more than one goroutine.
//
// # Analyzer sockshare
//
// sockshare: report ZeroMQ sockets used from more than one goroutine without ordering
//
// libzmq sockets are not thread-safe (docs/semantics.md §4, L10). A socket
// "use" is any binding call with the socket as receiver or argument:
// send, receive, option get/set, Bind/Connect, poll registration, close.
// Uses inside helper functions count too: a function that uses a socket
// reached through a parameter (or a field of its receiver) exports a
// UsesFact, so helpers in other packages are understood.
//
// It reports, for github.com/pebbe/zmq4 (and its draft package) and
// goczmq's Sock and ReadWriter:
//
//   - shared-socket: a socket used by a goroutine started with a go
//     statement (captured by the function literal, passed as an argument,
//     or reached through a field of a struct passed or captured, as in
//     "go s.loop()"), or by a callback run on another goroutine (see
//     Callbacks), and also
//     used by the launching function after the go statement, with nothing
//     in between that waits for the goroutine. A deferred use (typically
//     "defer s.Close()") counts when a return is reachable from the go
//     statement without such a wait. Reported at the launcher's first such
//     use reached after the go statement (a deferred one only when no
//     other races), with the goroutine's use and the go statement as
//     related positions; the message lists the lines of the launcher's
//     other racing uses. Socket fields across methods (methods.go): a pebbe or goczmq socket
//     field of a struct type (passes/internal/owner's model), used by a
//     goroutine that a method starts on its pointer receiver, or that a
//     constructor starts on the struct it allocated (a go statement, not
//     a callback), is also reported at the first use of the field in each
//     other exported pointer-receiver method of the type (callable from
//     any goroutine at any time; unexported methods count through their
//     exported callers' summaries), unless that use holds a mutex the
//     goroutine's use holds, or the method first waits (on every path)
//     for a channel or WaitGroup the goroutine signals when done. Silent
//     when no other method touches the field (owner's MethodsTouching),
//     when the launcher waits for the goroutine before every return, for
//     the goroutine's own body method and the methods its body calls
//     directly (a Reply the loop runs is the loop's), and for the
//     launcher's own uses.
//     Related: the go statement and the goroutine's use.
//   - goroutines-share: the same socket used by two goroutines started by
//     two go statements of one function, the second reachable from the
//     first without a wait, or by one go statement in a loop (a wait after
//     the loop orders the launcher after the goroutines, not the
//     goroutines among themselves; WaitGroup.Add is not a wait), or by a
//     callback that runs concurrently with itself (an HTTP handler: one
//     goroutine per request), unless every pair of its uses holds a
//     common mutex. Reported at the second goroutine's use; a handler's
//     use that holds no mutex is reported once, as the handler's race
//     with itself, and not paired with other goroutines as well.
//   - shared-poller: either of the above where one side polls the socket:
//     a pebbe Poller (Poller.Add) or Reactor (AddSocket) with the socket
//     registered, polled with Poll, PollAll or Run (zmq_poll operates on
//     every registered socket).
//
// Callbacks: the calls of passes/internal/spawn's table run a function on
// another goroutine without a go statement, and the call is its launch
// point, as a go statement would be: errgroup's Go and TryGo and
// sync.WaitGroup's Go (their Wait orders, as wg.Wait does); time.AfterFunc
// and context.AfterFunc (their callback runs once; a Stop of the returned
// timer, or a call of the returned stop function, whose result an if tests
// counts as waiting for it: true means it never runs, and the false branch
// is where the code waits for it; a Stop whose result is dropped does not
// wait); and the net/http registrations http.HandleFunc, http.Handle,
// (*http.ServeMux).HandleFunc and Handle, http.ListenAndServe(TLS),
// http.Serve(TLS), and (*http.Server).ListenAndServe(TLS)/Serve(TLS) with
// the Handler stored into the server by the same function, also when
// called in a go statement. A handler is a function literal, a function,
// a method value, http.HandlerFunc(f), a value whose type has a ServeHTTP
// method, the literal a same-package factory returns on every path
// ("mux.HandleFunc(p, s.handleX())", its captured parameters bound to the
// call's arguments), or one of these wrapped by http.StripPrefix, TimeoutHandler or MaxBytesHandler. A
// handler runs concurrently with itself, so a socket it uses without a
// mutex is reported alone (goroutines-share). The registering function's
// own later uses are paired with a handler only after a go statement of
// that function serves the handler: "go http.ListenAndServe(addr, h)"
// serves h, and "go http.ListenAndServe(addr, mux)" (or srv.Serve(l),
// srv.ListenAndServe() with srv.Handler the mux, in a go statement or a
// go'd literal) the handlers registered on mux. A socket passed to a
// call through a function value ("fn(s)") is a use by the caller.
// (*sync.Once).Do runs its function on the caller's goroutine and
// signal.Notify only sends on a channel; neither is a callback.
//
// Not reported:
//
//   - hand-off: the launcher does not use the socket after the go
//     statement (uses before it are ordered by the go statement itself);
//   - uses after a wait that follows the goroutine's end: wg.Wait() where
//     the goroutine calls wg.Done (or was started with wg.Go), an
//     errgroup's Wait for goroutines started with its Go, a receive (or a
//     select with a receive) from a channel the goroutine closes, or sends
//     on after its last socket use, or a call of a same-package function
//     that does one of these on every path to its return; a channel or
//     WaitGroup of the goroutine passed to unknown code also counts as a
//     wait, and so does a receive from a channel that cannot be named;
//   - a deferred use when such a wait is deferred after it (defers run
//     last-in first-out) on every path from the go statement to a return,
//     or when the deferred call itself waits before the use ("defer
//     func() { wg.Wait(); s.Close() }()"); a deferred wait does not order
//     the body's later uses, and one deferred before the use orders
//     nothing;
//   - a launcher use before a start signal: the goroutine's function
//     receives from a channel (or selects with that single receive case)
//     before every socket use of its body, its defers included, and the
//     launcher closes or sends on that channel on every path after the
//     use, with no close or send of it that can run before the use, and
//     the channel is not handed to unknown code or signalled by another
//     goroutine. A deferred signal runs at return, after every
//     non-deferred use, so "defer close(ready)" releases after them (a
//     deferred use registered before it is still reported). When the
//     uses follow "for range ch {}" (or lie under the !ok branch of
//     "v, ok := <-ch" that nothing else enters), only close(ch)
//     releases, and sends on ch are ignored. "<-ctx.Done()" is a gate
//     closed by cancel() when ctx, cancel come from context.WithCancel
//     (or WithCancelCause) of context.Background() or TODO() and cancel
//     is only called (WithTimeout/WithDeadline are not gates: the timer
//     may fire before the use);
//   - uses that hold a common sync.Mutex (or RWMutex write lock) on every
//     path: Lock on the same variable or field before both, with no
//     Unlock in between;
//   - sockets of the thread-safe draft types (CLIENT, SERVER, RADIO, DISH,
//     SCATTER, GATHER; pebbe has no PEER or CHANNEL), known from the
//     constructor's constant type argument; a draft socket whose type is
//     not known is not reported either;
//   - go-zeromq/zmq4 sockets: the binding is pure Go and serializes Send
//     with a lock and Recv through a channel, so concurrent Send/Recv do
//     not corrupt frames (its unguarded SetOption and REQ/REP state are a
//     logic hazard, not the libzmq crash this check is about);
//   - goczmq Channeler: it is the binding's own way to share a socket;
//   - a socket variable reassigned between the go statement and the use.
//
// Fix: for the launcher's only later use, the first of these that
// applies (docs/sockshare.md, The fix). (1) A call that cannot block or
// close (an option read or write, Bind, Connect, String), written as its
// own statement in the go statement's block, with nothing in between
// referring to what it reads or defines, moves before the go statement
// (not in a loop: the moved call would still race with the previous
// iteration's goroutine; a callback registration counts as a go
// statement unless it defines what the call reads). (2) When every use
// of the goroutine holds one mutex the launcher can name, the use's
// statement is wrapped in mu.Lock() and mu.Unlock(), if that cannot
// deadlock: the use holds no mutex, the launcher made the mutex or
// nothing in the package calls it, and the statement has no function
// literal, no channel operation and no call into this package or sync.
// (3) A Close (or defer Close) in the go statement's block is handed to
// the goroutine: deleted there and deferred at the start of the go'd
// literal, or "go func() { defer s.Close(); worker(s) }()", when no
// other goroutine uses the socket, the launcher does not use it after
// the go statement, nothing between a deferred Close and the go
// statement returns, and the call's operands cannot change before the
// goroutine starts. Otherwise no edit is offered and the message says
// what to do, naming the goroutine: "give s to one goroutine (the one
// started on line N) and send it work through a channel", or "lock s.mu
// around every use of s.sock" when the socket is a field of a struct
// that has a sync.Mutex or RWMutex field. A handler racing with itself,
// goroutines of one go statement in a loop and two goroutines get no
// edit; each fixless shape is listed with its reason in the docs.
//
// For a socket field shared with an exported method, the fix inserts
// "c.mu.Lock(); defer c.mu.Unlock()" at the start of the method when the
// goroutine's use holds c.mu, the method has a named receiver and no
// function literal, every call in it is a builtin or a static call into
// another package than sync, and nothing in the package calls it, takes
// its method value or invokes a method of its name through an interface
// (no deadlock on the non-reentrant mutex); when the method makes other
// calls but the use's statement alone passes the test of (2) above and
// nothing in the package calls the method, it locks c.mu around that
// statement only; otherwise the message says "lock c.mu around this use" when such a
// mutex is locked around some use of the socket, and no edit is offered.
//
// Known limits (each one silences rather than guesses): sockets reached
// through interfaces, slices, maps or channels, dynamic calls, and
// function values stored in variables are not followed (so neither is a
// Handler of unknown dynamic type, a handler factory of another package
// or one that returns more than one literal, nor a struct value's socket
// field, as in a value-receiver ServeHTTP); a struct's
// socket field is matched across methods only as described above (no
// value receivers, promoted methods, callbacks, or go statements in
// function literals); a
// helper in another package is known only by its fact, which omits uses
// guarded by the helper's own mutex; goczmq's Poller is not modelled;
// channel ordering is judged by the channel, not by the number of
// messages (one receive orders the goroutine's last send); a start
// signal is recognized only from a receive, one-case select, range loop
// or WithCancel ctx.Done() in a same-package goroutine body (not a select that also waits on a quit
// channel, nor a wg.Wait gate), and deferred or helper waits only in
// same-package functions, not through facts; helpers that call each
// other in a cycle are summarized together to a fixed point, and a cycle
// whose summaries do not settle in 8 rounds is treated as unknown code.
package sockshare
