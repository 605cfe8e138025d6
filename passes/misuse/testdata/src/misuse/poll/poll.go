package poll

import (
	zmq "github.com/pebbe/zmq4"
)

// quitOnMessage closes the control socket and keeps polling the data socket.
func quitOnMessage(ctl, data *zmq.Socket) {
	poller := zmq.NewPoller()
	poller.Add(ctl, zmq.POLLIN)
	poller.Add(data, zmq.POLLIN)
	for {
		polled, err := poller.Poll(-1)
		if err != nil {
			continue
		}
		for _, p := range polled {
			switch p.Socket {
			case ctl:
				ctl.Close() // want `ctl is closed here while still registered with poller poller \(Add on line 10\), which is polled again on line 13: Poll returns ErrorSocketClosed from then on, so a loop around it spins \(call poller.RemoveBySocket\(ctl\) before closing\)`
			case data:
				data.Recv(0)
			}
		}
	}
}
