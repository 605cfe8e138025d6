package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"path/filepath"
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
	lc := loadConfig{tests: opt.tests, tags: opt.tags, env: opt.env, dir: opt.dir}
	prog := newProgress(stderr, opt.progress, opt.progressSummary)
	defer prog.stop()
	stderr = prog.writer(stderr)
	required := analyzerGraph(analyzers) // with what they require: what the cache keys and the releaser counts
	var cache *cacheRun
	if dir := cacheDir(opt.cache); dir != "" && !opt.fix {
		// Not with -fix: the fixes and their self-check are computed on
		// the code as it is, never replayed.
		cache = newCache(dir, required, lc)
	}
	counted := lc // the -fix self-check (recheckWith) loads uncounted
	if cache != nil {
		counted.fromExport = cache.fromExport
	}
	var ran func(*types.Package)
	if prog != nil {
		counted.parsed, ran = prog.parsed, prog.ran
	}
	prog.listing()
	pkgs, err := load(patterns, counted, func(line string) { fmt.Fprintln(stderr, line) })
	if err == nil {
		prog.loaded(pkgs)
	}
	if err != nil || len(pkgs) == 0 {
		prog.stop()
	}
	if err != nil {
		printError(stderr, err.Error())
		if opt.json || opt.sarif {
			// The failure must be in the machine-readable output too,
			// not only on stderr.
			if err := writeLoadFailure(stdout, opt, analyzers, patterns, err.Error()); err != nil {
				fmt.Fprintf(stderr, "zmqlint: %v\n", err)
			}
		}
		return ExitError
	}
	if len(pkgs) == 0 {
		msg := fmt.Sprintf("%s matched no packages", strings.Join(patterns, " "))
		printError(stderr, msg)
		if opt.json || opt.sarif {
			if err := writeLoadFailure(stdout, opt, analyzers, patterns, msg); err != nil {
				fmt.Fprintf(stderr, "zmqlint: %v\n", err)
			}
		}
		return ExitError
	}
	le := loadErrors(pkgs)
	for _, e := range le.lines {
		printError(stderr, e)
	}

	filter, err := newFindingFilter(pkgs, opt) // config files, baseline
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitUsage
	}

	// Every analyzer of the graph is wrapped (guardCached), the helper
	// passes too: the cache replays each of them, and the releaser counts
	// each of them to free a package after its last action.
	if cache != nil {
		cache.bind(pkgs)
		filter.useCache(cache)
	}
	rel := newReleaser(required, pkgs)
	guarded := guardCachedReleasing(analyzers, nil, ran, cache, rel)
	prog.analysing(pkgs, guarded, le)
	prog.fromCache(cache.hits())
	graph, err := checker.Analyze(guarded, pkgs, &checker.Options{})
	if err != nil {
		prog.stop()
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	cache.write()
	facing := make(map[*analysis.Analyzer]bool)
	for _, a := range guarded {
		facing[a] = true
	}
	prog.finish(graph, pkgs, facing)
	filter.apply(graph, stderr)
	findings, actionErrs := collect(graph, facing, le)
	for _, e := range actionErrs {
		fmt.Fprintf(stderr, "zmqlint: %s\n", e)
	}
	failed := len(le.lines) > 0 || len(actionErrs) > 0
	if opt.baselineWrite {
		return writeBaselineAndReport(opt.baseline, graph, failed, stderr, cache.enclosingFuncer())
	}

	code := ExitOK
	switch {
	case opt.json:
		if err := printJSON(stdout, graph, facing, le); err != nil {
			fmt.Fprintf(stderr, "zmqlint: %v\n", err)
			return ExitError
		}
	case opt.sarif:
		if err := writeSARIF(stdout, analyzers, findings, append(suppressedFindings(graph), filter.baselined()...), append(append([]string(nil), le.lines...), actionErrs...)); err != nil {
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
		code = applyFixes(findings, fixEnv{sourceFiles(pkgs), recheckWith(pkgs, patterns, analyzers, lc, filter)}, opt.diff, stdout, stderr)
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

// printError prints one error message, which may span lines, the way the
// go command prints it: "zmqlint: " before it, except before a build
// output block ("# pkg" and the tool's lines), which the go command
// prints as is.
func printError(w io.Writer, msg string) {
	if strings.HasPrefix(msg, "# ") {
		fmt.Fprintln(w, msg)
		return
	}
	fmt.Fprintf(w, "zmqlint: %s\n", msg)
}

// writeLoadFailure writes the -json or -sarif output of a run that loaded
// nothing: a JSON tree with the error under each pattern (where the
// packages' IDs would be), or a SARIF log with no results and
// executionSuccessful false.
func writeLoadFailure(w io.Writer, opt options, analyzers []*analysis.Analyzer, patterns []string, msg string) error {
	if opt.sarif {
		return writeSARIF(w, analyzers, nil, nil, []string{msg})
	}
	tree := make(map[string]map[string]jsonError)
	for _, p := range patterns {
		tree[p] = make(map[string]jsonError)
		for _, a := range analyzers {
			tree[p][a.Name] = jsonError{msg}
		}
	}
	return writeJSONTree(w, tree)
}

// loadReport is what loadErrors found: the lines to print, and for each
// package the lines of its own and its dependencies' errors (why it could
// not be analysed).
type loadReport struct {
	lines []string
	why   map[*packages.Package][]string
}

// loadErrors returns every error of the loaded packages and their
// dependencies once, dependencies first, as the go command would report
// them: of each package only the errors of its first failing stage (go
// list, then parsing, then type-checking), since the later ones follow
// from those; and no "could not import P" when P's own errors are
// reported.
func loadErrors(pkgs []*packages.Package) loadReport {
	seen := make(map[string]bool)
	rep := loadReport{why: make(map[*packages.Package][]string)}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		var own []string
		for _, e := range firstStageErrors(p) {
			line := errorLine(p, e)
			own = append(own, line)
			if !seen[line] {
				seen[line] = true
				rep.lines = append(rep.lines, line)
			}
		}
		why := own
		for _, path := range sortedImports(p) {
			why = append(why, rep.why[p.Imports[path]]...)
		}
		if len(why) > 0 {
			rep.why[p] = dedup(why)
		}
	})
	// packages.Visit is deterministic (postorder over sorted imports),
	// which keeps dependencies' errors before their importers'.
	return rep
}

func sortedImports(p *packages.Package) []string {
	paths := make([]string, 0, len(p.Imports))
	for path := range p.Imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	return paths
}

func dedup(lines []string) []string {
	seen := make(map[string]bool)
	out := lines[:0:0]
	for _, l := range lines {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// firstStageErrors returns p's errors of its first failing stage.
func firstStageErrors(p *packages.Package) []packages.Error {
	for _, kind := range []packages.ErrorKind{packages.ListError, packages.ParseError, packages.UnknownError} {
		var errs []packages.Error
		for _, e := range p.Errors {
			if e.Kind == kind {
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			return errs
		}
	}
	var errs []packages.Error
	for _, e := range p.Errors {
		if path, ok := couldNotImport(e.Msg); ok {
			if dep := p.Imports[path]; dep != nil && (len(dep.Errors) > 0 || dep.IllTyped) {
				continue // dep's errors say why
			}
		}
		errs = append(errs, e)
	}
	return errs
}

// couldNotImport returns P of a type error "could not import P (...)".
func couldNotImport(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, "could not import ")
	if !ok {
		return "", false
	}
	path, _, ok := strings.Cut(rest, " (")
	return path, ok
}

// errorLine formats one load error. Errors of the go command (go list)
// are its own message, with its position if it has one; parse and type
// errors name their package.
func errorLine(p *packages.Package, e packages.Error) string {
	pos := e.Pos
	if pos == "-" {
		pos = ""
	}
	switch e.Kind {
	case packages.ListError:
		if pos == "" {
			return e.Msg
		}
		return pos + ": " + e.Msg
	case packages.ParseError:
		if e.Msg == "no such file or directory" || strings.HasSuffix(e.Msg, ": no such file or directory") {
			file, _, _ := strings.Cut(pos, ":")
			if name, ok := utf8Name(file); ok {
				// As the go command says of file names it cannot take.
				return fmt.Sprintf("invalid input file name %q in package %s: not valid UTF-8, which go list cannot report (rename the file)", filepath.Base(name), pkgName(p))
			}
		}
		if strings.HasPrefix(e.Msg, "exceeded max nesting depth") {
			e.Msg += " (a limit of go/parser, which zmqlint uses; the compiler has none)"
		}
	}
	kind := "error"
	switch e.Kind {
	case packages.TypeError:
		kind = "type error"
	case packages.ParseError:
		kind = "syntax error"
	}
	if pos == "" {
		return fmt.Sprintf("%s in package %s: %s", kind, pkgName(p), e.Msg)
	}
	return fmt.Sprintf("%s in package %s: %s: %s", kind, pkgName(p), pos, e.Msg)
}

func pkgName(p *packages.Package) string {
	if p.PkgPath != "" {
		return p.PkgPath
	}
	return p.ID
}

// collect gathers the root actions' diagnostics, de-duplicated (a file can
// belong to both p and p's test variant) and sorted by file, line, column,
// check and message; and the analysis errors, each once, attributed to a
// user-facing check (facing): a failure of an internal helper analysis is
// reported as a failure of the check that needs it, with the helper's
// error. Errors that only follow from load errors (skipped analyses,
// failed prerequisites on a package that did not load) are left out: the
// load errors were printed already.
func collect(graph *checker.Graph, facing map[*analysis.Analyzer]bool, le loadReport) ([]finding, []string) {
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
			if !facing[act.Analyzer] || len(le.why[act.Package]) > 0 {
				continue
			}
			cause := rootCause(act)
			if len(le.why[cause.Package]) > 0 {
				continue
			}
			msg := fmt.Sprintf("%s failed on package %s: %v", act.Analyzer.Name, pkgName(cause.Package), cause.Err)
			if !errSeen[msg] {
				errSeen[msg] = true
				errs = append(errs, msg)
			}
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			f := newFinding(act, d)
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

// newFinding is diagnostic d of action act, with its positions resolved.
func newFinding(act *checker.Action, d analysis.Diagnostic) finding {
	fset := act.Package.Fset
	f := finding{analyzer: act.Analyzer, fset: fset, diag: d, posn: fset.Position(d.Pos)}
	if d.End.IsValid() {
		f.end = fset.Position(d.End)
	}
	return f
}

// rootCause returns the action whose own failure made act fail: act
// itself, or, for "failed prerequisites", the first failed action among
// its dependencies (depth first) that did not fail only because of its
// own prerequisites.
func rootCause(act *checker.Action) *checker.Action {
	seen := make(map[*checker.Action]bool)
	var find func(a *checker.Action) *checker.Action
	find = func(a *checker.Action) *checker.Action {
		if seen[a] {
			return nil
		}
		seen[a] = true
		if a.Err == nil {
			return nil
		}
		if !strings.HasPrefix(a.Err.Error(), "failed prerequisites") {
			return a
		}
		for _, d := range a.Deps {
			if c := find(d); c != nil {
				return c
			}
		}
		return nil
	}
	if c := find(act); c != nil {
		return c
	}
	return act
}

// printJSON writes the JSON tree of graph (writeJSON), with two changes that make it say what went
// wrong: the entries of a package that could not be loaded hold its load
// errors (and those of its dependencies) instead of "failed
// prerequisites", and an internal helper analysis never appears, neither
// as an entry nor in an error, its failures being reported by the checks
// that need it.
func printJSON(w io.Writer, graph *checker.Graph, facing map[*analysis.Analyzer]bool, le loadReport) error {
	var buf bytes.Buffer
	if err := writeJSON(&buf, graph); err != nil {
		return err
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &tree); err != nil {
		return fmt.Errorf("internal error: reading the JSON tree: %v", err)
	}
	if tree == nil {
		tree = make(map[string]map[string]json.RawMessage)
	}
	names := make(map[string]bool)
	for a := range facing {
		names[a.Name] = true
	}
	errorOf := make(map[[2]string]string)
	for act := range graph.All() {
		if !facing[act.Analyzer] {
			continue
		}
		k := [2]string{act.Package.ID, act.Analyzer.Name}
		switch {
		case len(le.why[act.Package]) > 0:
			errorOf[k] = strings.Join(le.why[act.Package], "\n")
		case act.Err != nil:
			cause := rootCause(act)
			if why := le.why[cause.Package]; len(why) > 0 {
				errorOf[k] = strings.Join(why, "\n")
			} else {
				errorOf[k] = fmt.Sprintf("%s failed on package %s: %v", act.Analyzer.Name, pkgName(cause.Package), cause.Err)
			}
		}
	}
	for id, m := range tree {
		for name := range m {
			if !names[name] {
				delete(m, name)
			}
		}
		if len(m) == 0 {
			delete(tree, id)
		}
	}
	for k, msg := range errorOf {
		m := tree[k[0]]
		if m == nil {
			m = make(map[string]json.RawMessage)
			tree[k[0]] = m
		}
		data, err := json.Marshal(jsonError{msg})
		if err != nil {
			return err
		}
		m[k[1]] = data
	}
	return writeJSONTree(w, tree)
}

// writeJSONTree writes tree as x/tools' JSONTree.Print does.
func writeJSONTree(w io.Writer, tree any) error {
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
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
	return guardWith(analyzers, nil, nil)
}

// guardOverlay is guard whose analyzers read the files of overlay (by
// absolute name) from it through pass.ReadFile, as the loader does: the
// checker's ReadFile reads the disk, so a check that takes a name or a
// statement's text from the source (the messages, the fixes) would read
// the unfixed file at the fixed file's offsets.
func guardOverlay(analyzers []*analysis.Analyzer, overlay map[string][]byte) []*analysis.Analyzer {
	return guardWith(analyzers, overlay, nil)
}

// guardWith is guardOverlay whose analyzers also call ran, if not nil,
// with the package each time one of them has finished on it (with a
// result, an error or a panic): the progress report counts them.
func guardWith(analyzers []*analysis.Analyzer, overlay map[string][]byte, ran func(*types.Package)) []*analysis.Analyzer {
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		g := *a
		g.Run = guardRun(a, a.Run, overlay, ran, nil, nil, nil)
		out[i] = &g
	}
	return out
}

// guardCached is guardWith with the analysis cache cr (cache.go): every
// analyzer of the graph, the required helper passes too, is copied with a
// wrapped Run, since on a package replayed from the cache none of them
// may run. The copies' Requires are the copies; each wrapper gives its
// analyzer the results under the original analyzers, by which the checks
// look them up. ran is called for the user-facing analyzers only, as
// guardWith does. cr nil: no cache.
func guardCached(analyzers []*analysis.Analyzer, overlay map[string][]byte, ran func(*types.Package), cr *cacheRun) []*analysis.Analyzer {
	return guardCachedReleasing(analyzers, overlay, ran, cr, nil)
}

// guardCachedReleasing is guardCached whose wrappers also tell rel, if
// not nil, when their analyzer has finished on a package (release.go).
// rel counts the original analyzers (analyzerGraph of analyzers).
func guardCachedReleasing(analyzers []*analysis.Analyzer, overlay map[string][]byte, ran func(*types.Package), cr *cacheRun, rel *releaser) []*analysis.Analyzer {
	facing := make(map[*analysis.Analyzer]bool)
	for _, a := range analyzers {
		facing[a] = true
	}
	copies := make(map[*analysis.Analyzer]*analysis.Analyzer)
	orig := make(map[*analysis.Analyzer]*analysis.Analyzer) // copy → original, read-only once built
	var visit func(a *analysis.Analyzer) *analysis.Analyzer
	visit = func(a *analysis.Analyzer) *analysis.Analyzer {
		if c, ok := copies[a]; ok {
			return c
		}
		g := *a
		copies[a] = &g
		orig[&g] = a
		g.Requires = make([]*analysis.Analyzer, len(a.Requires))
		for i, r := range a.Requires {
			g.Requires[i] = visit(r)
		}
		countRan := ran
		if !facing[a] {
			countRan = nil
		}
		g.Run = guardRun(a, a.Run, overlay, countRan, orig, cr, rel)
		return &g
	}
	out := make([]*analysis.Analyzer, len(analyzers))
	for i, a := range analyzers {
		out[i] = visit(a)
	}
	return out
}

// guardRun is the wrapped Run of analyzer a (see guardWith and
// guardCached): orig, if not nil, maps the analyzers of pass.ResultOf
// back to the originals; cr, if not nil, is the run's cache; rel, if not
// nil, is told when a has finished on the package (after the recovery
// below, so a panic counts as finished too).
func guardRun(a *analysis.Analyzer, run func(*analysis.Pass) (any, error), overlay map[string][]byte, ran func(*types.Package), orig map[*analysis.Analyzer]*analysis.Analyzer, cr *cacheRun, rel *releaser) func(*analysis.Pass) (any, error) {
	return func(pass *analysis.Pass) (res any, err error) {
		if ran != nil {
			defer ran(pass.Pkg)
		}
		if rel != nil {
			checkerPass := pass
			defer func() { rel.finished(a, checkerPass, res) }()
			rel.enter(pass.Pkg)
			defer rel.leave()
		}
		defer func() {
			if r := recover(); r != nil {
				res, err = nil, fmt.Errorf("internal error: %v (please report it)", r)
			}
		}()
		if len(overlay) > 0 || orig != nil {
			p := *pass
			if len(overlay) > 0 {
				read := pass.ReadFile
				p.ReadFile = func(name string) ([]byte, error) {
					if data, ok := overlay[name]; ok {
						return data, nil
					}
					return read(name)
				}
			}
			if orig != nil {
				p.ResultOf = make(map[*analysis.Analyzer]any, len(pass.ResultOf))
				for k, v := range pass.ResultOf {
					if o := orig[k]; o != nil {
						k = o
					}
					p.ResultOf[k] = v
				}
			}
			pass = &p
		}
		if pc := cr.lookup(pass.Pkg); pc != nil && pc.key != "" {
			if pc.hit != nil {
				return cr.replay(pc, a, pass)
			}
			return pc.record(a, pass, run)
		}
		return run(pass)
	}
}
