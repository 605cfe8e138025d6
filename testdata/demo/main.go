// Command demo wires the worker and publisher together.
package main

import (
	"context"
	"log"

	"zmqlint.test/demo/publisher"
	"zmqlint.test/demo/worker"
)

func main() {
	if err := worker.Probe("tcp://127.0.0.1:5555"); err != nil {
		log.Fatal(err)
	}
	if err := publisher.Run(context.Background(), "tcp://127.0.0.1:5556", 3); err != nil {
		log.Fatal(err)
	}
}
