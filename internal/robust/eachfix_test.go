package robust

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// jsonDiag is one diagnostic of zmqlint -json (the x/tools analysis JSON
// tree), with what this test needs of it.
type jsonDiag struct {
	Category       string `json:"category"`
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename string `json:"filename"`
			Start    int    `json:"start"`
			End      int    `json:"end"`
			New      string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
}

// jsonFinding is a diagnostic with the analyzer that reported it.
type jsonFinding struct {
	analyzer string
	jsonDiag
}

// posnFile strips ":line:col" (or ":line", for a //line position) from a
// JSON position.
var posnFile = regexp.MustCompile(`(:\d+){1,2}$`)

func (f jsonFinding) file() string { return posnFile.ReplaceAllString(f.Posn, "") }

// jsonFindings runs zmqlint -json on pkgs in dir and returns every
// diagnostic of every analyzer.
func jsonFindings(t *testing.T, dir string, env []string, pkgs ...string) []jsonFinding {
	t.Helper()
	stdout, stderr, code := run(t, dir, env, zmqlint, append([]string{"-json"}, pkgs...)...)
	noPanic(t, "zmqlint -json", stdout+stderr)
	if code != 0 {
		t.Fatalf("zmqlint -json %v: exit %d:\n%s", pkgs, code, stderr)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("zmqlint -json %v: %v\n%s", pkgs, err, stdout)
	}
	var out []jsonFinding
	for _, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var ds []jsonDiag
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Errorf("zmqlint -json %v: %s: %s", pkgs, name, raw) // an {"error": ...} object
				continue
			}
			for _, d := range ds {
				out = append(out, jsonFinding{name, d})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Posn+out[i].Message < out[j].Posn+out[j].Message })
	return out
}

// copyDir is the prefix of the directory that holds the copy of a package
// with one fix applied: <root>/zzfix/<n>/<the package's path under root>.
const copyDir = "zzfix"

var copyPrefix = regexp.MustCompile(copyDir + `/\d+/`)

// findingKey identifies a finding across copies of a package: analyzer,
// file name and message, with the copy prefix and every number (line
// numbers move when a fix inserts lines) removed.
func findingKey(f jsonFinding) string {
	msg := digits.ReplaceAllString(copyPrefix.ReplaceAllString(f.Message, ""), "N")
	return f.analyzer + " " + filepath.Base(f.file()) + ": " + msg
}

// applyFix applies the edits of one fix to the copy of their file under
// dst (the same base name), gofmt'ing the result when the source was
// gofmt'ed, as the driver's -fix does.
func applyFix(src []byte, edits []struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}) ([]byte, error) {
	sorted := append(edits[:0:0], edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	var out bytes.Buffer
	last := 0
	for _, e := range sorted {
		if e.Start < last || e.End > len(src) || e.Start > e.End {
			return nil, fmt.Errorf("edits out of range or overlapping")
		}
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	if formatted, err := format.Source(src); err == nil && bytes.Equal(formatted, src) {
		return format.Source(out.Bytes())
	}
	return out.Bytes(), nil
}

// eachFixAlone applies the first fix of every diagnostic of pkgs (under
// root, the GOPATH src directory or the module root) on its own, each in a
// copy of its package, then builds and vets all copies and re-runs every
// check on them: a copy may lose findings but must gain none, of any
// check. Fixes applied together (fixAndCheck) can hide each other's
// damage; alone, each must leave its package no worse.
func eachFixAlone(t *testing.T, root string, env []string, pkgs ...string) {
	t.Helper()
	before := jsonFindings(t, root, env, pkgs...)
	beforeByDir := map[string]map[string]int{}
	for _, f := range before {
		dir := filepath.Dir(f.file())
		if beforeByDir[dir] == nil {
			beforeByDir[dir] = map[string]int{}
		}
		beforeByDir[dir][findingKey(f)]++
	}
	type fixCopy struct {
		dir  string // the copy
		orig string // the package it copies
		desc string // the finding and its fix
	}
	var copies []fixCopy
	for _, f := range before {
		if len(f.SuggestedFixes) == 0 {
			continue
		}
		fix := f.SuggestedFixes[0]
		orig := filepath.Dir(f.file())
		rel, err := filepath.Rel(root, orig)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("%s: finding outside %s", f.Posn, root)
			continue
		}
		n := len(copies)
		dst := filepath.Join(root, copyDir, fmt.Sprint(n), rel)
		copyPackageDir(t, orig, dst)
		c := fixCopy{dst, orig, fmt.Sprintf("%s: %s [fix %q]", f.Posn, f.Message, fix.Message)}
		ok := true
		byFile := map[string][]int{}
		for i, e := range fix.Edits {
			if filepath.Dir(e.Filename) != orig {
				t.Errorf("%s: the fix edits %s, outside the package", c.desc, e.Filename)
				ok = false
			}
			byFile[e.Filename] = append(byFile[e.Filename], i)
		}
		for name, idx := range byFile {
			if !ok {
				break
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			edits := fix.Edits[:0:0]
			for _, i := range idx {
				edits = append(edits, fix.Edits[i])
			}
			fixed, err := applyFix(src, edits)
			if err != nil {
				t.Errorf("%s: %v", c.desc, err)
				ok = false
				break
			}
			if err := os.WriteFile(filepath.Join(dst, filepath.Base(name)), fixed, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if !ok {
			os.RemoveAll(filepath.Join(root, copyDir, fmt.Sprint(n)))
			continue
		}
		copies = append(copies, c)
	}
	if len(copies) == 0 {
		t.Fatalf("no fix in %v: the test would be vacuous", pkgs)
	}
	defer os.RemoveAll(filepath.Join(root, copyDir))
	describe := func(out string) string {
		var b strings.Builder
		seen := map[int]bool{}
		for _, m := range regexp.MustCompile(copyDir+`/(\d+)/`).FindAllStringSubmatch(out, -1) {
			var n int
			fmt.Sscan(m[1], &n)
			if !seen[n] && n < len(copies) {
				seen[n] = true
				fmt.Fprintf(&b, "\n  copy %d: %s", n, copies[n].desc)
			}
		}
		return b.String()
	}
	pattern := "./" + copyDir + "/..."
	for _, tool := range [][]string{{"go", "build"}, {"go", "vet"}} {
		cmd := exec.Command(tool[0], append(tool[1:], pattern)...)
		cmd.Dir, cmd.Env = root, env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s on the fixed copies: %v\n%s\nthe fixes:%s", strings.Join(tool, " "), err, out, describe(string(out)))
		}
	}
	afterByDir := map[string][]jsonFinding{}
	for _, f := range jsonFindings(t, root, env, pattern) {
		dir := filepath.Dir(f.file())
		afterByDir[dir] = append(afterByDir[dir], f)
	}
	for _, c := range copies {
		count := map[string]int{}
		var added []string
		for _, f := range afterByDir[c.dir] {
			k := findingKey(f)
			count[k]++
			if count[k] > beforeByDir[c.orig][k] {
				added = append(added, strings.TrimPrefix(f.Posn, root+string(filepath.Separator))+": "+f.Message)
			}
		}
		if len(added) > 0 {
			t.Errorf("%s\n  made new findings:\n    %s", c.desc, strings.Join(added, "\n    "))
		}
	}
	t.Logf("%d fixes applied one at a time", len(copies))
}

// copyPackageDir copies the files of one package directory (not its
// subdirectories, not the analysistest .golden files) to dst.
func copyPackageDir(t *testing.T, src, dst string) {
	t.Helper()
	ents, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.IsDir() || strings.HasSuffix(e.Name(), ".golden") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEachFixTestdata applies every fix of the check testdata packages
// with goldens on its own and requires that each leaves its package
// building, vetting and with no new finding of any check.
func TestEachFixTestdata(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	pkgs := goldenPackages(t)
	var trees []string
	for _, p := range pkgs {
		trees = append(trees, strings.SplitN(p, "/", 2)[0])
	}
	gopath := gopathCopy(t, dedup(trees)...)
	eachFixAlone(t, filepath.Join(gopath, "src"), gopathEnv(gopath), pkgs...)
}

// TestEachFixDemo: the same over the demo module (real bindings, cgo).
func TestEachFixDemo(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	requireLibzmq(t)
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo"), dir)
	eachFixAlone(t, dir, demoEnv(), "./...")
}
