package lifecycle_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/lifecycle"
)

func TestScratch(t *testing.T) {
	dir := os.Getenv("SCRATCH")
	if dir == "" {
		t.Skip()
	}
	analysistest.Run(t, dir, lifecycle.Analyzer, os.Getenv("SCRATCHPKG"))
}
