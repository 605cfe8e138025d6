package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestMain points the analysis cache of the server's runs at a temporary
// directory: each test run starts with an empty cache (still exercising
// it) and leaves nothing in the user's cache directory.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zmqlint-lsp-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("ZMQLINT_CACHE", filepath.Join(dir, "cache"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
