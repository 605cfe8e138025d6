package gclplugin_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/analyzers"
	_ "github.com/zmqlint/zmqlint/analyzers/gclplugin" // registers the plugin
)

// build goes the way golangci-lint does: look the plugin up by name,
// construct it from the raw settings, build the analyzers.
func build(t *testing.T, conf any) ([]*analysis.Analyzer, register.LinterPlugin, error) {
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
	return as, p, nil
}

func names(as []*analysis.Analyzer) []string {
	var ns []string
	for _, a := range as {
		ns = append(ns, a.Name)
	}
	return ns
}

func TestDefaultIsWholeSuite(t *testing.T) {
	// nil is what golangci-lint passes when the settings key is absent;
	// an empty map is "settings: {}".
	for _, conf := range []any{nil, map[string]any{}} {
		as, p, err := build(t, conf)
		if err != nil {
			t.Fatalf("%v: %v", conf, err)
		}
		if got, want := names(as), names(analyzers.All()); !slices.Equal(got, want) {
			t.Errorf("%v: analyzers = %v, want %v", conf, got, want)
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
	as, _, err := build(t, map[string]any{"enable": []any{last}})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(as); !slices.Equal(got, []string{last}) {
		t.Errorf("enable [%s]: analyzers = %v", last, got)
	}

	if len(all) > 1 {
		as, _, err = build(t, map[string]any{"disable": []any{last}})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := names(as), all[:len(all)-1]; !slices.Equal(got, want) {
			t.Errorf("disable [%s]: analyzers = %v, want %v", last, got, want)
		}
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
		{map[string]any{"enable": []any{"nosuch"}}, `unknown analyzer "nosuch" (known: ` + strings.Join(all, ", ") + `)`},
		{map[string]any{"disable": []any{"Lifecycle"}}, `unknown analyzer "Lifecycle"`},
		{map[string]any{"enable": []any{all[0]}, "disable": []any{all[0]}}, `either "enable" or "disable", not both`},
		{map[string]any{"disable": anys(all)}, `every analyzer is disabled`},
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

func TestAnalyzersFindLeak(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	as, _, err := build(t, map[string]any{"enable": []any{"lifecycle"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		analysistest.Run(t, dir, a, "gclplugin/leak")
	}
}
