package basic

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

func closureThenLauncher() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go func() {
		s.Recv(0)
	}()
	s.Send("x", 0) // want `s is used \(Send\) here while the goroutine started on line 11 may still be using it \(Recv on line 12\): ZeroMQ sockets are not thread-safe`
}

// Hand-off: the launcher uses s only before the go statement.
func handOff() {
	s, _ := zmq.NewSocket(zmq.PULL)
	s.Connect("tcp://localhost:5555")
	go func() {
		defer s.Close()
		for {
			s.Recv(0)
		}
	}()
}

func worker(s *zmq.Socket) { // want worker:"sockUses\\(s\\)"
	for {
		if _, err := s.Recv(0); err != nil {
			return
		}
	}
}

func argHandOff() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
}

func argShared() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 44 may still be using it \(Recv on line 31\)`
}

func waitGroup() {
	s, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Recv(0)
	}()
	wg.Wait()
	s.Close()
}

func waitGroupWrongGroup() {
	s, _ := zmq.NewSocket(zmq.PULL)
	var wg, other sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Recv(0)
	}()
	other.Wait()
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 64`
}

func waitGroupGo() {
	s, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	wg.Go(func() {
		s.Recv(0)
	})
	wg.Wait()
	s.Close()
}

func waitGroupGoNoWait() {
	s, _ := zmq.NewSocket(zmq.PULL)
	var wg sync.WaitGroup
	wg.Go(func() {
		s.Recv(0)
	})
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 85`
	wg.Wait()
}

func doneChannel() {
	s, _ := zmq.NewSocket(zmq.PULL)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Recv(0)
	}()
	<-done
	s.Close()
}

func resultChannel() {
	s, _ := zmq.NewSocket(zmq.REQ)
	ch := make(chan string)
	go func() {
		m, _ := s.Recv(0)
		ch <- m
	}()
	m := <-ch
	s.Send(m, 0)
}

// The goroutine keeps receiving after each send: one receive does not
// order anything.
func producerLoop() {
	s, _ := zmq.NewSocket(zmq.PAIR)
	ch := make(chan string)
	go func() {
		for {
			m, _ := s.Recv(0)
			ch <- m
		}
	}()
	for m := range ch {
		s.Send(m, 0) // want `s is used \(Send\) here while the goroutine started on line 119`
	}
}

func selectDone(quit chan struct{}) {
	s, _ := zmq.NewSocket(zmq.PULL)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Recv(0)
	}()
	select {
	case <-done:
	case <-quit:
	}
	s.Close()
}

func mutexBoth() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu sync.Mutex
	go func() {
		mu.Lock()
		s.Send("a", 0)
		mu.Unlock()
	}()
	mu.Lock()
	defer mu.Unlock()
	s.Send("b", 0)
}

func mutexOneSide() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu sync.Mutex
	go func() {
		mu.Lock()
		s.Send("a", 0)
		mu.Unlock()
	}()
	s.Send("b", 0) // want `s is used \(Send\) here while the goroutine started on line 160`
}

func mutexDifferent() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu, mu2 sync.Mutex
	go func() {
		mu.Lock()
		s.Send("a", 0)
		mu.Unlock()
	}()
	mu2.Lock()
	s.Send("b", 0) // want `s is used \(Send\) here while the goroutine started on line 171`
	mu2.Unlock()
}

func mutexUnlockedBefore() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu sync.Mutex
	go func() {
		mu.Lock()
		s.Send("a", 0)
		mu.Unlock()
	}()
	mu.Lock()
	mu.Unlock()
	s.Send("b", 0) // want `s is used \(Send\) here while the goroutine started on line 184`
}

func deferClose(stop chan struct{}) {
	s, _ := zmq.NewSocket(zmq.SUB)
	defer s.Close() // want `s is used \(Close\) here while the goroutine started on line 197`
	go func() {
		for {
			s.Recv(0)
		}
	}()
	<-stop
}

func twoGoroutines() {
	s, _ := zmq.NewSocket(zmq.PAIR)
	go func() {
		s.Recv(0)
	}()
	go func() {
		s.Send("x", 0) // want `s is used \(Send\) in the goroutine started on line 210 while the goroutine started on line 207 may still be using it \(Recv on line 208\): ZeroMQ sockets are not thread-safe: give s to one goroutine \(the one started on line 207\) and send it work through a channel`
	}()
}

func loopGo() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	for i := 0; i < 3; i++ {
		go func() {
			s.Send("x", 0) // want `s is used \(Send\) by every goroutine that the go statement on line 218 starts.*: give s to one goroutine, started once before the loop instead of on line 218 in every iteration, and send it the work through a channel`
		}()
	}
}

func loopGoWait() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Send("x", 0)
		}()
		wg.Wait()
	}
	s.Close()
}

func nestedClosure() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go func() {
		func() {
			s.Recv(0)
		}()
	}()
	func() {
		s.Close() // want `s is used \(Close\) here while the goroutine started on line 240`
	}()
}

func sendHelper(s *zmq.Socket, m string) { // want sendHelper:"sockUses\\(s\\)"
	s.Send(m, 0)
}

func helperInLauncher() {
	s, _ := zmq.NewSocket(zmq.PAIR)
	go worker(s)
	sendHelper(s, "x") // want `s is used \(sendHelper\) here while the goroutine started on line 256`
}

// Dynamic calls and unknown code: not followed.
func dynamic(f func(*zmq.Socket)) {
	s, _ := zmq.NewSocket(zmq.PULL)
	go f(s)
	s.Close()
	g := worker // a known function: SSA calls it statically
	go g(s)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 266`
}

// A reassigned variable holds another socket.
func reassigned() {
	s, _ := zmq.NewSocket(zmq.PULL)
	go worker(s)
	s, _ = zmq.NewSocket(zmq.PULL)
	s.Close()
}

// A socket in a global.
var global *zmq.Socket

func globalLoop() {
	global.Recv(0)
}

func globalShared() {
	go globalLoop()
	global.Close() // want `global is used \(Close\) here while the goroutine started on line 286`
}

// go directly on a binding method.
func goMethod() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	go s.Send("x", 0)
	s.Close() // want `s is used \(Close\) here while the goroutine started on line 293`
}

// The launcher's use calls code of this package under the would-be lock
// (which might lock mu again): no lock fix.
func lockCallsPackage() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	var mu sync.Mutex
	go func() {
		mu.Lock()
		s.Send("a", 0)
		mu.Unlock()
	}()
	s.Send(label(), 0) // want `s is used \(Send\) here while the goroutine started on line 302`
}

func label() string { return "b" }
