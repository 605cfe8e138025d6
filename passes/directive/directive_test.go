package directive_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/directive"
)

func TestDirective(t *testing.T) {
	dir := testutil.TestData(t)
	analysistest.Run(t, dir, directive.Analyzer, "directive/typo")
}
