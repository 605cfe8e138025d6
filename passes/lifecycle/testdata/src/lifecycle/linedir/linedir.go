// Package linedir is generated from a template by a tool that writes
// //line directives but no "Code generated" header (as templating tools
// often do): fixes must land at the file's real offsets, not at the
// lines the directives claim.
package linedir

import zmq "github.com/pebbe/zmq4"

//line other.tmpl:100
func leak() {
	s, _ := zmq.NewSocket(zmq.PUSH) // want `socket s is not closed on all paths`
	s.Send("x", 0)
}

func noLinger() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close() // want `s is closed with the default infinite linger`
	ctx.Term()
}

func stale(s *zmq.Socket) { // want stale:"zmqParams\\(borrows\\[0\\]\\)"
	//zmqlint:ignore lifecycle nothing to silence // want `zmqlint:ignore directive for lifecycle silences nothing here`
	s.Send("x", 0)
}
