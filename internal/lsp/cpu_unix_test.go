//go:build unix

package lsp

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time (user+sys) of this process and of its waited-for
// children (the go command's go list runs).
func cpuTime() time.Duration {
	var total time.Duration
	for _, who := range []int{syscall.RUSAGE_SELF, syscall.RUSAGE_CHILDREN} {
		var ru syscall.Rusage
		if syscall.Getrusage(who, &ru) == nil {
			total += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		}
	}
	return total
}
