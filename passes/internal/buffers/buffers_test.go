package buffers_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
)

func TestFacts(t *testing.T) {
	dir := testutil.TestData(t, "passes/zerocopy")
	analysistest.Run(t, dir, buffers.Analyzer, "zerocopy/bufferfacts", "example.com/wire")
}
