package zmqssa_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

func TestFacts(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, dir, zmqssa.Analyzer, "zmqssa/uses", "zmqssa/indirect", "zmqssa/nozmq")
	for _, r := range results {
		res := r.Result.(*zmqssa.Result)
		touches := res.Pkg != nil
		if want := r.Pass.Pkg.Path() != "zmqssa/nozmq"; touches != want {
			t.Errorf("%s: SSA built = %v, want %v", r.Pass.Pkg.Path(), touches, want)
		}
	}
}
