package worker

import zmq "github.com/pebbe/zmq4"

// Monitor subscribes to the cluster's events for the life of the process.
func Monitor(ep string) (<-chan string, error) {
	//zmqlint:ignore lifecycle the monitor socket lives until the process exits
	s, err := zmq.NewSocket(zmq.SUB)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ep); err != nil {
		return nil, err
	}
	if err := s.SetSubscribe(""); err != nil {
		return nil, err
	}
	events := make(chan string)
	go func() {
		for {
			ev, err := s.Recv(0)
			if err != nil {
				close(events)
				return
			}
			events <- ev
		}
	}()
	return events, nil
}
