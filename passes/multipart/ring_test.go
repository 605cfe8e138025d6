package multipart_test

import (
	"testing"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/multipart"
)

// TestRing400 is the audit of issue 19 item 1 for leavesMessageOpen (LeavesOpenFact): 400 helpers in
// a call ring, each starting the next on a goroutine and calling the next
// two. Each summary is a per-(function, parameter) memo with a recursion
// trail whose body runs at most once per key, so the cost is linear; this
// test keeps it so (an exponential summary never finishes here, and the
// test binary's timeout fails it; internal/e2e's ring test has a hard
// 150 s limit on the uninstrumented binary).
func TestRing400(t *testing.T) {
	const n = 400
	src := testutil.Ring("ring", `	zmq "github.com/pebbe/zmq4"`, n, `(n int, s *zmq.Socket)`, `	s.Send("head", zmq.SNDMORE)
	if n <= 0 {
		return
	}
	go NEXT(n-1, s)
	NEXT(n-1, s)
	NEXT2(n-1, s)
`)
	dir := testutil.StubGOPATH(t, []string{"github.com/pebbe/zmq4"}, map[string]string{"ring/ring.go": src})
	testutil.RunForCost(t, dir, multipart.Analyzer, "ring")
}
