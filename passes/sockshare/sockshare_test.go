package sockshare_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/sockshare"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

func TestSockshare(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), sockshare.Analyzer,
		"sockshare/basic", "sockshare/fields", "sockshare/poller", "sockshare/lib", "sockshare/use", "sockshare/fix", "sockshare/order", "sockshare/rangefunc", "sockshare/pkgclosure", "sockshare/callbacks", "sockshare/methods", "sockshare/typelib", "sockshare/typeuse", "sockshare/served", "sockshare/firstuse",
	)
}
