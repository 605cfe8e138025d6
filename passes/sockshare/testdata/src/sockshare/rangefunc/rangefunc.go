// Package rangefunc: a go statement in the body of a range-over-func loop
// (Go 1.23) starts a goroutine per element, like one in a plain loop.
package rangefunc

import (
	"iter"
	"sync"

	zmq "github.com/pebbe/zmq4"
)

// Seq starts one goroutine per element of an iterator.
func Seq(push *zmq.Socket, jobs iter.Seq[string]) {
	var wg sync.WaitGroup
	for j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			push.Send(j, 0) // want `push is used \(Send\) by every goroutine that the go statement on line 17 starts`
		}()
	}
	wg.Wait()
}

// Seq2 is the same over an iter.Seq2.
func Seq2(push *zmq.Socket, jobs iter.Seq2[int, string]) {
	for _, j := range jobs {
		go push.Send(j, 0) // want `push is used \(Send\) by every goroutine that the go statement on line 28 starts`
	}
}

// Once: an iterator body that starts a goroutine once, then breaks,
// still starts it once per call of the body that does not break: the
// first iteration breaks, so only one goroutine starts. Not reported.
func Once(push *zmq.Socket, jobs iter.Seq[string]) {
	for j := range jobs {
		go push.Send(j, 0)
		break
	}
}
