package uses // want package:"touchesZMQ"

import (
	"log"
	"os"

	zmq "github.com/pebbe/zmq4"
)

var Default = zmq.PUSH

func Die(msg string) { // want Die:"noReturn"
	log.Print(msg)
	os.Exit(1)
}

func DieToo() { // want DieToo:"noReturn"
	Die("again")
}

func loop() { // want loop:"noReturn"
	for {
	}
}

func Returns(ok bool) {
	if ok {
		Die("x")
	}
}
