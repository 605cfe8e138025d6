package sockshare_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/sockshare"
)

// TestRing400 is the regression test of issue 19 item 1: 400 helpers in a
// call ring, each starting the next on a goroutine and calling the next
// two. Summaries used to be copied once per call path (exponential: 13
// functions took 37 s, 400 never finished); per strongly connected
// component they take a bounded number of rounds. Every F<i> is reported
// once, F<n-1> included (its call of F0 closes the ring: a partial answer
// for the cycle used to hide it).
func TestRing400(t *testing.T) {
	const n = 400
	dir := testutil.StubGOPATH(t, []string{"github.com/pebbe/zmq4"}, map[string]string{"ring/ring.go": ringSource(n)})
	start := time.Now()
	analysistest.Run(t, dir, sockshare.Analyzer, "ring")
	t.Logf("ring of %d: %v", n, time.Since(start))
}

// ringSource is bench/gen's ring shape with the expected findings.
func ringSource(n int) string {
	var b strings.Builder
	b.WriteString("package ring\n\nimport zmq \"github.com/pebbe/zmq4\"\n")
	line := 4
	for i := 0; i < n; i++ {
		next, next2 := (i+1)%n, (i+2)%n
		// F<i> starts on line line+1; its go statement is line+6.
		fmt.Fprintf(&b, `
func F%d(n int, s *zmq.Socket) { // want F%d:"sockUses\\(s\\)"
	if n <= 0 {
		s.Send("tick", 0)
		return
	}
	go F%d(n-1, s)
	F%d(n-1, s) // want %s
	F%d(n-1, s)
}
`, i, i, next, next, "`s is used \\(F"+fmt.Sprint(next)+"\\) here while the goroutine started on line "+fmt.Sprint(line+6)+" may still be using it \\(Send on line "+fmt.Sprint(7+10*next)+"\\)`", next2)
		line += 10
	}
	return b.String()
}
