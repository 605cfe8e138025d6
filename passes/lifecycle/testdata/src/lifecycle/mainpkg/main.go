// Command mainpkg: returning from main ends the process, so main's
// sockets are not reported as leaked; other functions' are.
package main

import zmq "github.com/pebbe/zmq4"

func main() {
	s, _ := zmq.NewSocket(zmq.PUB)
	s.Bind("tcp://*:5556")
	s.Send("x", 0)
	go clientThread()
}

func clientThread() {
	c, _ := zmq.NewSocket(zmq.DEALER) // want `socket c is not closed on all paths`
	c.Connect("tcp://localhost:5556")
	for {
		if _, err := c.Recv(0); err != nil {
			break
		}
	}
}
