package zmqssa_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

func TestFacts(t *testing.T) {
	dir := testutil.TestData(t)
	results := analysistest.Run(t, dir, zmqssa.Analyzer, "zmqssa/uses", "zmqssa/indirect", "zmqssa/nozmq")
	for _, r := range results {
		res := r.Result.(*zmqssa.Result)
		touches := res.Pkg != nil
		if want := r.Pass.Pkg.Path() != "zmqssa/nozmq"; touches != want {
			t.Errorf("%s: SSA built = %v, want %v", r.Pass.Pkg.Path(), touches, want)
		}
	}
}

// quiet ignores the want comments of packages written for another pass.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

// TestHelperSSA: a ZeroMQ-free package of the user's code with an exported
// function taking a []byte gets SSA for the buffers pass's facts (Helper),
// never Pkg; one without such a function, or whose path looks like the
// standard library's in GOPATH mode, gets none.
func TestHelperSSA(t *testing.T) {
	dir := testutil.TestData(t)
	want := map[string]bool{"example.com/wire": true, "zmqssa/nozmq": false, "zmqssa/uses": false}
	for _, r := range analysistest.Run(quiet{}, dir, zmqssa.Analyzer, "example.com/wire", "zmqssa/nozmq", "zmqssa/uses") {
		res := r.Result.(*zmqssa.Result)
		path := r.Pass.Pkg.Path()
		if got := res.Helper != nil; got != want[path] {
			t.Errorf("%s: helper SSA built = %v, want %v", path, got, want[path])
		}
		if path == "example.com/wire" && (res.Pkg != nil || len(res.HelperFuncs) == 0) {
			t.Errorf("%s: Pkg = %v, %d helper functions; want no Pkg and some functions", path, res.Pkg, len(res.HelperFuncs))
		}
	}
}
