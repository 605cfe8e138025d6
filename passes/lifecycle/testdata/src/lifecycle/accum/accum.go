// Package accum: sockets accumulated in a local slice or map, one per
// endpoint, and dropped by a later error return (issue 12 item 3).
package accum

import (
	"github.com/go-zeromq/goczmq/v4"
	zmq "github.com/pebbe/zmq4"
)

func dialAll(eps []string) ([]*zmq.Socket, error) {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH) // want `socket s is kept in socks, which the return on line 15 drops: the sockets accumulated so far leak \(call Close on each\)`
		if err != nil {
			return nil, err
		}
		if err := s.Connect(ep); err != nil {
			s.Close()
			return nil, err
		}
		socks = append(socks, s)
	}
	return socks, nil
}

func dialMap(eps []string) (map[string]*zmq.Socket, error) {
	m := make(map[string]*zmq.Socket)
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.SUB) // want `socket s is kept in m, which the return on line 31 drops`
		if err != nil {
			return nil, err
		}
		m[ep] = s
		if err := s.Connect(ep); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func czmqAll(eps []string) ([]*goczmq.Sock, error) {
	socks := make([]*goczmq.Sock, 0, len(eps))
	for _, ep := range eps {
		s := goczmq.NewSock(goczmq.Push) // want `socket s is kept in socks, which the return on line 47 drops: the sockets accumulated so far leak \(call Destroy on each\)`
		socks = append(socks, s)
		if err := s.Connect(ep); err != nil {
			return nil, err
		}
	}
	return socks, nil
}

// Negatives.

func closedBeforeReturn(eps []string) ([]*zmq.Socket, error) {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			for _, o := range socks {
				o.Close()
			}
			return nil, err
		}
		socks = append(socks, s)
		if err := s.Connect(ep); err != nil {
			for _, o := range socks {
				o.Close()
			}
			return nil, err
		}
	}
	return socks, nil
}

func deferredCleanup(eps []string) (socks []*zmq.Socket, err error) {
	defer func() {
		if err != nil {
			for _, s := range socks {
				s.Close()
			}
			socks = nil
		}
	}()
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return nil, err
		}
		socks = append(socks, s)
		if err := s.Connect(ep); err != nil {
			return nil, err
		}
	}
	return socks, nil
}

// closeAll is a function value: what it does with socks is unknown.
var closeAll func(socks []*zmq.Socket)

func passedToUnknown(eps []string) ([]*zmq.Socket, error) {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			closeAll(socks)
			return nil, err
		}
		socks = append(socks, s)
		_ = ep
	}
	return socks, nil
}

type pool struct{ socks []*zmq.Socket }

func intoField(p *pool, eps []string) error {
	for range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return err
		}
		p.socks = append(p.socks, s)
	}
	return nil
}

func paramSlice(socks []*zmq.Socket, eps []string) ([]*zmq.Socket, error) {
	for range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return nil, err
		}
		socks = append(socks, s)
	}
	return socks, nil
}

func returnedWithError(eps []string) ([]*zmq.Socket, error) {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return socks, err
		}
		socks = append(socks, s)
		if err := s.Connect(ep); err != nil {
			return socks, err
		}
	}
	return socks, nil
}

func usedThenClosed(eps []string) error {
	var socks []*zmq.Socket
	for range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			break
		}
		socks = append(socks, s)
	}
	for _, s := range socks {
		s.Send("x", 0)
		s.Close()
	}
	return nil
}

func handedToField(p *pool, eps []string) error {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			p.socks = socks
			return err
		}
		socks = append(socks, s)
		_ = ep
	}
	p.socks = socks
	return nil
}

func toGoroutine(eps []string, done chan struct{}) error {
	m := map[string]*zmq.Socket{}
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.SUB)
		if err != nil {
			return err
		}
		m[ep] = s
	}
	go func() {
		<-done
		for _, s := range m {
			s.Close()
		}
	}()
	return nil
}

func skipOnError(eps []string) []*zmq.Socket {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			continue
		}
		if err := s.Connect(ep); err != nil {
			s.Close()
			continue
		}
		socks = append(socks, s)
	}
	return socks
}

func literalStart(eps []string) ([]*zmq.Socket, error) {
	socks := []*zmq.Socket{}
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.DEALER) // want `socket s is kept in socks, which the return on line 224 drops`
		if err != nil {
			return nil, err
		}
		socks = append(socks, s)
		_ = ep
	}
	return socks, nil
}

func deferEach(eps []string) error {
	var socks []*zmq.Socket
	for _, ep := range eps {
		s, err := zmq.NewSocket(zmq.PUSH)
		if err != nil {
			return err
		}
		defer s.Close()
		socks = append(socks, s)
		if err := s.Connect(ep); err != nil {
			return err
		}
	}
	for _, s := range socks {
		s.Send("x", 0)
	}
	return nil
}
