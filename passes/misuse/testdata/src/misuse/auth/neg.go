package auth

import (
	zmq "github.com/pebbe/zmq4"
)

// rightOrder: AuthStop is deferred after Term, so it runs first.
func rightOrder() {
	defer zmq.Term()
	zmq.AuthStart()
	defer zmq.AuthStop()
}

// stopThenTerm: AuthStop called before Term.
func stopThenTerm() {
	zmq.AuthStart()
	zmq.AuthStop()
	zmq.Term()
}

// startFailed: Term only on AuthStart's error path, where auth does not run.
func startFailed() error {
	if err := zmq.AuthStart(); err != nil {
		zmq.Term()
		return err
	}
	zmq.AuthStop()
	return nil
}

// ownContext: a context of its own is not the default context AuthStart uses.
func ownContext() error {
	zmq.AuthStart()
	defer zmq.AuthStop()
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	return ctx.Term()
}

// noAuth: Term without AuthStart.
func noAuth() {
	defer zmq.Term()
}

// closureStop: AuthStop in a deferred closure registered after the Term.
func closureStop() {
	defer zmq.Term()
	zmq.AuthStart()
	defer func() {
		zmq.AuthStop()
	}()
}

// helperStop: a helper of this package stops auth.
func helperStop() {
	zmq.AuthStart()
	stopAuth()
	zmq.Term()
}

func stopAuth() { zmq.AuthStop() }
