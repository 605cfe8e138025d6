package gclplugin_test

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/analyzers"
	_ "github.com/zmqlint/zmqlint/analyzers/gclplugin" // registers the plugin
	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// build goes the way golangci-lint does: look the plugin up by name,
// construct it from the raw settings, build the analyzers. It returns the
// one analyzer, named zmqlint.
func build(t *testing.T, conf any) (*analysis.Analyzer, register.LinterPlugin, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("zmqlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(conf)
	if err != nil {
		return nil, nil, err
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if len(as) != 1 || as[0].Name != "zmqlint" {
		t.Fatalf("BuildAnalyzers returned %v, want one analyzer named zmqlint", names(as))
	}
	return as[0], p, nil
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

// checks returns the names of the checks the plugin's analyzer runs, and
// each one's flags.
func checks(a *analysis.Analyzer) ([]string, map[string]*flag.FlagSet) {
	flags := make(map[string]*flag.FlagSet)
	for _, r := range a.Requires {
		flags[r.Name] = &r.Flags
	}
	return names(a.Requires), flags
}

func TestDefaultIsWholeSuite(t *testing.T) {
	want := append(names(analyzers.All()), names(analyzers.Always())...)
	// nil is what golangci-lint passes when the settings key is absent;
	// an empty map is "settings: {}".
	for _, conf := range []any{nil, map[string]any{}} {
		a, p, err := build(t, conf)
		if err != nil {
			t.Fatalf("%v: %v", conf, err)
		}
		if got, _ := checks(a); !slices.Equal(got, want) {
			t.Errorf("%v: checks = %v, want %v", conf, got, want)
		}
		if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
			t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
		}
	}
}

func TestEnableDisable(t *testing.T) {
	all := names(analyzers.All())
	last := all[len(all)-1]

	// The YAML decoder hands lists over as []any.
	a, _, err := build(t, map[string]any{"enable": []any{last}})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := checks(a); !slices.Equal(got, []string{last, "directive"}) {
		t.Errorf("enable [%s]: checks = %v", last, got)
	}

	a, _, err = build(t, map[string]any{"disable": []any{last}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := checks(a); !slices.Equal(got, append(all[:len(all)-1:len(all)-1], "directive")) {
		t.Errorf("disable [%s]: checks = %v, want %v", last, got, want)
	}
}

func TestCategories(t *testing.T) {
	a, _, err := build(t, map[string]any{"disable": []any{"lifecycle/linger-unit"}})
	if err != nil {
		t.Fatal(err)
	}
	got, flags := checks(a)
	if !slices.Contains(got, "lifecycle") {
		t.Fatalf("disable [lifecycle/linger-unit] dropped the whole check: %v", got)
	}
	if registry.Enabled(flags["lifecycle"], "linger-unit") || !registry.Enabled(flags["lifecycle"], "leaked-socket") {
		t.Errorf("disable [lifecycle/linger-unit]: want only linger-unit off")
	}
	// The shared analyzer is untouched.
	for _, an := range analyzers.All() {
		if !registry.Enabled(&an.Flags, "linger-unit") {
			t.Errorf("the plugin turned off a category of the shared %s analyzer", an.Name)
		}
	}

	a, _, err = build(t, map[string]any{"enable": []any{"lifecycle/leaked-socket", "zerocopy"}})
	if err != nil {
		t.Fatal(err)
	}
	got, flags = checks(a)
	if !slices.Equal(got, []string{"lifecycle", "zerocopy", "directive"}) {
		t.Errorf("enable [lifecycle/leaked-socket, zerocopy]: checks = %v", got)
	}
	if !registry.Enabled(flags["lifecycle"], "leaked-socket") || registry.Enabled(flags["lifecycle"], "use-after-close") ||
		!registry.Enabled(flags["zerocopy"], "modified-after-handover") {
		t.Errorf("enable [lifecycle/leaked-socket, zerocopy]: want lifecycle's leaked-socket only and all of zerocopy")
	}
}

func TestSettingsErrors(t *testing.T) {
	all := names(analyzers.All())
	for _, tc := range []struct {
		conf any
		want string
	}{
		{map[string]any{"lifecycle": false}, `unknown field "lifecycle"`},
		{map[string]any{"enabled": []any{"lifecycle"}}, `allowed keys are "enable" and "disable"`},
		{map[string]any{"enable": "lifecycle"}, `cannot unmarshal string`},
		{map[string]any{"enable": []any{"nosuch"}}, `unknown check "nosuch" (known: ` + strings.Join(all, ", ")},
		{map[string]any{"disable": []any{"Lifecycle"}}, `unknown check "Lifecycle"`},
		{map[string]any{"disable": []any{"lifecycle/leaked-sockets"}}, `check lifecycle has no category "leaked-sockets"`},
		{map[string]any{"disable": []any{"directive"}}, `unknown check "directive"`},
		{map[string]any{"enable": []any{all[0]}, "disable": []any{all[0]}}, `either "enable" or "disable", not both`},
		{map[string]any{"disable": anys(all)}, `every check is disabled`},
	} {
		_, _, err := build(t, tc.conf)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("settings %v: error %v, want one containing %q", tc.conf, err, tc.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "zmqlint settings: ") {
			t.Errorf("settings %v: error %q does not say it is about zmqlint's settings", tc.conf, err)
		}
	}
}

func anys(ss []string) []any {
	var as []any
	for _, s := range ss {
		as = append(as, s)
	}
	return as
}

func TestAnalyzerFindsLeak(t *testing.T) {
	dir := testutil.TestData(t)
	a, _, err := build(t, map[string]any{"enable": []any{"lifecycle"}})
	if err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, dir, a, "gclplugin/leak")
}
