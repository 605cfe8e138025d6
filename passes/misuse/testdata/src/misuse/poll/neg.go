package poll

import (
	zmq "github.com/pebbe/zmq4"
)

// removeBeforeClose takes the socket off the poller first.
func removeBeforeClose(ctl, data *zmq.Socket) {
	poller := zmq.NewPoller()
	poller.Add(ctl, zmq.POLLIN)
	poller.Add(data, zmq.POLLIN)
	for {
		polled, _ := poller.Poll(-1)
		for _, p := range polled {
			if p.Socket == ctl {
				poller.RemoveBySocket(ctl)
				ctl.Close()
			}
		}
	}
}

// closeAndReturn: nothing polls after the Close.
func closeAndReturn(s *zmq.Socket) {
	poller := zmq.NewPoller()
	poller.Add(s, zmq.POLLIN)
	for {
		polled, err := poller.Poll(-1)
		if err != nil || len(polled) == 0 {
			s.Close()
			return
		}
		s.Recv(0)
	}
}

// deferredClose runs at the end.
func deferredClose(s *zmq.Socket) {
	defer s.Close()
	poller := zmq.NewPoller()
	poller.Add(s, zmq.POLLIN)
	poller.Poll(-1)
}

// helperRemoves: the poller goes to a helper, which may remove the socket.
func helperRemoves(s *zmq.Socket) {
	poller := zmq.NewPoller()
	poller.Add(s, zmq.POLLIN)
	for {
		poller.Poll(-1)
		unregister(poller, s)
		s.Close()
	}
}

func unregister(p *zmq.Poller, s *zmq.Socket) { p.RemoveBySocket(s) }
