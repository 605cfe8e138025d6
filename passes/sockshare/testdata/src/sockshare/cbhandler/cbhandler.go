// Package cbhandler is a Handler type in another package than the
// registration: its ServeHTTP is known to the caller through its fact.
package cbhandler

import (
	"net/http"
	"sync"

	zmq "github.com/pebbe/zmq4"
)

// Relay sends each request's path on Out, without a lock.
type Relay struct{ Out *zmq.Socket }

func (h *Relay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Out.Send(r.URL.Path, 0)
}

// Locked takes Mu around its use: its fact leaves the use out.
type Locked struct {
	Mu  sync.Mutex
	Out *zmq.Socket
}

func (h *Locked) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Mu.Lock()
	defer h.Mu.Unlock()
	h.Out.Send(r.URL.Path, 0)
}
