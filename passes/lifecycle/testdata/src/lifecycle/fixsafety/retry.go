package fixsafety

import (
	"time"

	zmq "github.com/pebbe/zmq4"
)

// Dial retries a connect with a new socket each time and returns the one
// that connected. The failed attempts leak, but a "defer s.Close()" in the
// body would close the socket the caller receives (red team J11): no fix.
func Dial(ep string, attempts int) (*zmq.Socket, error) {
	var (
		s   *zmq.Socket
		err error
	)
	for i := 0; i < attempts; i++ {
		s, err = zmq.NewSocket(zmq.REQ) // want `socket s is created in a loop and not closed before the next iteration replaces it`
		if err != nil {
			return nil, err
		}
		s.SetLinger(0)
		if err = s.Connect(ep); err == nil {
			return s, nil
		}
		time.Sleep(time.Millisecond)
	}
	return nil, err
}
