// Package doctest runs what the README and docs/ci.md tell a user to run —
// the install command, the demo command and its sample output, the "Run"
// commands, the GitHub Action's script and the pre-commit hook — and
// checks that the result is what the text says.
package doctest

import (
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

var zmqlint string

func TestMain(m *testing.M) { testutil.MainWithZmqlint(m, &zmqlint) }

// root is the repository root (the test runs in internal/doctest).
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func readme(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// codeBlockAfter returns the lines of the first fenced code block that
// starts after marker in text.
func codeBlockAfter(t *testing.T, text, marker string) []string {
	t.Helper()
	i := strings.Index(text, marker)
	if i < 0 {
		t.Fatalf("README has no %q", marker)
	}
	rest := text[i:]
	start := strings.Index(rest, "```")
	if start < 0 {
		t.Fatalf("no code block after %q", marker)
	}
	rest = rest[start+3:]
	rest = rest[strings.IndexByte(rest, '\n')+1:]
	end := strings.Index(rest, "```")
	return strings.Split(strings.TrimSuffix(rest[:end], "\n"), "\n")
}

// env is the environment of the commands: the module cache as the only
// proxy, so that nothing the commands run needs the network. The demo
// module's requirements are downloaded first, with the user's own proxy
// settings: on a fresh machine nothing else puts them in the cache, and
// a test that ran after some other test had fetched them would pass only
// by luck of ordering.
func env(t *testing.T) []string {
	t.Helper()
	dl := exec.Command("go", "mod", "download")
	dl.Dir = filepath.Join(root(t), "testdata", "demo")
	if out, err := dl.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in testdata/demo: %v\n%s\n(the README commands need the demo's requirements in the module cache; check GOPROXY)", err, out)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cache := strings.TrimSpace(string(out))
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=file://"+filepath.ToSlash(filepath.Join(cache, "cache", "download")), "GONOSUMDB=*", "GOSUMDB=off")
}

// copyDir copies the tree src to a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

var (
	diagLine = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: (.*)$`)
	// ruleSuffix is the " (check/category)" the text output may end with.
	ruleSuffix = regexp.MustCompile(` \([a-z]+/[a-z-]+\)$`)
)

// findings returns text output as sorted "file.go:line: message" lines,
// paths relative to dir, without a trailing (check/category): the
// golden file is compared with or without it.
func findings(out, dir string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		m := diagLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		p := m[1]
		if r, err := filepath.Rel(dir, p); err == nil && filepath.IsAbs(p) {
			p = r
		}
		got = append(got, filepath.ToSlash(p)+":"+m[2]+": "+ruleSuffix.ReplaceAllString(m[3], ""))
	}
	sort.Strings(got)
	return got
}

func golden(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root(t), "testdata", "demo", "zmqlint.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		want = append(want, ruleSuffix.ReplaceAllString(l, ""))
	}
	sort.Strings(want)
	return want
}

// TestReadmeDemoCommand runs the README's "fresh machine" command as
// written (with its /tmp/zmqlint moved to a temporary directory) and
// compares its findings with testdata/demo/zmqlint.golden.
func TestReadmeDemoCommand(t *testing.T) {
	var cmd string
	for _, l := range codeBlockAfter(t, readme(t), "Run zmqlint on the bundled demo module") {
		if strings.HasPrefix(l, "go build ") {
			cmd = l
		}
	}
	if cmd == "" || !strings.Contains(cmd, "/tmp/zmqlint") {
		t.Fatalf("README's demo command not found (or it no longer builds to /tmp/zmqlint): %q", cmd)
	}
	bin := filepath.Join(t.TempDir(), "zmqlint")
	cmd = strings.ReplaceAll(cmd, "/tmp/zmqlint", bin)
	_, stderr, code := testutil.Run(t, root(t), env(t), "bash", "-c", cmd)
	if code != 3 {
		t.Fatalf("%s: exit %d, want 3 (findings):\n%s", cmd, code, stderr)
	}
	got, want := findings(stderr, filepath.Join(root(t), "testdata", "demo")), golden(t)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the README's demo command's findings differ from testdata/demo/zmqlint.golden:\ngot:\n%s\nwant:\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestReadmeSampleOutput checks that the README's sample output is what
// zmqlint prints on the demo module, line for line, with the README's
// placeholder directory for the checkout.
func TestReadmeSampleOutput(t *testing.T) {
	text := readme(t)
	i := strings.Index(text, "$ cd testdata/demo && zmqlint ./...")
	if i < 0 {
		t.Fatal("README has no sample run on testdata/demo")
	}
	lines := strings.Split(text[i:i+strings.Index(text[i:], "```")], "\n")
	const placeholder = "/home/me/zmqlint"
	var sample, tail []string
	for i, l := range lines[1:] { // lines[0] is the command
		if l == "..." {
			tail = lines[i+2:]
			break
		}
		if !strings.Contains(l, placeholder) {
			t.Fatalf("README sample line %q does not start with the placeholder %s", l, placeholder)
		}
		sample = append(sample, strings.ReplaceAll(l, placeholder, root(t)))
	}
	if len(sample) == 0 {
		t.Fatal("README sample output is empty")
	}
	_, stderr, code := testutil.Run(t, filepath.Join(root(t), "testdata", "demo"), env(t), zmqlint, "./...")
	if code != 3 {
		t.Fatalf("zmqlint ./... in testdata/demo: exit %d, want 3:\n%s", code, stderr)
	}
	out := strings.Split(stderr, "\n")
	at := -1
	for i, l := range out {
		if l == sample[0] {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("README sample line not in zmqlint's output:\n%s\noutput:\n%s", sample[0], stderr)
	}
	for j, want := range sample[1:] {
		if got := out[at+1+j]; got != want {
			t.Errorf("README sample line %d:\n got %q\nwant %q", j+2, got, want)
		}
	}
	// The lines after "..." (the docs links) are in the output too.
	for _, want := range tail {
		if want = strings.TrimSpace(want); want != "" && !strings.Contains(stderr, want) {
			t.Errorf("README sample line after ... not in zmqlint's output: %q", want)
		}
	}
}

// TestReadmeRunCommands runs each command of the README's "Run" block on
// a copy of the demo module and checks the exit code it documents.
func TestReadmeRunCommands(t *testing.T) {
	dir := copyDir(t, filepath.Join(root(t), "testdata", "demo"))
	haveHeaders := exec.Command("pkg-config", "--exists", "libzmq").Run() == nil
	// The baseline line reads a baseline; the README says to write it
	// first with -baseline-write.
	if _, stderr, code := testutil.Run(t, dir, env(t), zmqlint, "-baseline=zmqlint-baseline.json", "-baseline-write", "./..."); code != 0 {
		t.Fatalf("-baseline-write: exit %d\n%s", code, stderr)
	}
	ran := 0
	for _, l := range codeBlockAfter(t, readme(t), "## Run") {
		cmd, _, _ := strings.Cut(l, "#")
		cmd = strings.TrimSpace(cmd)
		if cmd == "" {
			continue
		}
		vet := strings.HasPrefix(cmd, "go vet")
		if vet && !haveHeaders {
			t.Logf("skipping %q: go vet needs the libzmq headers", cmd)
			continue
		}
		cmd = strings.ReplaceAll(cmd, "$(command -v zmqlint)", zmqlint)
		if strings.HasPrefix(cmd, "zmqlint ") {
			cmd = zmqlint + cmd[len("zmqlint"):]
		}
		stdout, stderr, code := testutil.Run(t, dir, env(t), "bash", "-c", cmd)
		ran++
		switch {
		case vet:
			if code == 0 || !strings.Contains(stderr, "is not closed on all paths") {
				t.Errorf("%s: exit %d, want non-zero with findings:\n%s", l, code, stderr)
			}
		case code != 0 && code != 3:
			t.Errorf("%s: exit %d, want 0 or 3:\n%s%s", l, code, stdout, stderr)
		case strings.Contains(cmd, "-json") && !json.Valid([]byte(stdout)):
			t.Errorf("%s: stdout is not JSON:\n%s", l, stdout)
		case strings.Contains(cmd, " help ") && !strings.Contains(stdout, "Documentation:"):
			t.Errorf("%s: no documentation link:\n%s", l, stdout)
		}
	}
	if ran < 5 {
		t.Errorf("ran %d commands of the README's Run block, want at least 5", ran)
	}
}

// TestReadmeInstallFromClone runs the README's install command in this
// checkout, with GOBIN in a temporary directory.
func TestReadmeInstallFromClone(t *testing.T) {
	var install string
	for _, l := range codeBlockAfter(t, readme(t), "## Install") {
		if strings.HasPrefix(l, "go install ") {
			install, _, _ = strings.Cut(l, "#")
		}
	}
	if strings.TrimSpace(install) != "go install ./cmd/zmqlint" {
		t.Fatalf("README install command = %q, want go install ./cmd/zmqlint", install)
	}
	gobin := t.TempDir()
	_, stderr, code := testutil.Run(t, root(t), append(env(t), "GOBIN="+gobin), "bash", "-c", install)
	if code != 0 {
		t.Fatalf("%s: exit %d\n%s", install, code, stderr)
	}
	stdout, stderr, code := testutil.Run(t, root(t), nil, filepath.Join(gobin, "zmqlint"), "-V=full")
	if code != 0 || !strings.Contains(stdout, "zmqlint") {
		t.Errorf("installed zmqlint -V=full: exit %d\n%s%s", code, stdout, stderr)
	}
}

// TestActionScript runs scripts/action.sh, the GitHub Action's steps, as
// action.yml calls it, on a copy of the demo module.
func TestActionScript(t *testing.T) {
	action, err := os.ReadFile(filepath.Join(root(t), "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`scripts/action.sh" install`, `scripts/action.sh" run`, "actions/setup-go@", "github/codeql-action/upload-sarif@", "using: composite"} {
		if !strings.Contains(string(action), want) {
			t.Errorf("action.yml does not contain %q", want)
		}
	}
	script := filepath.Join(root(t), "scripts", "action.sh")
	tmp := t.TempDir()
	base := append(env(t), "GITHUB_ACTION_PATH="+root(t), "RUNNER_TEMP="+tmp)
	outputs := func(name string) (string, []string) {
		f := filepath.Join(tmp, name)
		return f, append(base[:len(base):len(base)], "GITHUB_OUTPUT="+f)
	}
	readOutputs := func(f string) map[string]string {
		data, _ := os.ReadFile(f)
		m := make(map[string]string)
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			k, v, _ := strings.Cut(l, "=")
			m[k] = v
		}
		return m
	}

	f, e := outputs("install.out")
	if _, stderr, code := testutil.Run(t, root(t), e, script, "install"); code != 0 {
		t.Fatalf("action.sh install: exit %d\n%s", code, stderr)
	}
	bin := readOutputs(f)["zmqlint"]
	if bin == "" {
		t.Fatalf("action.sh install set no zmqlint output")
	}

	dir := copyDir(t, filepath.Join(root(t), "testdata", "demo"))
	run := func(name string, extra ...string) (map[string]string, string, int) {
		t.Helper()
		f, e := outputs(name)
		e = append(e, "ZMQLINT_BIN="+bin)
		e = append(e, extra...)
		stdout, stderr, code := testutil.Run(t, dir, e, script, "run")
		return readOutputs(f), stdout + stderr, code
	}

	out, log, code := run("run1.out")
	if code != 0 {
		t.Fatalf("action.sh run: exit %d, want 0\n%s", code, log)
	}
	if out["exit-code"] != "0" || out["sarif-file"] == "" {
		t.Errorf("outputs = %v, want exit-code=0 and sarif-file", out)
	}
	var sarif struct {
		Runs []struct {
			Results []struct {
				Suppressions []json.RawMessage `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(out["sarif-file"])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sarif); err != nil || len(sarif.Runs) != 1 {
		t.Fatalf("SARIF file: %v; want one run", err)
	}
	unsuppressed := 0 // suppressed findings are results with "suppressions"
	for _, r := range sarif.Runs[0].Results {
		if len(r.Suppressions) == 0 {
			unsuppressed++
		}
	}
	if unsuppressed != len(golden(t)) {
		t.Errorf("SARIF file has %d unsuppressed results, want %d (the demo's findings)", unsuppressed, len(golden(t)))
	}

	if _, log, code := run("run2.out", "INPUT_FAIL_ON_FINDINGS=true"); code != 3 || !strings.Contains(log, "is not closed on all paths") {
		t.Errorf("fail-on-findings: exit %d, want 3 with the findings in the log\n%s", code, log)
	}

	// A baseline accepts everything: fail-on-findings passes.
	if _, stderr, code := testutil.Run(t, dir, env(t), bin, "-baseline=zmqlint-baseline.json", "-baseline-write", "./..."); code != 0 {
		t.Fatalf("-baseline-write: exit %d\n%s", code, stderr)
	}
	if _, log, code := run("run3.out", "INPUT_FAIL_ON_FINDINGS=true", "INPUT_BASELINE=zmqlint-baseline.json", "INPUT_ARGS=-test=false"); code != 0 {
		t.Errorf("baseline + fail-on-findings: exit %d, want 0\n%s", code, log)
	}

	// A package that does not load: exit 1, the SARIF file still written.
	out, log, code = run("run4.out", "INPUT_PACKAGES=./nosuchdir/...")
	if code != 1 || out["exit-code"] != "1" {
		t.Errorf("bad package: exit %d, outputs %v; want 1\n%s", code, out, log)
	}
	if data, err := os.ReadFile(out["sarif-file"]); err != nil || !json.Valid(data) {
		t.Errorf("bad package: SARIF file not written: %v", err)
	}
}

// TestPreCommitHook runs the zmqlint hook of .pre-commit-hooks.yaml with
// Debian's pre-commit on a temporary repository holding the demo module.
// It needs no network: pre-commit's build of zmqlint gets its modules
// from the local module cache.
func TestPreCommitHook(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: pre-commit builds zmqlint in its own environment")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("pre-commit not installed (apt-get install pre-commit)")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := copyDir(t, filepath.Join(root(t), "testdata", "demo"))
	os.Remove(filepath.Join(repo, "zmqlint.golden"))
	e := append(env(t), "PRE_COMMIT_HOME="+t.TempDir(),
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-qm", "demo"}} {
		if _, stderr, code := testutil.Run(t, repo, e, "git", args...); code != 0 {
			t.Fatalf("git %v: exit %d\n%s", args, code, stderr)
		}
	}
	stdout, stderr, code := testutil.Run(t, repo, e, "pre-commit", "try-repo", root(t), "zmqlint", "--all-files")
	out := stdout + stderr
	if code != 1 || !strings.Contains(out, "Failed") || !strings.Contains(out, "is not closed on all paths") {
		t.Errorf("pre-commit try-repo zmqlint: exit %d, want 1 with the demo's findings:\n%s", code, out)
	}
}
