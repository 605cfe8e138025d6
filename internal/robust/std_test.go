package robust

import (
	"os"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"
)

// stdSlice is the part of the standard library TestStdLib analyzes from
// source (with all its dependencies, so roughly a third of std): the whole
// of std takes over a minute on two cores before -race, too slow for CI.
// ZMQLINT_STD=all analyzes all of "std" instead. The whole of std was run
// by hand with the binary (docs/reliability.md).
var stdSlice = []string{"net/http", "encoding/json", "go/types", "runtime", "os/exec", "database/sql", "text/template"}

// TestStdLib: every analyzer of the suite over standard library packages:
// no analysis error, no panic, no finding.
func TestStdLib(t *testing.T) {
	patterns := stdSlice
	if os.Getenv("ZMQLINT_STD") == "all" {
		patterns = []string{"std"}
	} else if testing.Short() {
		patterns = []string{"encoding/json"}
	}
	start := time.Now()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		n++
		for _, e := range p.Errors {
			t.Errorf("%s: %v", p.PkgPath, e)
		}
	})
	loaded := time.Since(start)
	diags := analyzeAll(t, pkgs)
	for _, d := range diags {
		t.Errorf("finding in the standard library: %s", d)
	}
	t.Logf("%d packages (%d roots): load %v, analysis %v", n, len(pkgs), loaded, time.Since(start)-loaded)
}
