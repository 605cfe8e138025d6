// Package retry pins that issue 15's rule 7 (a go-zeromq Send that failed
// is retried with a modified buffer) is zerocopy's modified-after-handover:
// the misuse check does not report it again.
package retry

import (
	"encoding/binary"
	"time"

	"github.com/go-zeromq/zmq4"
)

// retryModified stamps a new time into the buffer before each retry: on a
// timeout the failed Send's goroutine may still be writing buf.
func retryModified(push zmq4.Socket, buf []byte) error {
	var err error
	for i := 0; i < 3; i++ {
		binary.BigEndian.PutUint64(buf, uint64(time.Now().UnixNano())) // want `buf is modified after it was handed to Send`
		if err = push.Send(zmq4.NewMsg(buf)); err == nil {
			return nil
		}
	}
	return err
}

// retrySame re-sends the same, unmodified bytes: not reported.
func retrySame(push zmq4.Socket, buf []byte) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = push.Send(zmq4.NewMsg(buf)); err == nil {
			return nil
		}
	}
	return err
}
