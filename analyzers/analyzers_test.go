package analyzers_test

import (
	"slices"
	"testing"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// TestSuiteIsTheRegistry: the suite's analyzers are the registry's checks,
// in its order, each with the registry's docs page and one flag per
// category; the always-on passes are not checks.
func TestSuiteIsTheRegistry(t *testing.T) {
	var names []string
	for _, a := range analyzers.All() {
		names = append(names, a.Name)
		c, ok := registry.Lookup(a.Name)
		if !ok {
			t.Errorf("analyzer %s is not in the registry", a.Name)
			continue
		}
		if a.URL != c.Page {
			t.Errorf("%s: URL %q, registry page %q", a.Name, a.URL, c.Page)
		}
		for _, cat := range c.Categories {
			if a.Flags.Lookup(cat.Name) == nil {
				t.Errorf("%s has no flag for its category %s", a.Name, cat.Name)
			}
		}
		if a.ResultType == nil {
			t.Errorf("%s has no ResultType (the suppressed findings SARIF reports)", a.Name)
		}
	}
	if !slices.Equal(names, registry.Names()) {
		t.Errorf("analyzers %v, registry %v", names, registry.Names())
	}
	for _, a := range analyzers.Always() {
		if slices.Contains(registry.Names(), a.Name) {
			t.Errorf("always-on pass %s is a check", a.Name)
		}
	}
}
