package worker

import (
	"net/http"

	zmq "github.com/pebbe/zmq4"
)

// Client talks to a backend over req and listens for its events on sub.
type Client struct {
	req *zmq.Socket
	sub *zmq.Socket
}

// NewClient connects both sockets.
func NewClient(reqEndpoint, subEndpoint string) (*Client, error) {
	req, err := zmq.NewSocket(zmq.REQ)
	if err != nil {
		return nil, err
	}
	if err := req.Connect(reqEndpoint); err != nil {
		req.Close()
		return nil, err
	}
	sub, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		req.Close()
		return nil, err
	}
	if err := sub.Connect(subEndpoint); err != nil {
		req.Close()
		sub.Close()
		return nil, err
	}
	return &Client{req: req, sub: sub}, nil
}

// Register serves /status from an HTTP handler. net/http runs handlers
// concurrently, so two requests can use c.req at once: libzmq sockets are
// not thread-safe.
func (c *Client) Register(mux *http.ServeMux) {
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		if _, err := c.req.Send("status", 0); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		reply, err := c.req.Recv(0)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		w.Write([]byte(reply))
	})
}

// Close releases the client. It forgets sub.
func (c *Client) Close() error {
	return c.req.Close()
}

// Feed delivers a publisher's events.
type Feed struct {
	sub *zmq.Socket
}

// NewFeed connects a SUB socket to endpoint.
func NewFeed(endpoint string) (*Feed, error) {
	sub, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		return nil, err
	}
	if err := sub.Connect(endpoint); err != nil {
		sub.Close()
		return nil, err
	}
	return &Feed{sub: sub}, nil
}

// Watch starts a goroutine that reads f.sub's events until the socket
// fails. Subscribe, called by users at any time, uses the same socket from
// their goroutine.
func (f *Feed) Watch(events chan<- string) {
	go func() {
		for {
			ev, err := f.sub.Recv(0)
			if err != nil {
				close(events)
				return
			}
			events <- ev
		}
	}()
}

// Subscribe adds a topic to f.sub.
func (f *Feed) Subscribe(topic string) error {
	return f.sub.SetSubscribe(topic)
}
