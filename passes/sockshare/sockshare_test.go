package sockshare_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/sockshare"
)

func testdata(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSockshare(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), sockshare.Analyzer,
		"sockshare/basic", "sockshare/fields", "sockshare/poller", "sockshare/lib", "sockshare/use", "sockshare/fix", "sockshare/order", "sockshare/rangefunc", "sockshare/pkgclosure", "sockshare/callbacks", "sockshare/methods", "sockshare/typelib", "sockshare/typeuse",
	)
}
