package zerocopy_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

func TestZerocopy(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), zerocopy.Analyzer,
		"zerocopy/basic", "zerocopy/wrap", "zerocopy/usewrap", "zerocopy/pkgclosure", "zerocopy/frames", "zerocopy/views", "zerocopy/crosspkg", "zerocopy/fields", "zerocopy/fieldlib", "zerocopy/fielduse", "zerocopy/b3",
	)
}
