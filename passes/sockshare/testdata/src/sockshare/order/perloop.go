package order

import zmq "github.com/pebbe/zmq4"

func pushWorker(push *zmq.Socket, jobs chan string) { // want pushWorker:"sockUses\\(push\\)"
	for j := range jobs {
		push.Send(j, 0)
	}
}

// startWorkers gives each goroutine a socket of its own.
func startWorkers(n int, jobs chan string) {
	for i := 0; i < n; i++ {
		push, _ := zmq.NewSocket(zmq.PUSH)
		push.Connect("inproc://sink")
		go pushWorker(push, jobs)
	}
}

// startWorkersLit does the same with a function literal taking the socket.
func startWorkersLit(n int, jobs chan string) {
	for i := 0; i < n; i++ {
		push, _ := zmq.NewSocket(zmq.PUSH)
		go func(p *zmq.Socket) {
			for j := range jobs {
				p.Send(j, 0)
			}
		}(push)
	}
}
