//go:build ignore

// gen_stubs copies the generated binding stubs from
// internal/testutil/testdata/stubs/src into stubs/ so that the driver can embed them. Run by "go generate" in
// internal/driver; stubs_test.go checks that the copies are current.
package main

import (
	"log"
	"os"
	"path/filepath"
)

var files = map[string]string{
	"github.com/pebbe/zmq4/zmq4.go":          "pebbe_zmq4.go.txt",
	"github.com/pebbe/zmq4/draft/draft.go":   "pebbe_zmq4_draft.go.txt",
	"github.com/go-zeromq/goczmq/v4/v4.go":   "goczmq_v4.go.txt",
	"github.com/zeromq/goczmq/goczmq.go":     "zeromq_goczmq.go.txt",
	"gopkg.in/zeromq/goczmq.v4/goczmq.v4.go": "goczmq_gopkgin_v4.go.txt",
}

func main() {
	for src, dst := range files {
		data, err := os.ReadFile(filepath.Join("..", "testutil", "testdata", "stubs", "src", filepath.FromSlash(src)))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("stubs", dst), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}
