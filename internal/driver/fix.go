package driver

import (
	"bytes"
	"fmt"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// An edit replaces the bytes [start, end) of a file with text.
type edit struct {
	start, end int
	text       string
}

// fileEdits are the accepted edits of one file and the size the file had
// when it was loaded (to notice a file changed since).
type fileEdits struct {
	size  int
	edits []edit
}

// fixEnv is what applyFixes needs beyond the findings: the files it may
// write, and a way to analyze the fixed code before writing it.
type fixEnv struct {
	// sources are the analyzed packages' own source files (GoFiles, by
	// absolute name): no fix writes any other file, such as cgo's
	// processed copy in the build cache or a built-in stub.
	sources map[string]bool
	// recheck loads and analyzes the packages again with overlay in
	// place of the files on disk; nil skips the self-check.
	recheck func(overlay map[string][]byte) (findings []finding, errs []string, err error)
}

// sourceFiles returns the GoFiles of pkgs (the roots, with their test
// variants) that belong to the user: packages of the main module (or of
// the workspace's modules), or GOPATH packages outside GOROOT. A
// dependency module (in the module cache or vendored) named on the command line,
// and the standard library, are analyzed but never edited.
func sourceFiles(pkgs []*packages.Package) map[string]bool {
	goroot := filepath.Clean(build.Default.GOROOT) + string(filepath.Separator)
	files := make(map[string]bool)
	for _, p := range pkgs {
		if p.Module != nil && !p.Module.Main {
			continue
		}
		for _, name := range p.GoFiles {
			if p.Module == nil && strings.HasPrefix(name, goroot) {
				continue
			}
			files[name] = true
		}
	}
	return files
}

// recheckWith returns the fixEnv.recheck that loads again the packages of
// pkgs that own a fixed file (or all patterns, when a package cannot be
// named by its path) and runs analyzers on them, as analyze does. Only
// those packages: a fix changes what its own package reports; importers
// could see other facts, which this check leaves out to keep -fix's cost
// near one analysis of the fixed packages. filter (config files,
// baseline) drops the same findings as in the first run.
func recheckWith(pkgs []*packages.Package, patterns []string, analyzers []*analysis.Analyzer, lc loadConfig, filter *findingFilter) func(map[string][]byte) ([]finding, []string, error) {
	return func(overlay map[string][]byte) ([]finding, []string, error) {
		var fixed []string
		seen := make(map[string]bool)
		for _, p := range pkgs {
			for _, name := range p.GoFiles {
				if overlay[name] != nil && !seen[p.PkgPath] {
					seen[p.PkgPath] = true
					fixed = append(fixed, p.PkgPath)
				}
			}
		}
		sort.Strings(fixed)
		if len(fixed) == 0 || seen["command-line-arguments"] || seen[""] {
			fixed = patterns
		}
		lc := lc
		lc.overlay = overlay
		again, err := load(fixed, lc, func(string) {})
		if err != nil {
			return nil, nil, err
		}
		le := loadErrors(again)
		guarded := guard(analyzers)
		graph, err := checker.Analyze(guarded, again, &checker.Options{})
		if err != nil {
			return nil, nil, err
		}
		if filter != nil {
			filter.apply(graph, io.Discard)
		}
		facing := make(map[*analysis.Analyzer]bool)
		for _, a := range guarded {
			facing[a] = true
		}
		findings, actionErrs := collect(graph, facing, le)
		return findings, append(le.lines, actionErrs...), nil
	}
}

// applyFixes applies the first suggested fix of each finding (in finding
// order), skipping a fix whose edits overlap an already accepted one or
// that would write a file that is not one of env.sources; with diff it
// prints a unified diff instead of writing. It never leaves a file
// half-written: all new contents are computed and checked first, then
// written through temporary files and renames; any failure before the
// renames changes nothing. Before writing, the fixed code is analyzed
// again (env.recheck): if it no longer type-checks nothing is written;
// a finding the fixes introduced is reported, and the exit code says so.
func applyFixes(findings []finding, env fixEnv, diff bool, stdout, stderr io.Writer) int {
	files := make(map[string]*fileEdits)
	var unfixed []finding
	applied := 0
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			unfixed = append(unfixed, f)
			continue
		}
		fix := f.diag.SuggestedFixes[0]
		byFile, err := resolveEdits(f, fix.TextEdits)
		if err != nil {
			fmt.Fprintf(stderr, "zmqlint: %s: cannot apply fix %q: %v\n", f.posn, fix.Message, err)
			unfixed = append(unfixed, f)
			continue
		}
		if name, ok := outsideSources(byFile, env.sources); !ok {
			fmt.Fprintf(stderr, "zmqlint: %s: not applying fix %q: it would edit %s, which is not a source file of the analyzed packages (a generated or cached copy); fix the source by hand\n",
				f.posn, fix.Message, name)
			unfixed = append(unfixed, f)
			continue
		}
		if conflict := conflicts(files, byFile); conflict {
			fmt.Fprintf(stderr, "zmqlint: %s: skipped fix %q: it overlaps another fix; run zmqlint -fix again\n", f.posn, fix.Message)
			unfixed = append(unfixed, f)
			continue
		}
		for name, fe := range byFile {
			cur := files[name]
			if cur == nil {
				cur = &fileEdits{size: fe.size}
				files[name] = cur
			}
			for _, e := range fe.edits {
				if !containsEdit(cur.edits, e) {
					cur.edits = append(cur.edits, e)
				}
			}
		}
		applied++
	}

	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	type change struct {
		name     string
		old, new []byte
	}
	var changes []change
	for _, name := range names {
		old, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "zmqlint: %v; no file was changed\n", err)
			return ExitError
		}
		fe := files[name]
		if len(old) != fe.size {
			fmt.Fprintf(stderr, "zmqlint: %s changed since it was analyzed; no file was changed\n", name)
			return ExitError
		}
		new, err := applyEdits(name, old, fe.edits)
		if err != nil {
			fmt.Fprintf(stderr, "zmqlint: %s: %v; no file was changed\n", name, err)
			return ExitError
		}
		if !bytes.Equal(old, new) {
			changes = append(changes, change{name, old, new})
		}
	}

	introduced := 0
	if env.recheck != nil && len(changes) > 0 {
		overlay := make(map[string][]byte, len(changes))
		for _, c := range changes {
			overlay[c.name] = c.new
		}
		after, errs, err := env.recheck(overlay)
		if err != nil {
			fmt.Fprintf(stderr, "zmqlint: cannot check the fixed code: %v; no file was changed\n", err)
			return ExitError
		}
		if len(errs) > 0 {
			for _, e := range errs {
				fmt.Fprintf(stderr, "zmqlint: %s\n", e)
			}
			fmt.Fprintln(stderr, "zmqlint: the fixed code would not build (errors above): no file was changed; please report it")
			return ExitError
		}
		if added := introducedFindings(findings, after); len(added) > 0 {
			introduced = len(added)
			fmt.Fprintf(stderr, "zmqlint: warning: the fixes introduce %d new finding(s); review them:\n", len(added))
			printText(stderr, added, -1)
		}
	}

	if diff {
		for _, c := range changes {
			rel := displayPath(c.name)
			stdout.Write(unifiedDiff("a/"+rel, "b/"+rel, c.old, c.new))
		}
		if len(changes) > 0 || len(unfixed) > 0 || introduced > 0 {
			printText(stderr, unfixed, -1)
			return ExitFindings
		}
		return ExitOK
	}

	writes := make([]pendingWrite, 0, len(changes))
	for _, c := range changes {
		writes = append(writes, pendingWrite{name: c.name, data: c.new})
	}
	if err := writeAll(writes); err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	if applied > 0 {
		fmt.Fprintf(stderr, "zmqlint: applied %d fix(es) to %d file(s)\n", applied, len(changes))
	}
	if len(unfixed) > 0 || introduced > 0 {
		printText(stderr, unfixed, -1)
		return ExitFindings
	}
	return ExitOK
}

// outsideSources returns the first file of byFile that is not one of
// sources (in name order), and false; or true if all are. A nil sources
// allows every file.
func outsideSources(byFile map[string]*fileEdits, sources map[string]bool) (string, bool) {
	if sources == nil {
		return "", true
	}
	var bad []string
	for name := range byFile {
		if !sources[name] {
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return "", true
	}
	sort.Strings(bad)
	return bad[0], false
}

// introducedFindings returns the findings of after that before did not
// have, comparing check, category, file and message with numbers left
// out (the fixes move lines), with multiplicity.
func introducedFindings(before, after []finding) []finding {
	key := func(f finding) string {
		return f.analyzer.Name + "\x00" + f.diag.Category + "\x00" + f.posn.Filename + "\x00" + stripDigits(f.diag.Message)
	}
	count := make(map[string]int)
	for _, f := range before {
		count[key(f)]++
	}
	var added []finding
	for _, f := range after {
		k := key(f)
		if count[k] > 0 {
			count[k]--
			continue
		}
		added = append(added, f)
	}
	return added
}

func stripDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
				b.WriteByte('N')
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// resolveEdits turns a fix's edits into byte offsets, by file.
func resolveEdits(f finding, edits []analysis.TextEdit) (map[string]*fileEdits, error) {
	out := make(map[string]*fileEdits)
	for _, te := range edits {
		tf := f.fset.File(te.Pos)
		if tf == nil {
			return nil, fmt.Errorf("edit has no file")
		}
		end := te.End
		if !end.IsValid() {
			end = te.Pos
		}
		if f.fset.File(end) != tf {
			return nil, fmt.Errorf("edit spans files")
		}
		start, stop := tf.Offset(te.Pos), tf.Offset(end)
		if start > stop {
			return nil, fmt.Errorf("edit ends before it starts")
		}
		name := tf.Name()
		fe := out[name]
		if fe == nil {
			fe = &fileEdits{size: tf.Size()}
			out[name] = fe
		}
		fe.edits = append(fe.edits, edit{start, stop, string(te.NewText)})
	}
	return out, nil
}

// conflicts reports whether any new edit overlaps an accepted one of the
// same file. An identical edit is not a conflict (the same diagnostic is
// often reported for a package and its test variant). Two different
// insertions at one offset are, since their order would be a guess.
func conflicts(files map[string]*fileEdits, add map[string]*fileEdits) bool {
	for name, fe := range add {
		cur := files[name]
		if cur == nil {
			continue
		}
		for _, e := range fe.edits {
			for _, c := range cur.edits {
				if e == c {
					continue
				}
				if e.start < c.end && c.start < e.end { // overlapping ranges
					return true
				}
				if e.start == c.start && (e.start == e.end || c.start == c.end) { // insertion at the same place
					return true
				}
				if (e.start == e.end && c.start < e.start && e.start < c.end) ||
					(c.start == c.end && e.start < c.start && c.start < e.end) { // insertion inside a replacement
					return true
				}
			}
		}
	}
	return false
}

func containsEdit(edits []edit, e edit) bool {
	for _, c := range edits {
		if c == e {
			return true
		}
	}
	return false
}

// applyEdits applies non-overlapping edits to src. If src was gofmt'ed the
// result is gofmt'ed too; in any case the result must still parse, or
// nothing is applied.
func applyEdits(name string, src []byte, edits []edit) ([]byte, error) {
	sorted := append([]edit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].start != sorted[j].start {
			return sorted[i].start < sorted[j].start
		}
		return sorted[i].end < sorted[j].end
	})
	var out bytes.Buffer
	last := 0
	for _, e := range sorted {
		if e.start < last || e.end > len(src) {
			return nil, fmt.Errorf("fix edits are out of range or overlap")
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	result := out.Bytes()

	if filepath.Ext(name) != ".go" {
		return result, nil
	}
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		fixed, err := format.Source(result)
		if err != nil {
			return nil, fmt.Errorf("the fixed file does not parse: %v", err)
		}
		return fixed, nil
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, result, parser.SkipObjectResolution); err != nil {
		return nil, fmt.Errorf("the fixed file does not parse: %v", err)
	}
	return result, nil
}

// A pendingWrite is a file's new content.
type pendingWrite struct {
	name string
	data []byte
}

// writeAll writes every file or none: it checks each file is writable and
// writes each new content to a temporary file beside it (keeping the
// mode) before renaming any into place.
func writeAll(writes []pendingWrite) error {
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, w := range writes {
		info, err := os.Stat(w.name)
		if err != nil {
			cleanup()
			return fmt.Errorf("%v; no file was changed", err)
		}
		// Respect a read-only file: a rename would replace it anyway.
		f, err := os.OpenFile(w.name, os.O_WRONLY, 0)
		if err != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %v; no file was changed", w.name, err)
		}
		f.Close()
		tmp, err := os.CreateTemp(filepath.Dir(w.name), "."+filepath.Base(w.name)+".zmqlint-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %v; no file was changed", w.name, err)
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(w.data)
		cerr := tmp.Close()
		if werr == nil {
			werr = cerr
		}
		if werr == nil {
			werr = os.Chmod(tmp.Name(), info.Mode().Perm())
		}
		if werr != nil {
			cleanup()
			return fmt.Errorf("cannot write %s: %v; no file was changed", w.name, werr)
		}
	}
	for i, w := range writes {
		if err := os.Rename(temps[i], w.name); err != nil {
			for _, t := range temps[i:] {
				os.Remove(t)
			}
			return fmt.Errorf("cannot write %s: %v (files before it in name order were fixed)", w.name, err)
		}
	}
	return nil
}

// displayPath returns name relative to the working directory when it is
// inside it, with forward slashes.
func displayPath(name string) string {
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(name)
}
