package callbacks

import (
	"net/http"

	"sockshare/cbhandler"

	zmq "github.com/pebbe/zmq4"
)

// A Handler type of another package: its ServeHTTP's fact says it sends
// on Out, so the handler's race with itself is reported at the
// registration (the use is in the other package).
func crossPackage(mux *http.ServeMux, out *zmq.Socket) {
	mux.Handle("/x", &cbhandler.Relay{Out: out}) // want `out is used \(ServeHTTP\) by the ServeMux.Handle handler registered on line 15, which runs concurrently with itself`
}

// Its locked twin: silent.
func crossPackageLocked(mux *http.ServeMux, out *zmq.Socket) {
	mux.Handle("/y", &cbhandler.Locked{Out: out})
}
