// Package callbacks holds functions that run on another goroutine without
// a go statement: HTTP handlers, timer callbacks, errgroup tasks.
package callbacks

import (
	"io"
	"net/http"
	"sync"

	gozmq "github.com/go-zeromq/zmq4"
	zmq "github.com/pebbe/zmq4"
)

// A closure registered on a mux runs once per request, concurrently.
func muxClosure(mux *http.ServeMux, pub *zmq.Socket) {
	mux.HandleFunc("/raw", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		pub.SendBytes(b, 0) // want `pub is used \(SendBytes\) by the ServeMux.HandleFunc handler registered on line 16, which runs concurrently with itself`
	})
}

type ingest struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

// handle is registered as a method value; the type has a mutex it does
// not take here.
func (s *ingest) handle(w http.ResponseWriter, r *http.Request) { // want handle:"sockUses\\(s.sock\\)"
	s.sock.Send(r.URL.Path, 0) // want `s.sock is used \(Send\) by the http.HandleFunc handler registered on line 34, .*: lock s.mu around every use of s.sock`
}

func (s *ingest) register() { // want register:"sockUses\\(s.sock\\)"
	http.HandleFunc("/ingest", s.handle)
}

type relay struct{ out *zmq.Socket }

// ServeHTTP makes *relay a Handler.
func (h *relay) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"sockUses\\(h.out\\)"
	h.out.Send(r.URL.Path, 0) // want `h.out is used \(Send\) by the ServeMux.Handle handler registered on line 45`
}

func registerHandler(mux *http.ServeMux, out *zmq.Socket) {
	mux.Handle("/relay", &relay{out: out})
}

func handlerFunc(out *zmq.Socket) {
	http.Handle("/hf", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		out.Send("x", 0) // want `out is used \(Send\) by the http.Handle handler registered on line 49`
	}))
}

func stripPrefix(out *zmq.Socket) {
	h := func(w http.ResponseWriter, r *http.Request) {
		out.Send("y", 0) // want `out is used \(Send\) by the http.Handle handler registered on line 58`
	}
	http.Handle("/api/", http.StripPrefix("/api", http.HandlerFunc(h)))
}

func listenAndServe(out *zmq.Socket) error {
	return http.ListenAndServe(":8080", &relay{out: out}) // the relay's ServeHTTP is reported above, once
}

// A handler and a goroutine of the registering function.
func handlerAndTicker(mux *http.ServeMux, pub *zmq.Socket, mu *sync.Mutex) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	go func() {
		for {
			pub.Send("tick", 0) // want `pub is used \(Send\) in the goroutine started on line 72 while the ServeMux.HandleFunc handler registered on line 67 may still be using it`
		}
	}()
}

// Negatives.

// Each request makes its own socket.
func perRequest(mux *http.ServeMux) {
	mux.HandleFunc("/own", func(w http.ResponseWriter, r *http.Request) {
		s, err := zmq.NewSocket(zmq.REQ)
		if err != nil {
			return
		}
		defer s.Close()
		s.Connect("tcp://backend:5555")
		s.Send(r.URL.Path, 0)
		s.Recv(0)
	})
}

type guarded struct {
	mu   sync.Mutex
	sock *zmq.Socket
}

// Every use holds s.mu.
func (s *guarded) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sock.Send(r.URL.Path, 0)
	s.sock.Recv(0)
}

func registerGuarded(mux *http.ServeMux, g *guarded) { // want registerGuarded:"sockUses\\(g.sock\\)"
	mux.Handle("/g", g)
}

// go-zeromq sockets serialize Send themselves.
func goZeromq(mux *http.ServeMux, pub gozmq.Socket) {
	mux.HandleFunc("/gz", func(w http.ResponseWriter, r *http.Request) {
		pub.Send(gozmq.NewMsgString(r.URL.Path))
	})
}

// The registering function's own later uses are not reported: a handler
// starts only when a server serves the mux (docs/sockshare.md).
func configureAfterRegister(mux *http.ServeMux, pub *zmq.Socket, mu *sync.Mutex) {
	mux.HandleFunc("/late", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("x", 0)
		mu.Unlock()
	})
	pub.SetLinger(0)
}

// A mux handed to a server is not a handler of ours.
func serveMux(mux *http.ServeMux) error {
	return http.ListenAndServe(":8081", mux)
}

// A Handler of unknown dynamic type is not followed.
func unknownHandler(h http.Handler) {
	http.Handle("/u", h)
}

var globalPub *zmq.Socket

func handleGlobal(w http.ResponseWriter, r *http.Request) {
	globalPub.Send(r.URL.Path, 0) // want `globalPub is used \(Send\) by the http.HandleFunc handler registered on line 148`
}

// A named function using a package-level socket.
func registerGlobal() {
	http.HandleFunc("/global", handleGlobal)
}

// One guarded handler registered in a loop: silent.
func registerLoop(mux *http.ServeMux, paths []string, g *guarded) { // want registerLoop:"sockUses\\(g.sock\\)"
	for _, p := range paths {
		mux.Handle(p, g)
	}
}
