package lsp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNeovim runs a real editor against "zmqlint lsp": Neovim (0.7+)
// headless, with testdata/nvim/fix.lua, opens publisher/publisher.go of
// a copy of the demo module, waits for the diagnostics, applies each
// quick fix through the editor's own WorkspaceEdit code and writes the
// file. The file must then compile and zmqlint must report nothing in
// it. Without nvim the test is skipped, except in CI (CI=true), where
// .ci/run installs it.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("nvim not found, and CI=true: .ci/run installs Debian's neovim")
		}
		t.Skip("nvim not found: install Neovim 0.7+ (Debian: apt-get install neovim) to run the editor end-to-end test")
	}
	dir, env := demoCopy(t)
	bin := filepath.Join(t.TempDir(), "zmqlint")
	build := exec.Command("go", "build", "-o", bin, "github.com/zmqlint/zmqlint/cmd/zmqlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script, err := filepath.Abs(filepath.Join("testdata", "nvim", "fix.lua"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "publisher", "publisher.go")
	before, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(env, "ZMQLINT_BIN="+bin, "ZMQLINT_FILE="+file, "ZMQLINT_ROOT="+dir, "XDG_STATE_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	t.Logf("nvim output:\n%s", out)
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) == string(before) {
		t.Fatal("the file was not changed")
	}
	t.Logf("publisher.go after the fixes:\n%s", after)

	gobuild := exec.Command("go", "build", "./publisher")
	gobuild.Dir, gobuild.Env = dir, env
	if out, err := gobuild.CombinedOutput(); err != nil {
		t.Fatalf("the fixed file does not compile: %v\n%s", err, out)
	}
	lint := exec.Command(bin, "./publisher")
	lint.Dir, lint.Env = dir, env
	lout, _ := lint.CombinedOutput()
	for _, line := range strings.Split(string(lout), "\n") {
		if strings.Contains(line, "publisher.go:") {
			t.Errorf("zmqlint still reports in the fixed file: %s", line)
		}
	}
}
