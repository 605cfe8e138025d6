package use

import (
	"sync"

	zmq "github.com/pebbe/zmq4"

	"sockshare/lib"
)

func pumpShared() {
	s, _ := zmq.NewSocket(zmq.PULL)
	done := make(chan struct{})
	go lib.Pump(s, done)
	lib.Log(s) // want `s is used \(Log\) here while the goroutine started on line 14 may still be using it \(Pump on line 14\)`
}

func pumpWaited() {
	s, _ := zmq.NewSocket(zmq.PULL)
	done := make(chan struct{})
	go lib.Pump(s, done)
	<-done
	s.Close()
}

func guarded() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu sync.Mutex
	go lib.Guarded(&mu, s)
	mu.Lock()
	s.Send("y", 0)
	mu.Unlock()
}

func ignored() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	go lib.Ignore(s)
	s.Close()
}
