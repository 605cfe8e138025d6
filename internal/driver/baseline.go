package driver

// The baseline: a file of accepted findings, so that zmqlint can be
// adopted on existing code and report only the findings a change adds.
//
// A finding is keyed without its line: its file (relative to its module's
// root, plus the module path), its rule (check/category), the function it
// is in, and its message with line numbers replaced by "N". Findings with
// equal keys are told apart by their order in the file: the baseline
// stores how many there are, and that many (the first ones) are accepted.
// So moving code, inserting lines above it or renaming a variable's line
// keeps a finding baselined; a second identical finding in the same
// function is new.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// baselineVersion is the format's version, the value of the file's
// "zmqlint_baseline" key.
const baselineVersion = 1

type baselineFile struct {
	Version  int             `json:"zmqlint_baseline"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Module   string `json:"module,omitempty"`
	File     string `json:"file"`
	Rule     string `json:"rule"`
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
	Count    int    `json:"count"`
}

// baselineKey is a baselineEntry without its count.
type baselineKey struct {
	module, file, rule, function, message string
}

func (e baselineEntry) key() baselineKey {
	return baselineKey{e.Module, e.File, e.Rule, e.Function, e.Message}
}

// readBaseline reads the baseline file name.
func readBaseline(name string) (map[baselineKey]int, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("-baseline: %s does not exist (create it with: zmqlint -baseline=%s -baseline-write ./...)", name, name)
	}
	if err != nil {
		return nil, fmt.Errorf("-baseline: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f baselineFile
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("-baseline: %s:%d: invalid JSON: %v", name, lineAt(data, se.Offset), err)
		}
		return nil, fmt.Errorf("-baseline: %s: %v (rewrite it with -baseline-write)", name, err)
	}
	if f.Version != baselineVersion {
		return nil, fmt.Errorf("-baseline: %s is not a zmqlint baseline of version %d (\"zmqlint_baseline\": %d); rewrite it with -baseline-write", name, baselineVersion, f.Version)
	}
	counts := make(map[baselineKey]int)
	for _, e := range f.Findings {
		if e.Count < 1 {
			return nil, fmt.Errorf("-baseline: %s: the entry for %s in %s has count %d (want 1 or more)", name, e.Rule, e.File, e.Count)
		}
		counts[e.key()] += e.Count
	}
	return counts, nil
}

// writeBaseline writes the findings left in graph's root actions to name.
// The entries of an existing baseline for files this run did not analyze
// are kept, so that a run on some packages does not drop the others'.
func writeBaseline(name string, graph *checker.Graph, funcOf enclosingFuncer) (int, error) {
	counts := make(map[baselineKey]int)
	if old, err := readBaseline(name); err == nil {
		analyzed := analyzedFiles(graph)
		for k, n := range old {
			if !analyzed[fileKey{k.module, k.file}] {
				counts[k] = n
			}
		}
	}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		// A file belongs to a package and its test variant: both see the
		// same findings in it, so the count is the larger, not the sum.
		for k, n := range actionKeyCountsWith(act, funcOf) {
			counts[k] = max(counts[k], n)
		}
	}
	f := baselineFile{Version: baselineVersion, Findings: []baselineEntry{}}
	total := 0
	for k, n := range counts {
		f.Findings = append(f.Findings, baselineEntry{k.module, k.file, k.rule, k.function, k.message, n})
		total += n
	}
	sort.Slice(f.Findings, func(i, j int) bool {
		a, b := f.Findings[i], f.Findings[j]
		for _, c := range [][2]string{{a.Module, b.Module}, {a.File, b.File}, {a.Function, b.Function}, {a.Rule, b.Rule}, {a.Message, b.Message}} {
			if c[0] != c[1] {
				return c[0] < c[1]
			}
		}
		return false
	})
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return 0, err
	}
	data = append(data, '\n')
	if err := writeFileAtomic(name, data); err != nil {
		return 0, fmt.Errorf("-baseline-write: %v", err)
	}
	return total, nil
}

// writeFileAtomic writes data to a temporary file beside name and renames
// it into place, so that an interrupted run leaves the old file.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// actionKeyCounts returns how many findings of act have each key.
func actionKeyCounts(act *checker.Action) map[baselineKey]int {
	return actionKeyCountsWith(act, nil)
}

func actionKeyCountsWith(act *checker.Action, funcOf enclosingFuncer) map[baselineKey]int {
	counts := make(map[baselineKey]int)
	for _, k := range actionKeysWith(act, funcOf) {
		counts[k.key]++
	}
	return counts
}

type keyedDiag struct {
	key        baselineKey
	occurrence int // 0 for the first finding with key in position order
}

// actionKeys returns the key and occurrence of each of act's diagnostics,
// in the order of act.Diagnostics.
func actionKeys(act *checker.Action) []keyedDiag { return actionKeysWith(act, nil) }

// enclosingFuncer names the function around pos in pkg when pkg has no
// syntax (the analysis cache replayed it: cacheRun.enclosingFunc); ok
// false: ask the syntax.
type enclosingFuncer func(pkg *packages.Package, pos token.Pos) (name string, ok bool)

// actionKeysWith is actionKeys, with funcOf, if not nil, naming the
// enclosing functions of replayed findings.
func actionKeysWith(act *checker.Action, funcOf enclosingFuncer) []keyedDiag {
	pkg := act.Package
	out := make([]keyedDiag, len(act.Diagnostics))
	order := make([]int, len(act.Diagnostics))
	for i, d := range act.Diagnostics {
		fk := baselineFileKey(pkg, pkg.Fset.Position(d.Pos).Filename)
		rule := act.Analyzer.Name
		if d.Category != "" {
			rule += "/" + d.Category
		}
		fn, ok := "", false
		if funcOf != nil {
			fn, ok = funcOf(pkg, d.Pos)
		}
		if !ok {
			fn = enclosingFunc(pkg.Syntax, d.Pos)
		}
		out[i].key = baselineKey{fk.module, fk.file, rule, fn, normaliseMessage(d.Message)}
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return act.Diagnostics[order[a]].Pos < act.Diagnostics[order[b]].Pos
	})
	seen := make(map[baselineKey]int)
	for _, i := range order {
		out[i].occurrence = seen[out[i].key]
		seen[out[i].key]++
	}
	return out
}

// within returns file relative to dir, slash-separated, if it is inside.
func within(dir, file string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return rel, true
}

// enclosingFunc names the top-level function declaration that contains
// pos: "F", or "T.M" for a method (pointer or not); "" outside functions.
// A function literal counts as part of the function it is written in.
func enclosingFunc(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos >= fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				if t := recvTypeName(fd.Recv.List[0].Type); t != "" {
					return t + "." + fd.Name.Name
				}
			}
			return fd.Name.Name
		}
	}
	return ""
}

func recvTypeName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr: // generic receiver T[P]
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// lineRef matches the line numbers messages cite ("on line 37", "(line
// 12)", "lines 3 and 5") and file:line:col positions.
var (
	lineRef = regexp.MustCompile(`\b(lines?) \d+((?:,| and|-) ?\d+)*`)
	posnRef = regexp.MustCompile(`(\.go):\d+(:\d+)?`)
)

// normaliseMessage removes what a line move changes from a message.
func normaliseMessage(msg string) string {
	msg = lineRef.ReplaceAllString(msg, "$1 N")
	return posnRef.ReplaceAllString(msg, "$1:N")
}

// fileKey is a file as a baseline names it.
type fileKey struct{ module, file string }

// analyzedFiles returns the files of graph's root packages.
func analyzedFiles(graph *checker.Graph) map[fileKey]bool {
	files := make(map[fileKey]bool)
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		for _, f := range act.Package.GoFiles {
			files[baselineFileKey(act.Package, f)] = true
		}
	}
	return files
}

// baselineFileKey returns how the baseline names file of pkg: relative to
// its module's root, or as given when it is outside (or there is no
// module).
func baselineFileKey(pkg *packages.Package, file string) fileKey {
	if pkg.Module != nil {
		if rel, ok := within(pkg.Module.Dir, file); ok {
			return fileKey{pkg.Module.Path, rel}
		}
	}
	return fileKey{"", filepath.ToSlash(file)}
}

// baselineFilter drops the findings the baseline accepts and counts the
// accepted ones and those of the baseline that no longer occur.
type baselineFilter struct {
	funcOf   enclosingFuncer // for replayed packages (the cache); nil: none
	counts   map[baselineKey]int
	matched  map[baselineKey]int // the most findings of a key one action had
	analyzed map[fileKey]bool    // the files of the run's packages
	// accepted are the findings the baseline took out of the graph, so
	// that -sarif can still show them as suppressed (kind "external").
	accepted []suppressedFinding
}

func (b *baselineFilter) apply(graph *checker.Graph) (accepted int) {
	b.matched = make(map[baselineKey]int)
	b.analyzed = analyzedFiles(graph)
	for act := range graph.All() {
		if !act.IsRoot || len(act.Diagnostics) == 0 {
			continue
		}
		keys := actionKeysWith(act, b.funcOf)
		kept := act.Diagnostics[:0:0]
		per := make(map[baselineKey]int)
		for i, d := range act.Diagnostics {
			k := keys[i]
			if k.occurrence < b.counts[k.key] {
				per[k.key]++
				b.accepted = append(b.accepted, suppressedFinding{finding: newFinding(act, d), kind: "external"})
				continue
			}
			kept = append(kept, d)
		}
		for k, n := range per {
			b.matched[k] = max(b.matched[k], n)
		}
		act.Diagnostics = kept
	}
	for _, n := range b.matched {
		accepted += n
	}
	return accepted
}

// gone returns how many baselined findings did not occur.
func (b *baselineFilter) gone() int {
	n := 0
	for k, c := range b.counts {
		if !b.analyzed[fileKey{k.module, k.file}] {
			continue // not part of this run
		}
		n += c - min(c, b.matched[k])
	}
	return n
}

// baselineNote tells how many findings the baseline accepted.
func baselineNote(w io.Writer, name string, accepted, gone int) {
	if accepted == 0 && gone == 0 {
		return
	}
	msg := fmt.Sprintf("zmqlint: %d finding(s) accepted by the baseline %s", accepted, name)
	if gone > 0 {
		msg += fmt.Sprintf("; %d baselined finding(s) no longer occur (prune them with -baseline-write)", gone)
	}
	fmt.Fprintln(w, msg)
}

// writeBaselineAndReport implements -baseline-write: it refuses to write a
// baseline from a run that failed (it would miss the findings of the
// packages that did not load), else writes it and returns ExitOK.
func writeBaselineAndReport(name string, graph *checker.Graph, failed bool, stderr io.Writer, funcOf enclosingFuncer) int {
	if failed {
		fmt.Fprintf(stderr, "zmqlint: not writing the baseline %s because of the errors above\n", name)
		return ExitError
	}
	n, err := writeBaseline(name, graph, funcOf)
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "zmqlint: wrote %d finding(s) to the baseline %s\n", n, name)
	return ExitOK
}
