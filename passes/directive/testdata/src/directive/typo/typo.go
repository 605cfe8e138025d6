package typo

import zmq "github.com/pebbe/zmq4"

func unknownName() {
	//zmqlint:ignore lifecylce typo in the name // want `zmqlint:ignore directive names no known check \(lifecylce\)`
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func unknownCategory() {
	//zmqlint:ignore lifecycle/leaked-sockets typo in the category // want `names no known check \(lifecycle/leaked-sockets\)`
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func noNames() {
	/* want `names no known check \(\)` */ //zmqlint:ignore
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func known() {
	//zmqlint:ignore lifecycle,zerocopy/modified-after-handover,sockshare known names are not reported here
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close()
}

func partlyKnown() {
	s, _ := zmq.NewSocket(zmq.PUSH) //zmqlint:ignore lifecycle,zerocpy one typo among known names // want `names no known check \(zerocpy\)`
	s.Send("x", 0)
}
