package callbacks

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"

	zmq "github.com/pebbe/zmq4"
)

type api struct{ push *zmq.Socket }

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"sockUses\\(a.push\\)"
	a.push.Send(r.URL.Path, 0) // want `a.push is used \(Send\) by the Server.ListenAndServe handler registered on line 21`
}

func server(push *zmq.Socket) error {
	srv := &http.Server{Addr: ":9000", Handler: &api{push: push}}
	return srv.ListenAndServe()
}

type stats struct{ pub *zmq.Socket }

func (s *stats) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"sockUses\\(s.pub\\)"
	s.pub.Send("hit", 0) // want `s.pub is used \(Send\) by the http.ListenAndServe handler registered on line 31`
}

func goServe(pub *zmq.Socket) {
	go http.ListenAndServe(":9001", &stats{pub: pub})
}

type pump struct{ sock *zmq.Socket }

func (p *pump) loop() error { // want loop:"sockUses\\(p.sock\\)"
	_, err := p.sock.Recv(0)
	return err
}

// A method value given to errgroup's Go.
func (p *pump) run(ctx context.Context) error { // want run:"sockUses\\(p.sock\\)"
	g, _ := errgroup.WithContext(ctx)
	g.Go(p.loop)
	p.sock.SetLinger(0) // want `p.sock is used \(SetLinger\) here while the goroutine started on line 44`
	return g.Wait()
}

// Negatives.

// Two stores of the Handler field: which one serves is not known.
func serverTwoHandlers(push *zmq.Socket, debug bool) error {
	srv := &http.Server{Addr: ":9002", Handler: &api{push: push}}
	if debug {
		srv.Handler = http.NotFoundHandler()
	}
	return srv.ListenAndServe()
}

// A server whose handler is a mux: the mux's own registrations are the
// handlers.
func serverMux(mux *http.ServeMux) error {
	srv := &http.Server{Handler: mux}
	return srv.ListenAndServe()
}

type hits struct{ pub *zmq.Socket }

// Known limit: a struct value's fields are not followed, so a value
// receiver's socket is not seen (docs/sockshare.md).
func (h hits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.pub.Send("hit", 0)
}

func serveValue(pub *zmq.Socket) {
	go http.ListenAndServe(":9003", hits{pub: pub})
}

type feed struct {
	mu  sync.Mutex
	pub *zmq.Socket
}

// A handler factory: the literal it returns is the handler.
func (f *feed) handlePost() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.pub.Send(r.URL.Path, 0) // want `f.pub is used \(Send\) by the ServeMux.Handle handler registered on line 102, .*: lock f.mu around every use of f.pub`
	}
}

// The factory's literal locks; the post handler does not, and that
// handler's own race is the one finding (not also this guarded use).
func (f *feed) handleGet() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.pub.Send("get", 0)
	}
}

func (f *feed) routes(mux *http.ServeMux) { // want routes:"sockUses\\(f.pub\\)"
	mux.Handle("/post", f.handlePost())
	mux.HandleFunc("/get", f.handleGet())
}

type safeFeed struct {
	mu  sync.Mutex
	pub *zmq.Socket
}

// Every handler the factory makes locks: not reported.
func (f *safeFeed) handle(topic string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.pub.Send(topic, zmq.SNDMORE)
		f.pub.Send(r.URL.Path, 0)
	}
}

func (f *safeFeed) routes(mux *http.ServeMux) { // want routes:"sockUses\\(f.pub\\)"
	mux.Handle("/a", f.handle("a"))
	mux.HandleFunc("/b", f.handle("b"))
}

type ingress struct{ push *zmq.Socket }

func (h *ingress) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ingressMu.Lock()
	defer ingressMu.Unlock()
	h.push.Send(r.URL.Path, 0)
}

var ingressMu sync.Mutex

// A server started with go serves alongside the rest of the function:
// the handler takes a lock, the loop below does not.
func serveAndPump(push *zmq.Socket, ticks <-chan string) { // want serveAndPump:"sockUses\\(push\\)"
	go http.ListenAndServe(":9004", &ingress{push: push})
	for t := range ticks {
		push.Send(t, 0) // want `push is used \(Send\) here while the http.ListenAndServe handler registered on line 139 may still be using it`
	}
}
