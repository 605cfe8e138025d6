package testutil

import (
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// lenient records analysistest's complaints instead of failing: the ring
// tests check cost, not the (order-independent but uninteresting) facts
// and findings of hundreds of generated functions.
type lenient struct{ errs []string }

func (l *lenient) Errorf(format string, args ...any) { l.errs = append(l.errs, format) }

// RunForCost runs a on pkg of the GOPATH dir for its cost only: it logs
// the time and fails only if the analysis itself failed. An exponential
// summary never finishes, and the test binary's timeout fails the test.
func RunForCost(t *testing.T, dir string, a *analysis.Analyzer, pkg string) {
	t.Helper()
	start := time.Now()
	var l lenient
	results := analysistest.Run(&l, dir, a, pkg)
	t.Logf("%s: %v, %d analysistest notes", pkg, time.Since(start), len(l.errs))
	if len(results) != 1 || results[0].Err != nil {
		t.Fatalf("analysis failed: %v", results)
	}
}
