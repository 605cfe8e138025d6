package worker

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

// Serve answers requests on rep in a goroutine, while the caller keeps
// using the same socket: libzmq sockets are not thread-safe.
func Serve(rep *zmq.Socket, stop <-chan struct{}) {
	go func() {
		for {
			req, err := rep.Recv(0)
			if err != nil {
				return
			}
			rep.Send("ok:"+req, 0)
		}
	}()
	<-stop
	if err := rep.SetLinger(0); err != nil {
		log.Print(err)
	}
	rep.Close()
}
