package auth

import (
	"log"

	zmq "github.com/pebbe/zmq4"
)

// deferredTermOnly: Term runs at return with auth still running.
func deferredTermOnly() error {
	defer zmq.Term() // want `the deferred zmq.Term\(\) runs while the auth handler started on line 12 is still running: AuthStart opens a REQ socket in the default context that only AuthStop closes, so Term blocks forever \(defer zmq.AuthStop\(\) after it, so that it runs first\)`
	if err := zmq.AuthStart(); err != nil {
		return err
	}
	s, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return err
	}
	defer s.Close()
	return nil
}

// wrongOrder: AuthStop is deferred first, so it runs last, after Term.
func wrongOrder() {
	zmq.AuthStart()
	defer zmq.AuthStop()
	defer zmq.Term() // want `the deferred zmq.Term\(\) runs while the auth handler started on line 25 is still running`
	log.Println("serving")
}

// directTerm: Term called while auth runs.
func directTerm(done <-chan struct{}) {
	if err := zmq.AuthStart(); err != nil {
		log.Fatal(err)
	}
	<-done
	zmq.Term() // want `zmq.Term\(\) is reached while the auth handler started on line 33 is still running: .* \(call zmq.AuthStop\(\) first\)`
}

// onePath: AuthStop on one branch only.
func onePath(quick bool) {
	zmq.AuthStart()
	if !quick {
		zmq.AuthStop()
	}
	zmq.Term() // want `zmq.Term\(\) is reached while the auth handler started on line 42`
}
