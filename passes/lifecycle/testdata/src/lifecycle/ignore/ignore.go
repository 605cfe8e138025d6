package ignore

import zmq "github.com/pebbe/zmq4"

func lineAbove() {
	//zmqlint:ignore lifecycle the pool closes every socket at shutdown
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func sameLine() {
	s, _ := zmq.NewSocket(zmq.PUSH) //zmqlint:ignore lifecycle,zerocopy closed by the pool
	s.Send("x", 0)
}

// wholeFunc is silenced as a whole.
//
//zmqlint:ignore lifecycle the process exits right after
func wholeFunc() {
	a, _ := zmq.NewSocket(zmq.PUSH)
	b, _ := zmq.NewSocket(zmq.PUSH)
	a.Send("x", 0)
	b.Send("x", 0)
}

func noReason() {
	/* want `zmqlint:ignore directive for lifecycle has no reason` */ //zmqlint:ignore lifecycle
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	s.Send("x", 0)
}

func unused(s *zmq.Socket) { // want unused:"zmqParams\\(borrows\\[0\\]\\)"
	//zmqlint:ignore lifecycle nothing to silence // want `zmqlint:ignore directive for lifecycle silences nothing here`
	s.Send("x", 0)
}

func unknownName() {
	// A typo silences nothing; the directive pass reports the name
	// (testdata/src/directive), whichever checks run.
	//zmqlint:ignore lifecylce typo in the name
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	s.Send("x", 0)
}

func otherCheck() {
	//zmqlint:ignore sockshare only another check is silenced
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	s.Send("x", 0)
}

func category() {
	//zmqlint:ignore lifecycle/leaked-socket only this category is silenced
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func otherCategory() {
	//zmqlint:ignore lifecycle/use-after-close another category of the check // want `zmqlint:ignore directive for lifecycle/use-after-close silences nothing here`
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	s.Send("x", 0)
}

func sharedDirective() {
	// The comment is zerocopy's too: the fix removes only lifecycle's name.
	//zmqlint:ignore lifecycle,zerocopy the socket is closed, so lifecycle's part is unused // want `zmqlint:ignore directive for lifecycle silences nothing here`
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close()
}
