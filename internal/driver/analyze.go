package driver

import (
	"fmt"
	"go/token"
	"io"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// finding is one diagnostic of a root package, with its positions
// resolved.
type finding struct {
	analyzer *analysis.Analyzer
	fset     *token.FileSet
	diag     analysis.Diagnostic
	posn     token.Position
	end      token.Position
}

// analyze loads and analyzes patterns and reports the results as opt
// asks; it returns the exit code.
func analyze(patterns []string, analyzers []*analysis.Analyzer, opt options, stdout, stderr io.Writer) int {
	pkgs, err := load(patterns, opt.tests, func(line string) { fmt.Fprintln(stderr, line) })
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	if len(pkgs) == 0 {
		fmt.Fprintf(stderr, "zmqlint: %s matched no packages\n", strings.Join(patterns, " "))
		return ExitError
	}
	loadErrs := loadErrors(pkgs)
	for _, e := range loadErrs {
		fmt.Fprintf(stderr, "zmqlint: %s\n", e)
	}

	filter, err := newFindingFilter(pkgs, opt) // config files, baseline
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitUsage
	}

	graph, err := checker.Analyze(guard(analyzers), pkgs, &checker.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	filter.apply(graph, stderr)
	findings, actionErrs := collect(graph, len(loadErrs) > 0)
	for _, e := range actionErrs {
		fmt.Fprintf(stderr, "zmqlint: %s\n", e)
	}
	failed := len(loadErrs) > 0 || len(actionErrs) > 0
	if opt.baselineWrite {
		return writeBaselineAndReport(opt.baseline, graph, failed, stderr)
	}

	code := ExitOK
	switch {
	case opt.json:
		if err := writeJSON(stdout, graph); err != nil {
			fmt.Fprintf(stderr, "zmqlint: %v\n", err)
			return ExitError
		}
	case opt.sarif:
		if err := writeSARIF(stdout, analyzers, findings, suppressedFindings(graph), append(loadErrs, actionErrs...)); err != nil {
			fmt.Fprintf(stderr, "zmqlint: %v\n", err)
			return ExitError
		}
	case opt.fix:
		if failed {
			// Never edit code that did not type-check: a fix computed
			// on a partial analysis may be wrong.
			printText(stderr, findings, opt.context)
			fmt.Fprintln(stderr, "zmqlint: not applying fixes because of the errors above")
			return ExitError
		}
		code = applyFixes(findings, fixEnv{sourceFiles(pkgs), recheckWith(pkgs, patterns, analyzers, opt.tests, filter)}, opt.diff, stdout, stderr)
	default:
		printText(stderr, findings, opt.context)
		if len(findings) > 0 {
			code = ExitFindings
		}
	}
	if failed {
		return ExitError
	}
	return code
}

// loadErrors returns every error of the loaded packages and their
// dependencies once, each naming its package, dependencies first.
func loadErrors(pkgs []*packages.Package) []string {
	type key struct{ pkg, msg string }
	seen := make(map[key]bool)
	var lines []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			k := key{p.PkgPath, e.Error()}
			if seen[k] {
				continue
			}
			seen[k] = true
			kind := "error"
			switch e.Kind {
			case packages.TypeError:
				kind = "type error"
			case packages.ParseError:
				kind = "syntax error"
			case packages.ListError:
				kind = "cannot load"
			}
			pkg := p.PkgPath
			if pkg == "" {
				pkg = p.ID
			}
			lines = append(lines, fmt.Sprintf("%s in package %s: %s", kind, pkg, e.Error()))
		}
	})
	// packages.Visit is deterministic (postorder over sorted imports),
	// which keeps dependencies' errors before their importers'.
	return lines
}

// collect gathers the root actions' diagnostics, de-duplicated (a file can
// belong to both p and p's test variant) and sorted by file, line, column,
// check and message; and the analysis errors. When the packages had load
// errors, the errors that only follow from them (skipped analyses, failed
// prerequisites) are left out: the load errors were printed already.
func collect(graph *checker.Graph, hadLoadErrors bool) ([]finding, []string) {
	type key struct {
		posn, end token.Position
		analyzer  string
		msg       string
	}
	seen := make(map[key]bool)
	errSeen := make(map[string]bool)
	var findings []finding
	var errs []string
	for act := range graph.All() {
		if act.Err != nil {
			if hadLoadErrors && (act.Package.IllTyped || len(act.Package.Errors) > 0 ||
				strings.HasPrefix(act.Err.Error(), "failed prerequisites")) {
				continue
			}
			msg := fmt.Sprintf("%s failed on package %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			if !errSeen[msg] {
				errSeen[msg] = true
				errs = append(errs, msg)
			}
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			f := finding{analyzer: act.Analyzer, fset: fset, diag: d, posn: fset.Position(d.Pos)}
			if d.End.IsValid() {
				f.end = fset.Position(d.End)
			}
			k := key{f.posn, f.end, act.Analyzer.Name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			findings = append(findings, f)
		}
	}
	sort.SliceStable(findings, func(i, j int) bool { return findingLess(findings[i], findings[j]) })
	sort.Strings(errs)
	return findings, errs
}

func findingLess(a, b finding) bool {
	if a.posn.Filename != b.posn.Filename {
		return a.posn.Filename < b.posn.Filename
	}
	if a.posn.Line != b.posn.Line {
		return a.posn.Line < b.posn.Line
	}
	if a.posn.Column != b.posn.Column {
		return a.posn.Column < b.posn.Column
	}
	if a.analyzer.Name != b.analyzer.Name {
		return a.analyzer.Name < b.analyzer.Name
	}
	return a.diag.Message < b.diag.Message
}

// guard returns copies of the user-facing analyzers whose Run turns a
// panic into an error, so that a bug in a check (or an invalid fix, which
// the checker rejects by panicking) is reported instead of crashing the
// run. Required analyzers are shared, not copied: checks look up their
// results by identity.
func guard(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		g := *a
		run := a.Run
		g.Run = func(pass *analysis.Pass) (res any, err error) {
			defer func() {
				if r := recover(); r != nil {
					res, err = nil, fmt.Errorf("internal error: %v (please report it)", r)
				}
			}()
			return run(pass)
		}
		out[i] = &g
	}
	return out
}
