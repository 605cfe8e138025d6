package multipart_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/multipart"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

func TestMultipart(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), multipart.Analyzer,
		"multipart/abandon", "multipart/helpers", "multipart/usehelpers", "multipart/frames", "multipart/pkgclosure",
		"multipart/useframewrap", "multipart/msgframes", "multipart/sndflow", "multipart/b3", "multipart/reqrep",
	)
}

// TestLineDirectives: the move fix in a file with //line directives takes
// and puts the real lines.
func TestLineDirectives(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), multipart.Analyzer, "multipart/linedir")
}
