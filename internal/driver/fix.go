package driver

import (
	"bytes"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"sort"

	"golang.org/x/tools/go/analysis"
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

// applyFixes applies the first suggested fix of each finding (in finding
// order), skipping a fix whose edits overlap an already accepted one; with
// diff it prints a unified diff instead of writing. It never leaves a file
// half-written: all new contents are computed and checked first, then
// written through temporary files and renames; any failure before the
// renames changes nothing.
func applyFixes(findings []finding, diff bool, stdout, stderr io.Writer) int {
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

	if diff {
		for _, c := range changes {
			rel := displayPath(c.name)
			stdout.Write(unifiedDiff("a/"+rel, "b/"+rel, c.old, c.new))
		}
		if len(changes) > 0 || len(unfixed) > 0 {
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
	if len(unfixed) > 0 {
		printText(stderr, unfixed, -1)
		return ExitFindings
	}
	return ExitOK
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
