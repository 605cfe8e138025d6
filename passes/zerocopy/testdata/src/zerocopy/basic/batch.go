package basic

import "github.com/go-zeromq/zmq4"

// batch resets buf in one step and appends later: the append writes over
// the bytes of the message still queued.
func batch(pub zmq4.Socket, in <-chan byte) error {
	var buf []byte
	for b := range in {
		buf = append(buf, b) // want `buf is modified after it was handed to Send`
		if len(buf) == 16 {
			if err := pub.Send(zmq4.NewMsg(buf)); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return nil
}
