package fixsafety

import zmq "github.com/pebbe/zmq4"

// Serve returns zmq.Term() on stop with rep open. Closing rep before that
// return after it has sent would make the Term wait for rep's queued
// replies forever (the default linger is infinite; red team J10): the fix
// bounds the linger first.
func Serve(ep string, stop <-chan struct{}) error {
	rep, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	if err := rep.Bind(ep); err != nil {
		rep.Close()
		return err
	}
	for {
		select {
		case <-stop:
			return zmq.Term() // want `return zmq.Term\(\) is reached while socket rep`
		default:
		}
		req, err := rep.RecvBytes(0)
		if err != nil {
			continue
		}
		if _, err := rep.SendBytes(req, 0); err != nil {
			rep.Close()
			return err
		}
	}
}
