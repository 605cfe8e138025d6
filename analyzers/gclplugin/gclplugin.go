// Package gclplugin registers the zmqlint suite as a golangci-lint v2
// module plugin named "zmqlint".
//
// A custom golangci-lint binary that blank-imports this package (see
// docs/golangci-lint.md) runs the checks of
// [github.com/zmqlint/zmqlint/analyzers.All] when the configuration says
//
//	linters:
//	  enable: [zmqlint]
//	  settings:
//	    custom:
//	      zmqlint:
//	        type: module
//	        settings:
//	          disable: [sockshare, lifecycle/linger-unit]
//
// The settings select checks and categories like the standalone driver's
// flags: "enable: [a, b]" is "zmqlint -a -b" (only those run),
// "disable: [c]" is "zmqlint -c=false" (all but c run); an entry may also
// be check/category: "disable: [lifecycle/linger-unit]" is
// "zmqlint -lifecycle.linger-unit=false", and "enable: [lifecycle/leaked-socket]"
// runs lifecycle with only that category.
//
// The plugin hands golangci-lint one analyzer, named zmqlint like the
// linter, which runs the selected checks (and the directive pass) and
// reports their findings so that golangci-lint's default processing keeps
// every one of them (see [suite]).
//
// This package is separate from the analyzers so that the standalone
// driver does not depend on golangci's registration module.
package gclplugin

import (
	"fmt"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// Name is the linter name under which the plugin registers; it is the key
// in linters.settings.custom and in linters.enable, and the name of the
// one analyzer the plugin returns.
const Name = "zmqlint"

func init() {
	register.Plugin(Name, New)
}

// Settings is the plugin's part of .golangci.yml
// (linters.settings.custom.zmqlint.settings). At most one of the two
// lists may be given; with neither, every check runs.
type Settings struct {
	// Enable lists the only checks (or check/category) to run, like the
	// driver flags -NAME or -NAME=true.
	Enable []string `json:"enable"`
	// Disable lists checks (or check/category) not to run, like the
	// driver flags -NAME=false and -NAME.CATEGORY=false.
	Disable []string `json:"disable"`
}

// Plugin is the golangci-lint module plugin for a validated configuration.
type Plugin struct {
	suite *analysis.Analyzer
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes and validates the settings golangci-lint passes from
// .golangci.yml (nil when there are none).
func New(conf any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](conf)
	if err != nil {
		return nil, fmt.Errorf("zmqlint settings: %w (the allowed keys are \"enable\" and \"disable\", each a list of check names or check/category: %s)",
			err, strings.Join(registry.Names(), ", "))
	}
	selected, err := s.selectFrom(analyzers.All())
	if err != nil {
		return nil, fmt.Errorf("zmqlint settings: %w", err)
	}
	return &Plugin{suite: suite(append(selected, collectors(analyzers.Always(), nil)...))}, nil
}

// selectFrom returns collectors (see [collect]) for the checks of all
// that the settings keep, in the suite's order, with the categories the
// settings turn off turned off, rejecting names that are not in the
// registry so that a typo does not silently run everything.
func (s Settings) selectFrom(all []*analysis.Analyzer) ([]*analysis.Analyzer, error) {
	if len(s.Enable) > 0 && len(s.Disable) > 0 {
		return nil, fmt.Errorf("give either \"enable\" or \"disable\", not both")
	}
	type sel struct {
		whole bool            // the name of the check itself is listed
		cats  map[string]bool // the categories listed
	}
	listed := make(map[string]*sel)
	for _, n := range append(slices.Clone(s.Enable), s.Disable...) {
		check, cat, err := registry.Parse(n)
		if err != nil {
			return nil, err
		}
		if listed[check] == nil {
			listed[check] = &sel{cats: map[string]bool{}}
		}
		if cat == "" {
			listed[check].whole = true
		} else {
			listed[check].cats[cat] = true
		}
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		l := listed[a.Name]
		c, _ := registry.Lookup(a.Name)
		off := make(map[string]bool)
		switch {
		case len(s.Enable) > 0:
			if l == nil {
				continue
			}
			if !l.whole {
				for _, cat := range c.Categories {
					off[cat.Name] = !l.cats[cat.Name]
				}
			}
		case l != nil && l.whole:
			continue // disabled
		case l != nil:
			off = l.cats
		}
		keep = append(keep, collectors([]*analysis.Analyzer{a}, off)...)
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("every check is disabled; remove zmqlint from linters.enable instead")
	}
	return keep, nil
}

// BuildAnalyzers returns the plugin's one analyzer. golangci-lint also
// runs the analyzers it requires (the selected checks, zmqssa) and
// propagates their facts across packages.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.suite}, nil
}

// GetLoadMode reports that the analyzers need type information (and SSA,
// which golangci-lint builds from it).
func (p *Plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// collected is a collector's result: the diagnostics its check reported.
type collected struct {
	check string
	diags []analysis.Diagnostic
}

var collectedType = reflect.TypeFor[*collected]()

// collectors returns, for each analyzer, a copy that returns its
// diagnostics as its result instead of reporting them, with its own
// category flags (the off categories false), so that the analyzer values
// shared with other drivers are never modified. The copy keeps the
// analyzer's name, facts and requirements, so golangci-lint runs it
// exactly like the original.
func collectors(as []*analysis.Analyzer, off map[string]bool) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range as {
		c := *a
		c.Flags = registry.Flags(a.Name)
		for cat, isOff := range off {
			if isOff {
				c.Flags.Set(cat, "false")
			}
		}
		c.ResultType = collectedType
		c.Run = func(pass *analysis.Pass) (any, error) {
			res := &collected{check: a.Name}
			p := *pass
			p.Analyzer = &c
			p.Report = func(d analysis.Diagnostic) { res.diags = append(res.diags, d) }
			_, err := a.Run(&p)
			return res, err
		}
		out = append(out, &c)
	}
	return out
}

// suite returns the analyzer the plugin hands golangci-lint. It requires
// the collectors and reports their diagnostics in a form golangci-lint's
// defaults cannot lose:
//
//   - Named zmqlint like the linter, so golangci-lint adds no analyzer
//     prefix; each message ends with its code instead, e.g.
//     "(lifecycle/leaked-socket)", as in the standalone text output.
//   - No related positions: golangci-lint turns each into an issue of its
//     own, and its default uniq-by-line keeps one issue per line, so a
//     related position on a finding's line could hide the finding, and
//     after --fix the related issues of fixed findings stayed behind.
//     The messages name the lines that matter ("the return on line 19
//     leaks it").
//   - One issue per line: findings of one line (a leak and a directive
//     at the end of its line, two checks on one statement) are joined
//     into one message, which carries the first of their fixes.
//   - Only the first suggested fix: golangci-lint's --fix applies the
//     edits of every fix of an issue together (pkg/result/processors/
//     fixer.go in v2.15.0), while zmqlint's fixes of one diagnostic are
//     alternatives with the safest first, as go vet -fix and go fix
//     expect.
func suite(requires []*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     Name,
		Doc:      "zmqlint: ZeroMQ socket, context and message-lifetime bugs (the zmqlint checks, as one golangci-lint linter)",
		URL:      registry.DocsBase + "golangci-lint.md",
		Requires: requires,
		Run: func(pass *analysis.Pass) (any, error) {
			var all []analysis.Diagnostic
			for _, r := range requires {
				res, _ := pass.ResultOf[r].(*collected)
				if res == nil {
					continue
				}
				for _, d := range res.diags {
					d.Message = registry.WithCode(d.Message, res.check, d.Category)
					d.Related = nil
					if len(d.SuggestedFixes) > 1 {
						d.SuggestedFixes = d.SuggestedFixes[:1]
					}
					all = append(all, d)
				}
			}
			for _, d := range oneLineEach(pass.Fset, all) {
				pass.Report(d)
			}
			return nil, nil
		},
	}
}

// oneLineEach sorts diags by position and joins those on the same line
// of the same file into one diagnostic at the first's position, whose
// message lists them all and whose fix is the first one any of them has.
func oneLineEach(fset *token.FileSet, diags []analysis.Diagnostic) []analysis.Diagnostic {
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Pos < diags[j].Pos })
	var out []analysis.Diagnostic
	lastFile, lastLine := "", 0
	for _, d := range diags {
		p := fset.Position(d.Pos)
		if n := len(out); n > 0 && p.Filename == lastFile && p.Line == lastLine {
			m := &out[n-1]
			m.Message += "; and on this line: " + d.Message
			if len(m.SuggestedFixes) == 0 {
				m.SuggestedFixes = d.SuggestedFixes
			}
			continue
		}
		lastFile, lastLine = p.Filename, p.Line
		out = append(out, d)
	}
	return out
}
