// Package realapi pins the real Go ZeroMQ bindings that zmqlint's API
// model (passes/zmqapi) and its testdata stubs are checked against.
package realapi

import (
	_ "github.com/go-zeromq/goczmq/v4"
	_ "github.com/go-zeromq/zmq4"
	_ "github.com/pebbe/zmq4"
	_ "github.com/pebbe/zmq4/draft"
)
