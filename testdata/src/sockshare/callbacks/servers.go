package callbacks

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"

	zmq "github.com/pebbe/zmq4"
)

type api struct{ push *zmq.Socket }

func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"sockUses\\(a.push\\)"
	a.push.Send(r.URL.Path, 0) // want `a.push is used \(Send\) by the Server.ListenAndServe handler registered on line 20`
}

func server(push *zmq.Socket) error {
	srv := &http.Server{Addr: ":9000", Handler: &api{push: push}}
	return srv.ListenAndServe()
}

type stats struct{ pub *zmq.Socket }

func (s *stats) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:"sockUses\\(s.pub\\)"
	s.pub.Send("hit", 0) // want `s.pub is used \(Send\) by the http.ListenAndServe handler registered on line 30`
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
	p.sock.SetLinger(0) // want `p.sock is used \(SetLinger\) here while the goroutine started on line 43`
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
