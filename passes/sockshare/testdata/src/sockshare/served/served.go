// Package served holds handlers registered on a mux that a server started
// by a go statement serves: from the go statement on, they run alongside
// the launcher's later code (docs/sockshare.md, "Callbacks").
package served

import (
	"context"
	"net"
	"net/http"
	"sync"

	gozmq "github.com/go-zeromq/zmq4"
	zmq "github.com/pebbe/zmq4"
)

// The shape docs/sockshare.md promises: a guarded handler, an unguarded
// launcher.
func docShape(addr string, pub *zmq.Socket) {
	var mu sync.Mutex
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		pub.Send("req", 0)
	})
	go http.ListenAndServe(addr, mux)
	pub.Send("up", 0) // want `pub is used \(Send\) here while the ServeMux.HandleFunc handler registered on line 21 may still be using it`
}

type gateway struct {
	mu  sync.Mutex
	mux *http.ServeMux
	pub *zmq.Socket
}

func (g *gateway) handle(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.pub.Send(r.URL.Path, 0)
}

// go srv.ListenAndServe() with the mux in a field.
func (g *gateway) serve(addr string) { // want serve:"sockUses\\(g.pub\\)"
	g.mux.HandleFunc("/publish", g.handle)
	srv := &http.Server{Addr: addr, Handler: g.mux}
	go srv.ListenAndServe()
	g.pub.SendMessage("gateway", "up", addr) // want `g.pub is used \(SendMessage\) here while the ServeMux.HandleFunc handler registered on line 44 may still be using it`
}

// The httpgw shape: the server's error is sent on a channel.
func (g *gateway) serveErr(ctx context.Context, addr string) error { // want serveErr:"sockUses\\(g.pub\\)"
	g.mux.HandleFunc("/publish", g.handle)
	srv := &http.Server{Addr: addr, Handler: g.mux}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	g.pub.SendMessage("gateway", "up", addr) // want `g.pub is used \(SendMessage\) here while the ServeMux.HandleFunc handler registered on line 52 may still be using it`
	select {
	case <-ctx.Done():
		return srv.Shutdown(context.Background())
	case err := <-errc:
		return err
	}
}

// http.Serve on a listener, and the DefaultServeMux.
func serveDefault(l net.Listener, pub *zmq.Socket, mu *sync.Mutex) {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	go http.Serve(l, nil)
	pub.Send("up", 0) // want `pub is used \(Send\) here while the http.HandleFunc handler registered on line 67 may still be using it`
}

// srv.Serve(l) in a literal.
func serveListener(l net.Listener, pub *zmq.Socket, mu *sync.Mutex) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	srv := &http.Server{Handler: mux}
	go func() { srv.Serve(l) }()
	pub.Send("up", 0) // want `pub is used \(Send\) here while the ServeMux.HandleFunc handler registered on line 79 may still be using it`
}

// Negatives.

// The launcher's use comes before the server starts.
func useBeforeServe(addr string, pub *zmq.Socket, mu *sync.Mutex) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	pub.Send("up", 0)
	go http.ListenAndServe(addr, mux)
}

// Handler and launcher hold the same mutex.
func bothLocked(addr string, pub *zmq.Socket, mu *sync.Mutex) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	go http.ListenAndServe(addr, mux)
	mu.Lock()
	pub.Send("up", 0)
	mu.Unlock()
}

// go-zeromq sockets serialize their own use.
func goZeromq(addr string, pub gozmq.Socket, mu *sync.Mutex) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send(gozmq.NewMsgString("req"))
		mu.Unlock()
	})
	go http.ListenAndServe(addr, mux)
	pub.Send(gozmq.NewMsgString("up"))
}

// Another mux is served: the handler's mux is not.
func otherMux(addr string, pub *zmq.Socket, mu *sync.Mutex) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	go http.ListenAndServe(addr, http.NewServeMux())
	pub.Send("up", 0)
}

// A handler registered but served by code we do not see.
func notServed(mux *http.ServeMux, pub *zmq.Socket, mu *sync.Mutex) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		pub.Send("req", 0)
		mu.Unlock()
	})
	pub.Send("up", 0)
}
