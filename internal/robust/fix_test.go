package robust

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

// goldenPackages lists the check testdata packages (<check>/... of each
// package's testdata/src) that have .golden files, i.e. whose diagnostics
// carry fixes. robust is skipped: it has its own fix tests.
func goldenPackages(t *testing.T) []string {
	t.Helper()
	return packageDirs(t, ".golden", testutil.Trees(t), "robust")
}

// packageDirs lists, sorted and as import paths (relative to a GOPATH
// src dir), the directories under the trees roots ("lifecycle",
// "robust/broken", found by testutil.Resolve) that hold a file whose name
// ends in suffix, not descending into the subtrees skip.
func packageDirs(t *testing.T, suffix string, roots []string, skip ...string) []string {
	t.Helper()
	seen := map[string]bool{}
	for _, root := range roots {
		base := testutil.Resolve(t, root)
		err := filepath.Walk(base, func(path string, info os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			r, _ := filepath.Rel(base, path)
			rel := filepath.ToSlash(filepath.Join(root, r))
			if info.IsDir() && slices.Contains(skip, rel) {
				return filepath.SkipDir
			}
			if !info.IsDir() && strings.HasSuffix(path, suffix) {
				seen[pathpkg.Dir(rel)] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	pkgs := slices.Collect(maps.Keys(seen))
	sort.Strings(pkgs)
	return pkgs
}

// diagText matches a text-mode diagnostic line "file.go:line:col: message".
var diagText = regexp.MustCompile(`(?m)^(\S+\.go):\d+:\d+: (.*)$`)

// digits are removed from messages before comparing findings before and
// after a fix: line numbers in messages move when code is inserted.
var digits = regexp.MustCompile(`[0-9]+`)

// findingSet returns the findings of text output as "file: message"
// strings (positions and numbers dropped), with multiplicity.
func findingSet(out string) map[string]int {
	set := map[string]int{}
	for _, m := range diagText.FindAllStringSubmatch(out, -1) {
		if strings.HasPrefix(m[2], "\t") {
			continue
		}
		set[filepath.Base(m[1])+": "+digits.ReplaceAllString(m[2], "N")]++
	}
	return set
}

// newFindings returns the findings of after that were not in before.
func newFindings(before, after map[string]int) []string {
	var out []string
	for k, n := range after {
		if n > before[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// fixAndCheck runs zmqlint -fix on pkgs in dir until no fix is left to
// apply (overlapping fixes are applied by later rounds), then requires
// that go build and go vet pass and that zmqlint reports nothing that it
// did not report before. It returns the number of -fix rounds.
func fixAndCheck(t *testing.T, dir string, env []string, pkgs ...string) int {
	t.Helper()
	_, beforeOut, code := run(t, dir, env, zmqlint, pkgs...)
	noPanic(t, "zmqlint", beforeOut)
	if code != 0 && code != exitFindings {
		t.Fatalf("zmqlint %v before fixing: exit %d:\n%s", pkgs, code, beforeOut)
	}
	before := findingSet(beforeOut)
	rounds := 0
	for ; rounds < 5; rounds++ {
		snap := snapshot(t, dir)
		stdout, stderr, code := run(t, dir, env, zmqlint, append([]string{"-fix"}, pkgs...)...)
		noPanic(t, "zmqlint -fix", stdout+stderr)
		if code != 0 && code != exitFindings {
			t.Fatalf("zmqlint -fix %v: exit %d:\n%s%s", pkgs, code, stdout, stderr)
		}
		if snapshot(t, dir) == snap {
			break // nothing more to apply
		}
		for _, tool := range [][]string{{"go", "build"}, {"go", "vet"}} {
			cmd := exec.Command(tool[0], append(tool[1:], pkgs...)...)
			cmd.Dir, cmd.Env = dir, env
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("after zmqlint -fix round %d: %s %v: %v\n%s", rounds+1, strings.Join(tool, " "), pkgs, err, out)
			}
		}
		_, afterOut, code := run(t, dir, env, zmqlint, pkgs...)
		noPanic(t, "zmqlint after -fix", afterOut)
		if code != 0 && code != exitFindings {
			t.Fatalf("zmqlint %v after -fix: exit %d:\n%s", pkgs, code, afterOut)
		}
		if n := newFindings(before, findingSet(afterOut)); len(n) > 0 {
			t.Errorf("after zmqlint -fix round %d, new findings:\n%s", rounds+1, strings.Join(n, "\n"))
		}
	}
	if rounds == 5 {
		t.Errorf("zmqlint -fix %v still changes files after 5 rounds", pkgs)
	}
	return rounds
}

// snapshot is the concatenated content of every .go file under dir, to
// tell whether a run changed anything.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b bytes.Buffer
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && strings.HasSuffix(path, ".go") {
			data, _ := os.ReadFile(path)
			b.WriteString(path + "\n")
			b.Write(data)
		}
		return nil
	})
	return b.String()
}

// TestFixTestdata applies all fixes of all analyzers at once to every
// check testdata package with goldens, in a GOPATH copy.
func TestFixTestdata(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	pkgs := goldenPackages(t)
	if len(pkgs) == 0 {
		t.Fatal("no testdata package with .golden files")
	}
	var trees []string
	for _, p := range pkgs {
		trees = append(trees, strings.SplitN(p, "/", 2)[0])
	}
	gopath := gopathCopy(t, dedup(trees)...)
	env := gopathEnv(gopath)
	// One run over all packages at once: each zmqlint run in GOPATH mode
	// type-checks the standard library dependencies from source (seconds).
	rounds := fixAndCheck(t, filepath.Join(gopath, "src"), env, pkgs...)
	t.Logf("%d packages %v: %d -fix round(s)", len(pkgs), pkgs, rounds)
}

func dedup(s []string) []string {
	sort.Strings(s)
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// TestFixOverlap: two diagnostics whose fixes insert at the same place
// (robust/overlap: two sockets created on one line). The first -fix
// applies one and skips the other without corrupting the file; the second
// applies the other; the result builds, vets and is clean.
func TestFixOverlap(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	gopath := gopathCopy(t, "robust/overlap")
	dir := filepath.Join(gopath, "src")
	env := gopathEnv(gopath)
	rounds := fixAndCheck(t, dir, env, "robust/overlap")
	if rounds < 1 {
		t.Errorf("no fix was applied")
	}
	_, out, code := run(t, dir, env, zmqlint, "robust/overlap")
	if code != 0 {
		t.Errorf("findings left after %d -fix rounds (exit %d):\n%s", rounds, code, out)
	}
	got := readFile(t, filepath.Join(dir, "robust", "overlap", "overlap.go"))
	for _, want := range []string{"defer a.Close()", "defer b.Close()"} {
		if strings.Count(got, want) != 2 { // one in each function
			t.Errorf("fixed file has %d %q, want 2:\n%s", strings.Count(got, want), want, got)
		}
	}
	if rounds < 2 {
		t.Errorf("the fixes at the same insertion point were applied in %d round(s), want 2 (one skipped as overlapping, then applied)", rounds)
	}
	t.Logf("%d rounds; fixed file:\n%s", rounds, got)
}

// requireLibzmq skips when the C headers the real pebbe/zmq4 needs are
// missing (testdata/demo uses the real bindings); under CI it fails.
func requireLibzmq(t *testing.T) {
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libzmq headers missing in CI: %v", err)
		}
		t.Skip("libzmq headers not installed")
	}
}

// demoEnv is the environment for runs in a copy of testdata/demo.
func demoEnv() []string { return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off") }

// TestFixDemo applies all fixes to a copy of the demo module (real
// bindings, cgo), then builds, vets and re-checks it.
func TestFixDemo(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	requireLibzmq(t)
	dir := t.TempDir()
	copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo"), dir)
	rounds := fixAndCheck(t, dir, demoEnv(), "./...")
	t.Logf("demo: %d -fix round(s)", rounds)
}

// TestDeterministicJSON: the -json output on the demo module and on the
// hostile packages is byte-identical across runs, with one and with
// several threads.
func TestDeterministicJSON(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	type target struct {
		name string
		dir  string
		env  []string
		pkgs []string
	}
	var targets []target
	if exec.Command("pkg-config", "--exists", "libzmq").Run() == nil {
		targets = append(targets, target{"demo", filepath.Join(repoRoot(t), "testdata", "demo"), demoEnv(), []string{"./..."}})
	}
	gopath := testutil.TestData(t)
	targets = append(targets, target{"robust", filepath.Join(gopath, "src"), gopathEnv(gopath), hostilePackages})
	for _, tg := range targets {
		var first string
		for i, procs := range []string{"GOMAXPROCS=1", "GOMAXPROCS=4"} {
			env := tg.env
			if procs != "" {
				env = append(append([]string{}, env...), procs)
			}
			stdout, stderr, code := run(t, tg.dir, env, zmqlint, append([]string{"-json"}, tg.pkgs...)...)
			noPanic(t, tg.name, stderr)
			if code != 0 {
				t.Fatalf("%s: zmqlint -json: exit %d:\n%s", tg.name, code, stderr)
			}
			if !strings.Contains(stdout, `"posn"`) {
				t.Errorf("%s: -json output has no diagnostic; the comparison would be vacuous:\n%s", tg.name, stdout)
			}
			if i == 0 {
				first = stdout
				continue
			}
			if stdout != first {
				t.Errorf("%s: -json output differs between runs (%s):\nfirst:\n%s\nthis:\n%s", tg.name, procs, first, stdout)
			}
		}
	}
}
