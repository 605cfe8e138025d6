package driver

// Tests of loading: which load failures fall back to the built-in API
// stub and which are errors, with the go command's messages, in text,
// -json and -sarif. They run the driver in process on temporary modules
// that use the real github.com/pebbe/zmq4 and goczmq from the module
// cache, with GOPROXY=off so that nothing is fetched.

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/testutil"
)

const goczmqLeak = `package main

import (
	"fmt"

	"github.com/go-zeromq/goczmq/v4"
)

func leak() error {
	s, err := goczmq.NewPush("tcp://localhost:5555")
	if err != nil {
		return err
	}
	fmt.Println("ok", s)
	return nil
}

func main() { _ = leak() }
`

const pebbeFinding = "main.go:10:25: socket s is not closed on all paths"

var (
	cacheOnce sync.Once
	cacheErr  error
	sums      string // go.sum lines of the bindings, from testdata/realapi
)

// needBindings makes sure the module cache holds the real bindings (go
// mod download in testdata/realapi, with the usual proxy) and returns
// their go.sum lines; it skips the test if they cannot be had.
func needBindings(t *testing.T) string {
	t.Helper()
	cacheOnce.Do(func() {
		dir := filepath.Join("..", "..", "testdata", "realapi")
		data, err := os.ReadFile(filepath.Join(dir, "go.sum"))
		if err != nil {
			cacheErr = err
			return
		}
		sums = string(data)
		cmd := exec.Command("go", "mod", "download", "github.com/pebbe/zmq4", "github.com/go-zeromq/goczmq/v4")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			cacheErr = err
			sums = string(out)
		}
	})
	if cacheErr != nil {
		t.Skipf("the real bindings are not in the module cache and cannot be downloaded: %v\n%s", cacheErr, sums)
	}
	return sums
}

// sumLines returns the go.sum lines of module mod.
func sumLines(sum, mod string) string {
	var keep []string
	for _, l := range strings.SplitAfter(sum, "\n") {
		if strings.HasPrefix(l, mod+" ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "")
}

func writeTempModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// testEnv is the go command's environment for these tests: offline, no
// workspace, no -mod=mod from the caller, plus extra.
func testEnv(extra ...string) []string {
	env := append(os.Environ(), "GOPROXY=off", "GOWORK=off", "GOFLAGS=")
	return append(env, extra...)
}

var cflagsSeq atomic.Int64

// coldCgo returns a CGO_CFLAGS setting no other run used, so that the go
// command's build cache holds no cgo output for it.
func coldCgo(t *testing.T) string {
	return "CGO_CFLAGS=-O2 -g -DZMQLINT_TEST_" + strconv.Itoa(os.Getpid()) + "_" + strconv.FormatInt(cflagsSeq.Add(1), 10)
}

type runResult struct {
	stdout, stderr string
	code           int
}

func runDriver(t *testing.T, dir string, env []string, args ...string) runResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, analyzers.All(), &stdout, &stderr, options{env: env, dir: dir})
	r := runResult{stdout.String(), stderr.String(), code}
	if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("zmqlint %v: %s", args, r.stderr)
	}
	return r
}

// sarifRunView is what the tests read of a SARIF log.
type sarifRunView struct {
	Results     []json.RawMessage `json:"results"`
	Invocations []struct {
		ExecutionSuccessful        bool `json:"executionSuccessful"`
		ToolExecutionNotifications []struct {
			Message struct{ Text string } `json:"message"`
		} `json:"toolExecutionNotifications"`
	} `json:"invocations"`
}

func parseSARIF(t *testing.T, out string) sarifRunView {
	t.Helper()
	var log struct{ Runs []sarifRunView }
	if err := json.Unmarshal([]byte(out), &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Invocations) != 1 {
		t.Fatalf("-sarif output: %v\n%s", err, out)
	}
	return log.Runs[0]
}

// TestBrokenModuleIsAnError: a module whose binding requirement is broken
// fails to build, so zmqlint must fail too, with the go command's message,
// in text, -json and -sarif, and never fall back to the stub (which would
// turn CI green on a module that does not build).
func TestBrokenModuleIsAnError(t *testing.T) {
	t.Parallel()
	sum := needBindings(t)
	pebbeSum := sumLines(sum, "github.com/pebbe/zmq4")
	for _, tc := range []struct {
		name          string
		gomod, gosum  string
		env           []string
		want          string
		wantGoCommand bool // the message is the one go build prints
		allModes      bool // also -json, -sarif and -fix
	}{
		{
			name:          "no go.sum entry",
			gomod:         "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.4.0\n",
			want:          "main.go:6:2: missing go.sum entry for module providing package github.com/pebbe/zmq4",
			wantGoCommand: true,
			allModes:      true,
		},
		{
			name:  "unknown version",
			gomod: "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.99.0\n",
			gosum: pebbeSum,
			want:  "missing go.sum entry for module providing package github.com/pebbe/zmq4",
		},
		{
			name:  "unknown version, -mod=mod",
			gomod: "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.99.0\n",
			gosum: pebbeSum,
			env:   []string{"GOFLAGS=-mod=mod"},
			want:  "main.go:6:2: module lookup disabled by GOPROXY=off",
		},
		{
			name:          "no require",
			gomod:         "module example.com/m\n\ngo 1.26\n",
			gosum:         pebbeSum,
			want:          "main.go:6:2: no required module provides package github.com/pebbe/zmq4; to add it:\n\tgo get github.com/pebbe/zmq4",
			wantGoCommand: true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeTempModule(t, map[string]string{"go.mod": tc.gomod, "go.sum": tc.gosum, "main.go": testutil.LeakSrc})
			env := testEnv(tc.env...)
			if tc.wantGoCommand {
				cmd := exec.Command("go", "build", "./...")
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.CombinedOutput()
				if err == nil || !strings.Contains(string(out), tc.want) {
					t.Fatalf("go build: %v\n%s\nwant it to fail with %q", err, out, tc.want)
				}
			}
			modes := [][]string{nil}
			if tc.allModes {
				// The modes share the error handling; one module state
				// is enough to test them.
				modes = append(modes, []string{"-json"}, []string{"-sarif"})
			}
			for _, mode := range modes {
				r := runDriver(t, dir, env, append(mode, "./...")...)
				if r.code != ExitError {
					t.Errorf("%v: exit %d, want %d; stderr:\n%s", mode, r.code, ExitError, r.stderr)
				}
				if !strings.Contains(r.stderr, "zmqlint: ") || !strings.Contains(r.stderr, tc.want) {
					t.Errorf("%v: stderr:\n%s\nwant the go command's %q", mode, r.stderr, tc.want)
				}
				if strings.Contains(r.stderr, "stub") || strings.Contains(r.stderr, "headers") || strings.Contains(r.stderr, "not closed") {
					t.Errorf("%v: analysed against the stub:\n%s", mode, r.stderr)
				}
				if strings.Contains(r.stderr, "could not import") || strings.Contains(r.stderr, "in package ./...") || strings.Contains(r.stderr, ": -:") {
					t.Errorf("%v: consequential or noisy errors:\n%s", mode, r.stderr)
				}
				switch {
				case len(mode) == 1 && mode[0] == "-json":
					var tree map[string]map[string]struct {
						Error string `json:"error"`
					}
					if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
						t.Fatalf("-json: %v\n%s", err, r.stdout)
					}
					if got := tree["example.com/m"]["lifecycle"].Error; !strings.Contains(got, tc.want) {
						t.Errorf("-json: example.com/m lifecycle error %q, want %q\n%s", got, tc.want, r.stdout)
					}
					checkNoHelperNames(t, r.stdout)
				case len(mode) == 1 && mode[0] == "-sarif":
					run := parseSARIF(t, r.stdout)
					inv := run.Invocations[0]
					if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) == 0 ||
						!strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, tc.want) || len(run.Results) != 0 {
						t.Errorf("-sarif: %+v, %d results; want executionSuccessful false with %q", inv, len(run.Results), tc.want)
					}
				}
			}
		})
	}
}

// checkNoHelperNames fails if out names an internal helper analysis.
func checkNoHelperNames(t *testing.T, out string) {
	t.Helper()
	for _, name := range []string{"zmqssa", "buildssa", "ctrlflow", "inspect", "failed prerequisites"} {
		if strings.Contains(out, name) {
			t.Errorf("the output names %q:\n%s", name, out)
		}
	}
}

// TestCgoFallback: when cgo really cannot build a binding — disabled, or
// pkg-config cannot find the headers — zmqlint analyses against the stub
// and reports the same findings as with the headers, in text and SARIF.
func TestCgoFallback(t *testing.T) {
	t.Parallel()
	sum := needBindings(t)
	pebbe := map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.4.0\n",
		"go.sum":  sumLines(sum, "github.com/pebbe/zmq4"),
		"main.go": testutil.LeakSrc,
	}
	goczmq := map[string]string{
		"go.mod":  "module example.com/g\n\ngo 1.26\n\nrequire github.com/go-zeromq/goczmq/v4 v4.2.2\n",
		"go.sum":  sumLines(sum, "github.com/go-zeromq/goczmq/v4"),
		"main.go": goczmqLeak,
	}
	for _, tc := range []struct {
		name    string
		files   map[string]string
		env     []string
		note    string
		finding string
		sarif   bool // also check -sarif
	}{
		{"pebbe, CGO_ENABLED=0", pebbe, []string{"CGO_ENABLED=0"},
			"zmqlint: cgo is disabled (CGO_ENABLED=0); type-checking github.com/pebbe/zmq4 against zmqlint's built-in API stub", pebbeFinding, false},
		{"pebbe, no pkg-config package", pebbe, []string{"PKG_CONFIG_LIBDIR=/nonexistent", "PKG_CONFIG_PATH=", coldCgo(t)},
			"zmqlint: libzmq headers not found (Package libzmq was not found in the pkg-config search path.); type-checking github.com/pebbe/zmq4 against", pebbeFinding, true},
		// A failing pkg-config with pebbe, cold and warm: see
		// TestCgoFallbackOwnCgoFiles.
		{"goczmq, CGO_ENABLED=0", goczmq, []string{"CGO_ENABLED=0"},
			"zmqlint: cgo is disabled (CGO_ENABLED=0); type-checking github.com/go-zeromq/goczmq/v4 against zmqlint's built-in API stub",
			"main.go:10:26: socket s is not closed on all paths", false},
		{"goczmq, failing pkg-config", goczmq, []string{"PKG_CONFIG=false", coldCgo(t)},
			"zmqlint: libzmq or CZMQ headers not found (false: exit status 1); type-checking github.com/go-zeromq/goczmq/v4 against",
			"main.go:10:26: socket s is not closed on all paths", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := writeTempModule(t, tc.files)
			env := testEnv(tc.env...)
			r := runDriver(t, dir, env, "./...")
			if r.code != ExitFindings || strings.Count(r.stderr, tc.note) != 1 || !strings.Contains(r.stderr, tc.finding) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit %d, the note %q once and %q", r.code, r.stderr, ExitFindings, tc.note, tc.finding)
			}
			if !tc.sarif {
				return
			}
			s := runDriver(t, dir, env, "-sarif", "./...")
			run := parseSARIF(t, s.stdout)
			if s.code != ExitOK || !run.Invocations[0].ExecutionSuccessful || len(run.Results) != 1 {
				t.Errorf("-sarif: exit %d, %+v, %d results; stderr:\n%s", s.code, run.Invocations, len(run.Results), s.stderr)
			}
		})
	}
}

// TestCgoFallbackOwnCgoFiles: with missing headers, a package that uses
// the binding and has a cgo file of its own gets the same result whether
// or not the go command's cache holds the cgo output (cold, or warm from
// a run with the headers) and the same as with CGO_ENABLED=0: its cgo
// files are named on stderr and not analysed, the rest is.
func TestCgoFallbackOwnCgoFiles(t *testing.T) {
	t.Parallel()
	sum := needBindings(t)
	cgoFile := `package main

// static int answer(void) { return 42; }
import "C"

import zmq "github.com/pebbe/zmq4"

func fromC() int { return int(C.answer()) }

func leakInCgoFile() {
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Connect("tcp://localhost:1")
}
`
	dir := writeTempModule(t, map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.4.0\n",
		"go.sum":  sumLines(sum, "github.com/pebbe/zmq4"),
		"main.go": testutil.LeakSrc,
		"cgo.go":  cgoFile,
	})
	want := "zmqlint: libzmq headers not found (false: exit status 1), so the packages were loaded as with CGO_ENABLED=0: the cgo files of example.com/m are not analysed: cgo.go\n" +
		"zmqlint: libzmq headers not found (false: exit status 1); type-checking github.com/pebbe/zmq4 against zmqlint's built-in API stub\n"

	cold := runDriver(t, dir, testEnv("PKG_CONFIG=false", coldCgo(t)), "./...")
	if cold.code != ExitFindings || !strings.HasPrefix(cold.stderr, want) ||
		!strings.Contains(cold.stderr, pebbeFinding) || strings.Contains(cold.stderr, "cgo.go:") {
		t.Errorf("cold cache: exit %d, stderr:\n%s\nwant exit 3, beginning\n%s", cold.code, cold.stderr, want)
	}
	findings := cold.stderr[strings.Index(cold.stderr, "\n/")+1:]

	if exec.Command("pkg-config", "--exists", "libzmq").Run() == nil {
		warm := coldCgo(t)
		with := runDriver(t, dir, testEnv(warm), "./...")
		if !strings.Contains(with.stderr, "cgo.go:11:") {
			t.Fatalf("with headers, the cgo file is analysed: exit %d\n%s", with.code, with.stderr)
		}
		r := runDriver(t, dir, testEnv("PKG_CONFIG=false", warm), "./...")
		if r.stderr != cold.stderr || r.code != cold.code {
			t.Errorf("warm cache: exit %d, stderr:\n%s\nwant as with a cold cache:\n%s", r.code, r.stderr, cold.stderr)
		}
	}

	off := runDriver(t, dir, testEnv("CGO_ENABLED=0"), "./...")
	wantOff := "zmqlint: cgo is disabled (CGO_ENABLED=0): the cgo files of example.com/m are not analysed: cgo.go\n"
	if off.code != ExitFindings || !strings.HasPrefix(off.stderr, wantOff) || !strings.HasSuffix(off.stderr, findings) {
		t.Errorf("CGO_ENABLED=0: exit %d, stderr:\n%s\nwant %q and the findings\n%s", off.code, off.stderr, wantOff, findings)
	}
}

// goVetError returns the message go vet prints for patterns in dir, in
// the form zmqlint prints it.
func goVetError(t *testing.T, dir string, env []string, patterns ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"vet"}, patterns...)...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatalf("go vet %v succeeded", patterns)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		lines = append(lines, "zmqlint: "+strings.TrimPrefix(l, "go: "))
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestLoadErrorMessages: load errors read like the go command's, once
// each, without go/packages' wrapping ("err: exit status 1: stderr:",
// "-:", "in package ./...") and without errors that only follow from
// another.
func TestLoadErrorMessages(t *testing.T) {
	t.Parallel()
	env := testEnv("GO111MODULE=on")
	nomod := writeTempModule(t, map[string]string{"p.go": "package p\n"})
	mod := writeTempModule(t, map[string]string{"go.mod": "module example.com/u\n\ngo 1.26\n", "u.go": "package u\n"})
	for _, tc := range []struct {
		name     string
		dir      string
		patterns []string
	}{
		{"outside a module", nomod, []string{"."}},
		{"outside a module, ./...", nomod, []string{"./..."}},
		{"no such directory", mod, []string{"./nosuch"}},
		{"no such directory, ./...", mod, []string{"./nosuch/..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			want := goVetError(t, tc.dir, env, tc.patterns...)
			for _, mode := range [][]string{nil, {"-json"}, {"-sarif"}} {
				r := runDriver(t, tc.dir, env, append(mode, tc.patterns...)...)
				if r.code != ExitError || r.stderr != want {
					t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 1 and\n%s", mode, r.code, r.stderr, want)
				}
				msg := strings.TrimSuffix(strings.TrimPrefix(want, "zmqlint: "), "\n")
				switch {
				case mode == nil:
					if r.stdout != "" {
						t.Errorf("stdout: %q", r.stdout)
					}
				case mode[0] == "-json":
					if !strings.Contains(r.stdout, strconv.Quote(msg)[1:len(strconv.Quote(msg))-1]) {
						t.Errorf("-json: the error is not in the output:\n%s", r.stdout)
					}
					checkNoHelperNames(t, r.stdout)
				case mode[0] == "-sarif":
					inv := parseSARIF(t, r.stdout).Invocations[0]
					if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Message.Text != msg {
						t.Errorf("-sarif: %+v, want executionSuccessful false and %q", inv, msg)
					}
				}
			}
		})
	}
}

// TestHostileFiles: inputs that go/packages or go/parser handle badly
// give one clear message, or none when the code is fine.
func TestHostileFiles(t *testing.T) {
	t.Parallel()
	env := testEnv()
	const gomod = "module example.com/u\n\ngo 1.26\n"
	t.Run("file name not valid UTF-8", func(t *testing.T) {
		t.Parallel()
		dir := writeTempModule(t, map[string]string{"go.mod": gomod, "a\xff.go": "package u\n\nfunc F() {}\n", "b.go": "package u\n\nfunc G() { F() }\n"})
		r := runDriver(t, dir, env, "./...")
		want := `zmqlint: invalid input file name "a\xff.go" in package example.com/u: not valid UTF-8, which go list cannot report (rename the file)` + "\n"
		if r.code != ExitError || r.stderr != want {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and\n%s", r.code, r.stderr, want)
		}
	})
	t.Run("deeper than go/parser's scope limit", func(t *testing.T) {
		t.Parallel()
		// Compiles; go/parser's object resolution gave up on it
		// ("exceeded max scope depth"), and then go/types said
		// "package ; expected package u".
		n := 1100
		src := "package u\n\nfunc F(x int) int {\n" + strings.Repeat("{", n) + "\nx++\n" + strings.Repeat("}", n) + "\nreturn x\n}\n"
		dir := writeTempModule(t, map[string]string{"go.mod": gomod, "deep.go": src})
		if r := runDriver(t, dir, env, "./..."); r.code != ExitOK || r.stderr != "" {
			t.Errorf("exit %d, stderr:\n%s\nwant 0 and nothing", r.code, r.stderr)
		}
	})
	t.Run("deeper than go/parser's nesting limit", func(t *testing.T) {
		t.Parallel()
		n := 100001
		src := "package u\n\nvar X = " + strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\n"
		dir := writeTempModule(t, map[string]string{"go.mod": gomod, "deep.go": src})
		r := runDriver(t, dir, env, "./...")
		if r.code != ExitError || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "exceeded max nesting depth") {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and one line saying so", r.code, r.stderr)
		}
	})
	t.Run("type error", func(t *testing.T) {
		t.Parallel()
		dir := writeTempModule(t, map[string]string{"go.mod": gomod, "u.go": "package u\n\nfunc f() { undefinedThing() }\n"})
		want := "type error in package example.com/u: " + filepath.Join(dir, "u.go") + ":3:12: undefined: undefinedThing"
		r := runDriver(t, dir, env, "./...")
		if r.code != ExitError || r.stderr != "zmqlint: "+want+"\n" {
			t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", r.code, r.stderr, want)
		}
		r = runDriver(t, dir, env, "-json", "./...")
		var tree map[string]map[string]struct {
			Error string `json:"error"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
			t.Fatal(err)
		}
		for _, a := range analyzers.All() {
			if got := tree["example.com/u"][a.Name].Error; got != want {
				t.Errorf("-json: %s error %q, want %q", a.Name, got, want)
			}
		}
		checkNoHelperNames(t, r.stdout)
		r = runDriver(t, dir, env, "-sarif", "./...")
		inv := parseSARIF(t, r.stdout).Invocations[0]
		if r.code != ExitError || inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Message.Text != want {
			t.Errorf("-sarif: exit %d, %+v", r.code, inv)
		}
	})
}

// TestTags: -tags selects files as for go build and go vet.
func TestTags(t *testing.T) {
	t.Parallel()
	dir := writeTempModule(t, map[string]string{
		"go.mod":    "module example.com/u\n\ngo 1.26\n",
		"u.go":      "package u\n",
		"tagged.go": "//go:build zmqlinttag\n\npackage u\n\nfunc f() { undefinedThing() }\n",
	})
	env := testEnv()
	if r := runDriver(t, dir, env, "./..."); r.code != ExitOK {
		t.Errorf("without -tags: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	for _, tags := range []string{"zmqlinttag", "other,zmqlinttag"} {
		r := runDriver(t, dir, env, "-tags="+tags, "./...")
		if r.code != ExitError || !strings.Contains(r.stderr, "tagged.go:5:12: undefined: undefinedThing") {
			t.Errorf("-tags=%s: exit %d, stderr:\n%s", tags, r.code, r.stderr)
		}
	}
}

// TestVersion: the version requests, and the -V=full form go vet
// parses (cmd/go/internal/work.(*Builder).toolID).
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"-V"}, {"-version"}, {"--version"}, {"version"}, {"-V=true"}} {
		r := runDriver(t, "", nil, args...)
		if r.code != ExitOK || !strings.HasPrefix(r.stdout, "zmqlint ") || strings.Count(r.stdout, "\n") != 1 || r.stderr != "" {
			t.Errorf("zmqlint %v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	r := runDriver(t, "", nil, "-V=full")
	f := strings.Fields(r.stdout)
	if r.code != ExitOK || len(f) < 4 || f[1] != "version" || !strings.Contains(f[2], "devel") ||
		!strings.HasPrefix(f[len(f)-1], "buildID=") || len(f[len(f)-1]) != len("buildID=")+64 || !strings.Contains(r.stdout, "zmqlint@") {
		t.Errorf("-V=full: exit %d, stdout %q", r.code, r.stdout)
	}
	for _, args := range [][]string{{"-V=short"}, {"version", "extra"}} {
		if r := runDriver(t, "", nil, args...); r.code != ExitUsage || r.stderr == "" {
			t.Errorf("zmqlint %v: exit %d, stderr %q; want 2 and a message", args, r.code, r.stderr)
		}
	}
}

// TestHelperFailure: a failing internal helper analysis is reported as a
// failure of the check that needs it, with the helper's error, and its
// name appears nowhere.
func TestHelperFailure(t *testing.T) {
	t.Parallel()
	helper := &analysis.Analyzer{
		Name: "secrethelper",
		Doc:  "a helper",
		Run:  func(*analysis.Pass) (any, error) { return nil, errors.New("boom") },
	}
	check := &analysis.Analyzer{
		Name:     "mycheck",
		Doc:      "a check",
		Requires: []*analysis.Analyzer{helper},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
	dir := writeTempModule(t, map[string]string{"go.mod": "module example.com/u\n\ngo 1.26\n", "u.go": "package u\n"})
	want := "mycheck failed on package example.com/u: boom"
	for _, mode := range [][]string{nil, {"-json"}, {"-sarif"}} {
		var stdout, stderr bytes.Buffer
		code := run(append(mode, "./..."), []*analysis.Analyzer{check}, &stdout, &stderr, options{env: testEnv(), dir: dir})
		if code != ExitError || stderr.String() != "zmqlint: "+want+"\n" {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant exit 1 and %q", mode, code, stderr.String(), want)
		}
		if strings.Contains(stdout.String(), "secrethelper") || strings.Contains(stdout.String(), "prerequisites") ||
			(mode != nil && !strings.Contains(stdout.String(), want)) {
			t.Errorf("%v: stdout:\n%s\nwant %q and no helper name", mode, stdout.String(), want)
		}
	}
}

// TestPureGoBindingNoFallback: a binding package without cgo (the pure-Go
// stubs of internal/testutil/testdata/stubs/src, in GOPATH mode) is used as
// it is, whatever pkg-config says: no note, no replacement.
func TestPureGoBindingNoFallback(t *testing.T) {
	t.Parallel()
	stub := testutil.PebbeStub(t)
	gopath := writeTempModule(t, map[string]string{
		"src/github.com/pebbe/zmq4/zmq4.go": stub,
		"src/m/main.go":                     testutil.LeakSrc,
	})
	env := testEnv("GO111MODULE=off", "GOPATH="+gopath, "PKG_CONFIG=false")
	r := runDriver(t, filepath.Join(gopath, "src", "m"), env, ".")
	if r.code != ExitFindings || strings.Contains(r.stderr, "stub") || !strings.Contains(r.stderr, pebbeFinding) {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 3, the finding and no note", r.code, r.stderr)
	}
}
