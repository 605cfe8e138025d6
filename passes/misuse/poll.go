package misuse

import (
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

// checkPoll is rule 5 (closed-while-polled); see poll rules in doc.go.
func (c *checker) checkPoll(fn *ssa.Function, calls []zmqssa.Call) {}
