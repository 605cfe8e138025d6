package indirect // want package:"touchesZMQ"

import "zmqssa/uses"

func Fatal() { // want Fatal:"noReturn"
	uses.Die("indirect")
}
