// Package gclplugin registers the zmqlint suite as a golangci-lint v2
// module plugin named "zmqlint".
//
// A custom golangci-lint binary that blank-imports this package (see
// docs/golangci-lint.md) runs the analyzers of
// [github.com/zmqlint/zmqlint/analyzers.All] when the configuration says
//
//	linters:
//	  enable: [zmqlint]
//	  settings:
//	    custom:
//	      zmqlint:
//	        type: module
//	        settings:
//	          disable: [lifecycle]
//
// The settings select analyzers the same way as the standalone driver's
// flags: "enable: [a, b]" is "zmqlint -a -b" (only those run) and
// "disable: [c]" is "zmqlint -c=false" (all but c run).
//
// This package is separate from the analyzers so that the standalone
// driver does not depend on golangci's registration module.
package gclplugin

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/analyzers"
)

// Name is the linter name under which the plugin registers; it is the key
// in linters.settings.custom and in linters.enable.
const Name = "zmqlint"

func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's part of .golangci.yml
// (linters.settings.custom.zmqlint.settings). At most one of the two
// lists may be given; with neither, every analyzer runs.
type Settings struct {
	// Enable lists the only analyzers to run, like the driver flags
	// -NAME or -NAME=true.
	Enable []string `json:"enable"`
	// Disable lists analyzers not to run, like the driver flags
	// -NAME=false.
	Disable []string `json:"disable"`
}

// Plugin is the golangci-lint module plugin for a validated configuration.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes and validates the settings golangci-lint passes from
// .golangci.yml (nil when there are none).
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("zmqlint settings: %w (the allowed keys are \"enable\" and \"disable\", each a list of analyzer names: %s)",
			err, strings.Join(names(analyzers.All()), ", "))
	}
	selected, err := s.selectFrom(analyzers.All())
	if err != nil {
		return nil, fmt.Errorf("zmqlint settings: %w", err)
	}
	return &Plugin{analyzers: selected}, nil
}

// selectFrom returns the analyzers of all that the settings keep, in the
// suite's order, rejecting names that are not in the suite so that a typo
// does not silently run everything.
func (s Settings) selectFrom(all []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	if len(s.Enable) > 0 && len(s.Disable) > 0 {
		return nil, fmt.Errorf("give either \"enable\" or \"disable\", not both")
	}
	known := names(all)
	for _, list := range [][]string{s.Enable, s.Disable} {
		for _, n := range list {
			if !slices.Contains(known, n) {
				return nil, fmt.Errorf("unknown analyzer %q (known: %s)", n, strings.Join(known, ", "))
			}
		}
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		switch {
		case len(s.Enable) > 0 && !slices.Contains(s.Enable, a.Name):
		case slices.Contains(s.Disable, a.Name):
		default:
			keep = append(keep, firstFixOnly(a))
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("every analyzer is disabled; remove zmqlint from linters.enable instead")
	}
	return keep, nil
}

func names(as []*analysis.Analyzer) []string {
	ns := make([]string, len(as))
	for i, a := range as {
		ns[i] = a.Name
	}
	return ns
}

// BuildAnalyzers returns the selected analyzers. golangci-lint also runs
// the analyzers they require (zmqssa) and propagates their facts across
// packages.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return slices.Clone(p.analyzers), nil
}

// GetLoadMode reports that the analyzers need type information (and SSA,
// which golangci-lint builds from it).
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// firstFixOnly returns a copy of a whose diagnostics keep only their first
// suggested fix. golangci-lint's --fix applies the edits of every fix of a
// diagnostic together (pkg/result/processors/fixer.go in v2.15.0), while
// zmqlint's fixes of one diagnostic are alternatives with the safest
// first, as go vet -fix and go fix expect. The copy has a's name, facts
// and requirements, so golangci-lint runs it exactly like a.
func firstFixOnly(a *analysis.Analyzer) *analysis.Analyzer {
	c := *a
	c.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Analyzer = &c
		p.Report = func(d analysis.Diagnostic) {
			if len(d.SuggestedFixes) > 1 {
				d.SuggestedFixes = d.SuggestedFixes[:1]
			}
			pass.Report(d)
		}
		return a.Run(&p)
	}
	return &c
}
