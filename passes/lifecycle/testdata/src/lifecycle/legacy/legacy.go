// Package legacy uses goczmq under its legacy gopkg.in import path.
package legacy

import "gopkg.in/zeromq/goczmq.v4"

func leak(ep string) error {
	s, err := goczmq.NewPush(ep) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	defer s.Destroy()
	return s.SendFrame([]byte("x"), goczmq.FlagNone)
}
