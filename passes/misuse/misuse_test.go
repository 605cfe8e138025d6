package misuse_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/misuse"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

func TestEmptyMessage(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), misuse.Analyzer, "misuse/empty")
}

func TestAuth(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), misuse.Analyzer, "misuse/auth")
}

func TestFrameReuse(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), misuse.Analyzer, "misuse/reuse")
}

func TestIDFrame(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), misuse.Analyzer, "misuse/idframe")
}

func TestClosedWhilePolled(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), misuse.Analyzer, "misuse/poll")
}
