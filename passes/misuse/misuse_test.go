package misuse_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/misuse"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
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
