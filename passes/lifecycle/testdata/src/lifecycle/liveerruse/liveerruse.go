// Package liveerruse: callers of another package's live-on-error helpers,
// known through their createsSocket facts.
package liveerruse

import "lifecycle/liveerr"

func viaFact(ep string) error {
	s, err := liveerr.Attach(ep) // want `socket s is not closed on all paths: the return on line 10 leaks it \(call Destroy\); Attach returns it open together with its error`
	if err != nil {
		return err
	}
	s.Destroy()
	return nil
}

func viaForward(ep string) error {
	s, err := liveerr.Forward(ep) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	defer s.Destroy()
	return s.SendFrame([]byte("x"), 0)
}

func guardedViaFact(ep string) error {
	s, err := liveerr.Connect(ep) // want `socket s is not closed on all paths`
	if err != nil {
		return err
	}
	s.Close()
	return nil
}

func okViaFact(ep string) error {
	s, err := liveerr.Attach(ep)
	defer s.Destroy()
	return err
}

func cleanViaFact(ep string) error {
	s, err := liveerr.CleanConnect(ep)
	if err != nil {
		return err
	}
	return s.Close()
}
