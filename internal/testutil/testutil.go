// Package testutil holds what zmqlint's end-to-end tests share: building
// the binary once and running commands the way a user does.
package testutil

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// MainWithZmqlint builds cmd/zmqlint (with CGO_ENABLED=0, as users can)
// into a temporary directory, stores its path in *bin, runs the tests and
// exits. Call it from TestMain.
func MainWithZmqlint(m *testing.M, bin *string) {
	dir, err := os.MkdirTemp("", "zmqlint-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*bin = filepath.Join(dir, "zmqlint")
	build := exec.Command("go", "build", "-o", *bin, "github.com/zmqlint/zmqlint/cmd/zmqlint")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building zmqlint with CGO_ENABLED=0: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	// The analysis cache of the binary (and of in-process runs) goes to
	// this run's temporary directory, not the user's cache: each run
	// starts empty, still exercising the cache, and leaves nothing behind.
	os.Setenv("ZMQLINT_CACHE", filepath.Join(dir, "cache"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Run runs name with args in dir, with env (nil: inherit), and returns
// its output and exit code; it fails the test only if the command could
// not be started.
func Run(t testing.TB, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return o.String(), e.String(), code
}

// StubGOPATH writes a GOPATH tree for analysistest into a temporary
// directory: the binding stubs (StubsSrc) named by stubs (import
// paths, e.g. "github.com/pebbe/zmq4"; their .go files only) and files
// (path under src -> contents). It returns the directory to pass to
// analysistest.Run. Tests use it for generated inputs, such as the call
// rings of the summary regression tests.
func StubGOPATH(t testing.TB, stubs []string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write := func(rel string, data []byte) {
		p := filepath.Join(dir, "src", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, imp := range stubs {
		src := filepath.Join(StubsSrc(t), filepath.FromSlash(imp))
		ents, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if e.IsDir() || filepath.Ext(e.Name()) != ".go" {
				continue
			}
			data, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			write(imp+"/"+e.Name(), data)
		}
	}
	for rel, text := range files {
		write(rel, []byte(text))
	}
	return dir
}

// Ring returns the source of package name: n functions F0 … F<n-1> in a
// call ring, each with the signature sig ("(n int, s *zmq.Socket)") and
// the body body, in which
// NEXT, NEXT2 stand for the next two functions' names (F<i+1>, F<i+2>).
// It is the shape of issue 19: per-function summaries that are not
// computed per call-graph cycle grow exponentially on it.
func Ring(name, imports string, n int, sig, body string) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "package %s\n\nimport (\n%s\n)\n", name, imports)
	for i := 0; i < n; i++ {
		text := strings.ReplaceAll(body, "NEXT2", fmt.Sprintf("F%d", (i+2)%n))
		text = strings.ReplaceAll(text, "NEXT", fmt.Sprintf("F%d", (i+1)%n))
		fmt.Fprintf(&b, "\nfunc F%d%s {\n%s}\n", i, sig, text)
	}
	return b.String()
}
