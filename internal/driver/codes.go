package driver

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/docs"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// This file holds what the driver adds to the checks in every mode: the
// always-on passes, each finding's code in text, and per-run copies of the
// checks' category flags.

// vetAnalyzers are the analyzers handed to unitchecker under go vet: the
// checks and the always-on passes, as copies whose messages end with the
// finding's code, "(lifecycle/leaked-socket)". go vet renders the text
// itself from the messages, so the code has to be in them there.
func vetAnalyzers(checks []*analysis.Analyzer) []*analysis.Analyzer {
	all := append(append([]*analysis.Analyzer(nil), checks...), analyzers.Always()...)
	out := make([]*analysis.Analyzer, len(all))
	for i, a := range all {
		c := *a
		c.Run = func(pass *analysis.Pass) (any, error) {
			p := *pass
			p.Report = func(d analysis.Diagnostic) {
				d.Message = registry.WithCode(d.Message, a.Name, d.Category)
				pass.Report(d)
			}
			return a.Run(&p)
		}
		out[i] = &c
	}
	return out
}

// vetArgs keeps the directive pass on under go vet when checks are
// selected with -NAME: unitchecker then runs only the named analyzers,
// and a directive naming no known check would go unreported.
func vetArgs(args []string, checks []*analysis.Analyzer) []string {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return args // a protocol query (-V=full, -flags)
	}
	selects := false
	for _, a := range args[:len(args)-1] {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		for _, c := range checks {
			if name == c.Name && (!hasValue || isTrue(value)) {
				selects = true
			}
		}
		for _, p := range analyzers.Always() {
			if name == p.Name {
				return args // the user said it
			}
		}
	}
	if !selects {
		return args
	}
	out := append([]string(nil), args[:len(args)-1]...)
	for _, p := range analyzers.Always() {
		out = append(out, "-"+p.Name)
	}
	return append(out, args[len(args)-1])
}

func isTrue(v string) bool {
	switch v {
	case "true", "1", "t", "T", "TRUE", "True":
		return true
	}
	return false
}

// withFreshFlags returns copies of the checks whose category flags
// (registry.Flags) are new for this run, so that -lifecycle.leaked-socket=false
// in one Run does not stay set for the next (tests run many in one
// process). Other flags of an analyzer keep their values.
func withFreshFlags(checks []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(checks))
	for i, a := range checks {
		c := *a
		c.Flags = registry.Flags(a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			if c.Flags.Lookup(f.Name) == nil {
				c.Flags.Var(f.Value, f.Name, f.Usage)
			}
		})
		out[i] = &c
	}
	return out
}

// alwaysOn are the passes the standalone driver adds to the selected
// checks.
func alwaysOn() []*analysis.Analyzer { return analyzers.Always() }

// helpCategory implements "zmqlint help check/category": the category's
// docs section, from the embedded docs, and its URL.
func helpCategory(stdout, stderr io.Writer, code string) bool {
	check, cat, err := registry.Parse(code)
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return false
	}
	url := registry.URL(check, cat)
	page, anchor, _ := strings.Cut(strings.TrimPrefix(url, registry.DocsBase), "#")
	if text, ok := docs.Section(page, anchor, registry.DocsBase); ok {
		fmt.Fprintf(stdout, "%s\n\n%s\n", code, text)
	}
	fmt.Fprintf(stdout, "\nDocumentation: %s\n", url)
	return true
}
