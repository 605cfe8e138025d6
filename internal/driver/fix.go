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
	"slices"
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
		guarded := guardOverlay(analyzers, overlay)
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

// A fixChoice is the first fix of a finding, accepted by applyFixes
// (its edits resolved by file), and whether the self-check dropped it.
type fixChoice struct {
	f       finding
	byFile  map[string]*fileEdits
	dropped bool
}

// applyFixes applies the first suggested fix of each finding (in finding
// order), skipping a fix whose edits overlap an already accepted one or
// that would write a file that is not one of env.sources; with diff it
// prints a unified diff instead of writing. It never leaves a file
// half-written: all new contents are computed and checked first, then
// written through temporary files and renames; any failure before the
// renames changes nothing. Before writing, the fixed code is analyzed
// again (env.recheck, selfCheck): if it no longer type-checks nothing is
// written; a fix that introduces a finding is dropped, with a line saying
// which finding, and the others are applied.
func applyFixes(findings []finding, env fixEnv, diff bool, stdout, stderr io.Writer) int {
	accepted := make(map[string]*fileEdits)
	var fixes []*fixChoice
	var unfixed []finding
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
		if conflict := conflicts(accepted, byFile); conflict {
			fmt.Fprintf(stderr, "zmqlint: %s: skipped fix %q: it overlaps another fix; run zmqlint -fix again\n", f.posn, fix.Message)
			unfixed = append(unfixed, f)
			continue
		}
		mergeEdits(accepted, byFile)
		fixes = append(fixes, &fixChoice{f: f, byFile: byFile})
	}

	changes, err := buildChanges(fixes)
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v; no file was changed\n", err)
		return ExitError
	}
	warned := false
	if env.recheck != nil && len(changes) > 0 {
		var ok bool
		if changes, warned, ok = selfCheck(findings, fixes, changes, env, stderr); !ok {
			return ExitError
		}
	}
	applied := 0
	for _, fc := range fixes {
		if fc.dropped {
			unfixed = append(unfixed, fc.f)
		} else {
			applied++
		}
	}
	sort.SliceStable(unfixed, func(i, j int) bool { return findingLess(unfixed[i], unfixed[j]) })

	names := sortedNames(changes)
	if diff {
		for _, name := range names {
			c := changes[name]
			rel := displayPath(c.name)
			stdout.Write(unifiedDiff("a/"+rel, "b/"+rel, c.old, c.new))
		}
		if len(changes) > 0 || len(unfixed) > 0 || warned {
			printText(stderr, unfixed, -1)
			return ExitFindings
		}
		return ExitOK
	}

	writes := make([]pendingWrite, 0, len(changes))
	for _, name := range names {
		writes = append(writes, pendingWrite{name: name, data: changes[name].new})
	}
	if err := writeAll(writes); err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	if applied > 0 {
		fmt.Fprintf(stderr, "zmqlint: applied %d fix(es) to %d file(s)\n", applied, len(changes))
	}
	if len(unfixed) > 0 || warned {
		printText(stderr, unfixed, -1)
		return ExitFindings
	}
	return ExitOK
}

// mergeEdits adds the edits of add to files, an identical edit once.
func mergeEdits(files, add map[string]*fileEdits) {
	for name, fe := range add {
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
}

// buildChanges reads the files the fixes not dropped edit and computes
// their new contents; files the edits leave unchanged are left out.
func buildChanges(fixes []*fixChoice) (map[string]*fileChange, error) {
	files := make(map[string]*fileEdits)
	for _, fc := range fixes {
		if !fc.dropped {
			mergeEdits(files, fc.byFile)
		}
	}
	changes := make(map[string]*fileChange)
	for _, name := range sortedNames(files) {
		old, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		fe := files[name]
		if len(old) != fe.size {
			return nil, fmt.Errorf("%s changed since it was analyzed", name)
		}
		raw, new, err := applyEdits(name, old, fe.edits)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if !bytes.Equal(old, new) {
			sorted := append([]edit(nil), fe.edits...)
			sortEdits(sorted)
			changes[name] = &fileChange{name: name, old: old, raw: raw, new: new, edits: sorted}
		}
	}
	return changes, nil
}

// maxFixRounds bounds the self-check's rounds of dropping fixes; after
// the last, every fix of a package that still has a new finding is
// dropped. maxIsolate bounds the fixes of one function that are each
// checked alone to find the one responsible for a new finding.
const (
	maxFixRounds = 3
	maxIsolate   = 4
)

// selfCheck analyzes the fixed code (env.recheck) and drops the fixes
// that introduce a finding, until none does: the fix(es) of the function
// where the new finding appears (when several, those that introduce it
// when applied alone), or, when none can be told or after maxFixRounds,
// every fix of its package. It prints one line per dropped fix and
// returns the changes of the fixes kept, and whether it could only warn
// of new findings (no fix of theirs to drop); ok false if the fixed code
// cannot be analyzed or does not build (nothing may be written then).
func selfCheck(before []finding, fixes []*fixChoice, changes map[string]*fileChange, env fixEnv, stderr io.Writer) (_ map[string]*fileChange, warned, ok bool) {
	isolated := make(map[*fixChoice][]looseKey) // the new findings of a fix applied alone
	for round := 1; len(changes) > 0; round++ {
		added, ok := recheckChanges(before, changes, env, stderr)
		if !ok {
			return nil, false, false
		}
		if len(added) == 0 {
			return changes, false, true
		}
		var blamed map[*fixChoice]finding
		if round < maxFixRounds {
			blamed = blame(before, added, fixes, changes, env, isolated)
		}
		if len(blamed) == 0 {
			blamed = blamePackages(added, fixes, changes)
		}
		if len(blamed) == 0 {
			// Nothing to drop can be named (the finding is in a package
			// no fix edits): keep the fixes, say so.
			fmt.Fprintf(stderr, "zmqlint: warning: the fixes introduce %d new finding(s); review them:\n", len(added))
			printText(stderr, added, -1)
			return changes, true, true
		}
		for _, fc := range fixes {
			if a, ok := blamed[fc]; ok {
				fc.dropped = true
				note := ""
				if untouched(a, changes) {
					note = "; it stands on code the fixes do not change, so it may be a bug of the original code that this fix's finding hid (fix it by hand, then run zmqlint -fix again)"
				}
				fmt.Fprintf(stderr, "zmqlint: %s: not applying fix %q: with it, %s: %s (%s) would be a new finding%s\n",
					fc.f.posn, fc.f.diag.SuggestedFixes[0].Message, a.posn, a.diag.Message, code(a), note)
			}
		}
		var err error
		if changes, err = buildChanges(fixes); err != nil {
			fmt.Fprintf(stderr, "zmqlint: %v; no file was changed\n", err)
			return nil, false, false
		}
		if round >= maxFixRounds {
			// The packages with new findings are back as they were;
			// the others were checked in this round.
			return changes, false, true
		}
	}
	return changes, false, true
}

// recheckChanges analyzes the code with changes in place and returns the
// findings it has that before did not.
func recheckChanges(before []finding, changes map[string]*fileChange, env fixEnv, stderr io.Writer) ([]finding, bool) {
	overlay := make(map[string][]byte, len(changes))
	for name, c := range changes {
		overlay[name] = c.new
	}
	after, errs, err := env.recheck(overlay)
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: cannot check the fixed code: %v; no file was changed\n", err)
		return nil, false
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(stderr, "zmqlint: %s\n", e)
		}
		fmt.Fprintln(stderr, "zmqlint: the fixed code would not build (errors above): no file was changed; please report it")
		return nil, false
	}
	return introducedFindings(before, after, changes), true
}

// blame returns the fixes responsible for the new findings added, each
// with the finding it introduces: the fixes with an edit in the top-level
// declaration around the finding (carried back to the original file), or
// else in its file; of several, those that introduce the finding when
// applied alone (when at most maxIsolate; all of them when none does
// alone: they introduce it together).
func blame(before, added []finding, fixes []*fixChoice, changes map[string]*fileChange, env fixEnv, isolated map[*fixChoice][]looseKey) map[*fixChoice]finding {
	blamed := make(map[*fixChoice]finding)
	for _, a := range added {
		p := placeOf(a, changes, true)
		if p.file == "" {
			continue
		}
		c := changes[p.file]
		var cands []*fixChoice
		if d, ok := c.decl(c.backward(p.off), false); ok {
			cands = fixesIn(fixes, p.file, d.start, d.end)
		}
		if len(cands) == 0 {
			cands = fixesIn(fixes, p.file, 0, len(c.old))
		}
		if len(cands) > 1 && len(cands) <= maxIsolate {
			want := looseKeyOf(a, p)
			var culprits []*fixChoice
			for _, fc := range cands {
				alone, ok := isolated[fc]
				if !ok {
					alone = recheckAlone(before, fc, env)
					isolated[fc] = alone
				}
				if slices.Contains(alone, want) {
					culprits = append(culprits, fc)
				}
			}
			if len(culprits) > 0 {
				cands = culprits
			}
		}
		for _, fc := range cands {
			if _, ok := blamed[fc]; !ok {
				blamed[fc] = a
			}
		}
	}
	addTwins(blamed, fixes)
	return blamed
}

// recheckAlone returns the keys (looseKeyOf) of the new findings of the
// code with only fix fc applied (none if that cannot be analyzed).
func recheckAlone(before []finding, fc *fixChoice, env fixEnv) []looseKey {
	ch, err := buildChanges([]*fixChoice{{f: fc.f, byFile: fc.byFile}})
	if err != nil || len(ch) == 0 {
		return nil
	}
	added, ok := recheckChanges(before, ch, env, io.Discard)
	if !ok {
		return nil
	}
	keys := make([]looseKey, len(added))
	for i, x := range added {
		keys[i] = looseKeyOf(x, placeOf(x, ch, true))
	}
	return keys
}

// blamePackages returns every fix kept with an edit in the directory (the
// package) of a new finding's file.
func blamePackages(added []finding, fixes []*fixChoice, changes map[string]*fileChange) map[*fixChoice]finding {
	blamed := make(map[*fixChoice]finding)
	for _, a := range added {
		p := placeOf(a, changes, true)
		file := p.file
		if file == "" {
			file = a.posn.Filename
		}
		dir := filepath.Dir(file)
		for _, fc := range fixes {
			if fc.dropped {
				continue
			}
			for name := range fc.byFile {
				if filepath.Dir(name) == dir {
					if _, ok := blamed[fc]; !ok {
						blamed[fc] = a
					}
				}
			}
		}
	}
	addTwins(blamed, fixes)
	return blamed
}

// fixesIn returns the fixes kept with an edit in file within [start, end].
func fixesIn(fixes []*fixChoice, file string, start, end int) []*fixChoice {
	var out []*fixChoice
	for _, fc := range fixes {
		if fc.dropped || fc.byFile[file] == nil {
			continue
		}
		for _, e := range fc.byFile[file].edits {
			if e.start <= end && e.end >= start {
				out = append(out, fc)
				break
			}
		}
	}
	return out
}

// addTwins blames, with the same finding, every fix kept that shares an
// edit with a blamed one: identical edits are applied once, so the twin
// would apply it anyway.
func addTwins(blamed map[*fixChoice]finding, fixes []*fixChoice) {
	for changed := true; changed; {
		changed = false
		for _, fc := range fixes {
			if _, ok := blamed[fc]; ok || fc.dropped {
				continue
			}
			for b, a := range blamed {
				if sharesEdit(fc, b) {
					blamed[fc] = a
					changed = true
					break
				}
			}
		}
	}
}

func sharesEdit(x, y *fixChoice) bool {
	for name, fe := range x.byFile {
		if other := y.byFile[name]; other != nil {
			for _, e := range fe.edits {
				if containsEdit(other.edits, e) {
					return true
				}
			}
		}
	}
	return false
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
func applyEdits(name string, src []byte, edits []edit) (raw, fixed []byte, err error) {
	sorted := append([]edit(nil), edits...)
	sortEdits(sorted)
	var out bytes.Buffer
	last := 0
	for _, e := range sorted {
		if e.start < last || e.end > len(src) {
			return nil, nil, fmt.Errorf("fix edits are out of range or overlap")
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	raw = out.Bytes()

	if filepath.Ext(name) != ".go" {
		return raw, raw, nil
	}
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		fixed, err := format.Source(raw)
		if err != nil {
			return nil, nil, fmt.Errorf("the fixed file does not parse: %v", err)
		}
		return raw, fixed, nil
	}
	if _, err := parser.ParseFile(token.NewFileSet(), name, raw, parser.SkipObjectResolution); err != nil {
		return nil, nil, fmt.Errorf("the fixed file does not parse: %v", err)
	}
	return raw, raw, nil
}

// sortEdits sorts edits by start, then end (an insertion before a
// replacement at the same offset).
func sortEdits(edits []edit) {
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end < edits[j].end
	})
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
