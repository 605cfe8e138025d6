package zerocopy_test

import (
	"fmt"
	"sort"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/multipart"
	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

// quiet is an analysistest.Testing that ignores the packages' want
// comments (they are written for one of the two checks).
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestOneFindingPerFramesHazard runs zerocopy and multipart over the
// frames test packages of both and checks that each hazard is reported by
// exactly one of them: the bytes of a frame by zerocopy (through fs[0] or
// hdr alike), the [][]byte itself by multipart (issue 11).
func TestOneFindingPerFramesHazard(t *testing.T) {
	pkgs := []string{"zerocopy/frames", "multipart/frames", "multipart/useframewrap", "multipart/msgframes"}
	by := map[string][]string{} // file:line -> checks
	// One GOPATH for both runs: the keys are file names.
	dir := testutil.TestData(t, "passes/multipart")
	for _, a := range []*analysis.Analyzer{zerocopy.Analyzer, multipart.Analyzer} {
		for _, r := range analysistest.Run(quiet{}, dir, a, pkgs...) {
			for _, d := range r.Diagnostics {
				p := r.Pass.Fset.Position(d.Pos)
				k := fmt.Sprintf("%s:%d", p.Filename, p.Line)
				by[k] = append(by[k], a.Name)
			}
		}
	}
	var keys []string
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(by[k]) != 1 {
			t.Errorf("%s: reported by %v, want one check", k, by[k])
		}
	}
	if len(keys) == 0 {
		t.Fatal("no findings at all: the packages did not load")
	}
}
