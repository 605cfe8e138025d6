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
