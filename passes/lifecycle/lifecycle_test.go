package lifecycle_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/lifecycle"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

func TestLifecycle(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer,
		"lifecycle/basic",
		"lifecycle/bindings",
		"lifecycle/loopclose",
		"lifecycle/rt2",
	)
}

// TestLifecycleNegativesAndFacts: tricky negatives, facts across
// packages, directives, wrappers; goldens for the fixes they offer.
func TestLifecycleNegativesAndFacts(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer,
		"lifecycle/helpers",
		"lifecycle/crosspkg",
		"lifecycle/negative",
		"lifecycle/ignore",
		"lifecycle/mainpkg",
		"lifecycle/legacy",
		"lifecycle/wrappers",
		"lifecycle/recwrap",
		"lifecycle/wrapuser",
		"lifecycle/redteam",
		"lifecycle/dyncall",
		"lifecycle/fixsafety",
		"lifecycle/pkgclosure",
		"lifecycle/vendored",
	)
}

// TestOwned: sockets and contexts kept in struct fields (issue 12): the
// type's close method, constructors that drop the struct, facts of types
// of other packages.
func TestOwned(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer,
		"lifecycle/owned",
		"lifecycle/ownedneg",
		"lifecycle/ownedclose",
		"lifecycle/ownedterm",
		"lifecycle/ownedval",
		"lifecycle/ownedlib",
		"lifecycle/owneduse",
		"lifecycle/ownedpoll",
	)
}

// TestLiveOnError: helpers that return a socket open together with a
// non-nil error (issue 12 item 5), in the package and through facts.
func TestLiveOnError(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer,
		"lifecycle/liveerr",
		"lifecycle/liveerruse",
	)
}

// TestAccumulated: sockets kept in a local slice or map and dropped by a
// later return (issue 12 item 3).
func TestAccumulated(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer, "lifecycle/accum")
}

// TestLineDirectives: a file with //line directives gets its fixes (a
// defer, a SetLinger with the time import, a stale directive's removal)
// at its real lines; the adjusted lines once made Indent panic and the
// removal delete the rest of the file.
func TestLineDirectives(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lifecycle.Analyzer, "lifecycle/linedir")
}

// TestGenerated: a finding in a generated file is reported without a fix.
func TestGenerated(t *testing.T) {
	for _, r := range analysistest.Run(t, testdata(t), lifecycle.Analyzer, "lifecycle/generated") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: a fix is offered in a generated file", r.Pass.Fset.Position(d.Pos))
			}
		}
	}
}
