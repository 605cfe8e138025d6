// Package errgroup is a minimal stand-in for golang.org/x/sync/errgroup
// for zmqlint's tests: the API the checks model, with trivial bodies.
package errgroup

import (
	"context"
	"sync"
)

// A Group runs goroutines and waits for them.
type Group struct {
	wg  sync.WaitGroup
	mu  sync.Mutex
	err error
}

// WithContext returns a new Group and a derived Context.
func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }

// Go runs f in a new goroutine.
func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			if g.err == nil {
				g.err = err
			}
			g.mu.Unlock()
		}
	}()
}

// Wait blocks until all goroutines started with Go have returned.
func (g *Group) Wait() error {
	g.wg.Wait()
	return g.err
}

// TryGo calls f in a new goroutine (the stub never limits).
func (g *Group) TryGo(f func() error) bool {
	g.Go(f)
	return true
}
