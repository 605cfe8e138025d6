// Package spawn is the table of standard-library (and golang.org/x/sync)
// calls that run a function of the caller on another goroutine without a
// go statement at the call: an HTTP handler, a timer's callback, an
// errgroup's task.
//
// It is data, not ZeroMQ knowledge, so it lives here rather than in
// passes/zmqapi (whose tables describe the bindings and are checked
// against them by the drift test); see docs/design.md. The rows are
// matched by the callee's types.Func full name, so a type or function of
// the same name in another package never matches.
package spawn

import "go/types"

// Arg says what the callback argument is.
type Arg uint8

const (
	// Func: a function value (a literal, a named function, a method
	// value "s.handle", or such a value converted to a named func type
	// like http.HandlerFunc).
	Func Arg = iota + 1
	// Handler: an http.Handler; the callback is its dynamic type's
	// ServeHTTP method (http.HandlerFunc(f): f itself).
	Handler
	// ServerHandler: the receiver is an *http.Server; the callback is the
	// Handler stored in its Handler field by the same function (a
	// composite literal "&http.Server{Handler: h}" or "srv.Handler = h").
	// Arg is ignored.
	ServerHandler
)

// Cancel says how the call's result can stop the callback before it runs.
type Cancel uint8

const (
	NoCancel Cancel = iota
	// TimerStop: the result is a *time.Timer whose Stop reports true when
	// it stopped the callback from running.
	TimerStop
	// CallResult: the result is a func() bool that reports true when it
	// stopped the callback from running (context.AfterFunc).
	CallResult
)

// Row is one call that starts a callback on another goroutine.
type Row struct {
	// Func is the callee's types.Func FullName: "time.AfterFunc",
	// "(*net/http.ServeMux).HandleFunc".
	Func string
	// Arg is the index of the callback among the call's arguments, the
	// receiver not counted.
	Arg int
	// Kind is what the argument is.
	Kind Arg
	// Concurrent: the callback may run concurrently with itself (one
	// goroutine per request for a handler).
	Concurrent bool
	// Registers: the callback starts at an unknown later time (when a
	// server serves the mux), so the registering function's own later
	// code is not taken to run alongside it; see docs/sockshare.md.
	Registers bool
	// SignalsRecv: the callback's end is signalled to the receiver, whose
	// Wait then waits for it (sync.WaitGroup, errgroup.Group).
	SignalsRecv bool
	// Serves: the call is a server's loop serving its Handler (the
	// argument, or the *http.Server's Handler field). Started by a go
	// statement, it makes the handlers registered on a ServeMux it serves
	// run alongside the launcher's later code. A row with Registers and
	// not Serves registers on a mux: the receiver, or the DefaultServeMux
	// (http.HandleFunc) when there is none.
	Serves bool
	// Cancel: how the call's result stops the callback.
	Cancel Cancel
	// Via names the call in messages.
	Via string
}

// Rows is the table. (*sync.Once).Do runs its function on the caller's
// goroutine, and signal.Notify only sends on a channel (the loop that
// reads it is an ordinary goroutine, started with go): neither is a row.
var Rows = []Row{
	{Func: "(*sync.WaitGroup).Go", Arg: 0, Kind: Func, SignalsRecv: true, Via: "WaitGroup.Go"},
	{Func: "(*golang.org/x/sync/errgroup.Group).Go", Arg: 0, Kind: Func, SignalsRecv: true, Via: "errgroup Go"},
	{Func: "(*golang.org/x/sync/errgroup.Group).TryGo", Arg: 0, Kind: Func, SignalsRecv: true, Via: "errgroup TryGo"},
	{Func: "time.AfterFunc", Arg: 1, Kind: Func, Cancel: TimerStop, Via: "time.AfterFunc"},
	{Func: "context.AfterFunc", Arg: 1, Kind: Func, Cancel: CallResult, Via: "context.AfterFunc"},
	{Func: "net/http.HandleFunc", Arg: 1, Kind: Func, Concurrent: true, Registers: true, Via: "http.HandleFunc"},
	{Func: "net/http.Handle", Arg: 1, Kind: Handler, Concurrent: true, Registers: true, Via: "http.Handle"},
	{Func: "(*net/http.ServeMux).HandleFunc", Arg: 1, Kind: Func, Concurrent: true, Registers: true, Via: "ServeMux.HandleFunc"},
	{Func: "(*net/http.ServeMux).Handle", Arg: 1, Kind: Handler, Concurrent: true, Registers: true, Via: "ServeMux.Handle"},
	{Func: "net/http.ListenAndServe", Arg: 1, Kind: Handler, Concurrent: true, Registers: true, Serves: true, Via: "http.ListenAndServe"},
	{Func: "net/http.ListenAndServeTLS", Arg: 3, Kind: Handler, Concurrent: true, Registers: true, Serves: true, Via: "http.ListenAndServeTLS"},
	{Func: "net/http.Serve", Arg: 1, Kind: Handler, Concurrent: true, Registers: true, Serves: true, Via: "http.Serve"},
	{Func: "net/http.ServeTLS", Arg: 1, Kind: Handler, Concurrent: true, Registers: true, Serves: true, Via: "http.ServeTLS"},
	{Func: "(*net/http.Server).ListenAndServe", Kind: ServerHandler, Concurrent: true, Registers: true, Serves: true, Via: "Server.ListenAndServe"},
	{Func: "(*net/http.Server).ListenAndServeTLS", Kind: ServerHandler, Concurrent: true, Registers: true, Serves: true, Via: "Server.ListenAndServeTLS"},
	{Func: "(*net/http.Server).Serve", Kind: ServerHandler, Concurrent: true, Registers: true, Serves: true, Via: "Server.Serve"},
	{Func: "(*net/http.Server).ServeTLS", Kind: ServerHandler, Concurrent: true, Registers: true, Serves: true, Via: "Server.ServeTLS"},
}

// ServerHandlerField is the field of net/http.Server that ServerHandler
// rows read.
const (
	ServerType         = "net/http.Server"
	ServerHandlerField = "Handler"
)

// Wrapper is a function that returns a Handler calling the Handler it is
// given (http.StripPrefix): registering the result registers the argument.
type Wrapper struct {
	Func string
	Arg  int
}

// Wrappers is the table of handler wrappers.
var Wrappers = []Wrapper{
	{Func: "net/http.StripPrefix", Arg: 1},
	{Func: "net/http.TimeoutHandler", Arg: 0},
	{Func: "net/http.MaxBytesHandler", Arg: 0},
}

// ServeMuxType is the mux whose registrations a server serving it runs.
const ServeMuxType = "net/http.ServeMux"

// IsServeMux reports whether t is *http.ServeMux.
func IsServeMux(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	return isNamed(p.Elem(), ServeMuxType)
}

// isNamed reports whether t is the named type of full name full
// ("net/http.ServeMux").
func isNamed(t types.Type, full string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path()+"."+n.Obj().Name() == full
}

// HandlerFuncType is the named func type whose conversion makes a
// function a Handler.
const HandlerFuncType = "net/http.HandlerFunc"

// HandlerMethod is the method a Handler's dynamic type runs.
const HandlerMethod = "ServeHTTP"

var byName = func() map[string]*Row {
	m := make(map[string]*Row, len(Rows))
	for i := range Rows {
		m[Rows[i].Func] = &Rows[i]
	}
	return m
}()

var wrappers = func() map[string]int {
	m := make(map[string]int, len(Wrappers))
	for _, w := range Wrappers {
		m[w.Func] = w.Arg
	}
	return m
}()

// pkgs are the packages of the rows: a cheap filter before FullName,
// which builds a string.
var pkgs = map[string]bool{"net/http": true, "time": true, "context": true, "sync": true, "golang.org/x/sync/errgroup": true}

// Lookup returns the row of fn, if it starts a callback.
func Lookup(fn *types.Func) (*Row, bool) {
	if fn == nil || fn.Pkg() == nil || !pkgs[fn.Pkg().Path()] {
		return nil, false
	}
	r, ok := byName[fn.Origin().FullName()]
	return r, ok
}

// WrapperArg returns the argument of wrapper fn that is the wrapped
// Handler.
func WrapperArg(fn *types.Func) (int, bool) {
	if fn == nil || fn.Pkg() == nil || !pkgs[fn.Pkg().Path()] {
		return 0, false
	}
	i, ok := wrappers[fn.Origin().FullName()]
	return i, ok
}

// IsHandlerFunc reports whether t is http.HandlerFunc.
func IsHandlerFunc(t types.Type) bool {
	return isNamed(t, HandlerFuncType)
}

// TimerStopMethod is the method that stops a time.AfterFunc callback (Cancel
// TimerStop).
const TimerStopMethod = "(*time.Timer).Stop"

// IsTimerStop reports whether fn is (*time.Timer).Stop.
func IsTimerStop(fn *types.Func) bool {
	return fn != nil && fn.Name() == "Stop" && fn.Pkg() != nil && fn.Pkg().Path() == "time" && fn.Origin().FullName() == TimerStopMethod
}
