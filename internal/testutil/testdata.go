package testutil

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/stubgen"
)

// The test packages of a check live next to it, as in x/tools:
// passes/<check>/testdata/src/<check>/... (a GOPATH src tree whose
// import paths start with the check's name). The pure-Go stubs of the
// bindings' APIs (github.com/..., gopkg.in/..., golang.org/x/sync, and
// example.com's ZeroMQ-free helpers), which every tree imports, live once,
// in StubsSrc. analysistest.Run takes a single GOPATH dir, so TestData and
// GOPATH build one in a temporary directory from symlinks to the trees
// (go list follows symlinked directories when it resolves import paths,
// though not in "..." patterns: callers that need patterns copy, as
// internal/robust does).

// stubsRel is the stubs' src dir relative to the module root, where
// stubgen writes them. It is under a testdata directory so that the go
// tool (build, vet, ./... patterns) ignores the stubs.
const stubsRel = stubgen.StubRoot

// Root returns the module root: the nearest directory above the working
// directory (a test's package directory) whose go.mod declares zmqlint.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(data), "module github.com/zmqlint/zmqlint\n") {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no zmqlint go.mod above the working directory")
		}
		dir = parent
	}
}

// StubsSrc returns the src dir of the shared binding stubs.
func StubsSrc(t testing.TB) string {
	t.Helper()
	return filepath.Join(Root(t), filepath.FromSlash(stubsRel))
}

// SrcDirs returns, sorted, every analysistest src dir of the repository:
// <dir>/testdata/src for each package dir that has one (the stubs are not
// one of them). New checks' trees are found without a list to update.
func SrcDirs(t testing.TB) []string {
	t.Helper()
	root := Root(t)
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if d.Name() != "testdata" {
			return nil
		}
		// A testdata dir is not descended into: trees do not nest, and
		// testdata/demo and friends are whole modules.
		if fi, err := os.Stat(filepath.Join(path, "src")); err == nil && fi.IsDir() {
			dirs = append(dirs, filepath.Join(path, "src"))
		}
		return filepath.SkipDir
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	return dirs
}

// Resolve returns the real directory of rel, a path relative to a GOPATH
// src dir ("lifecycle/basic", "github.com/pebbe/zmq4"), looked up in the
// stubs and in every SrcDirs.
func Resolve(t testing.TB, rel string) string {
	t.Helper()
	for _, src := range append([]string{StubsSrc(t)}, SrcDirs(t)...) {
		p := filepath.Join(src, filepath.FromSlash(rel))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("%s is in no testdata src dir nor in the stubs", rel)
	return ""
}

// GOPATH returns a temporary GOPATH dir whose src/ holds a symlink to each
// top-level entry of the stubs and of each of the src dirs srcs. Two trees
// with the same top-level name fail the test: import paths must be unique.
func GOPATH(t testing.TB, srcs ...string) string {
	t.Helper()
	gopath := t.TempDir()
	dst := filepath.Join(gopath, "src")
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	from := map[string]string{}
	for _, src := range append([]string{StubsSrc(t)}, srcs...) {
		ents, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if prev, ok := from[e.Name()]; ok {
				if prev == src {
					continue
				}
				t.Fatalf("%s is in both %s and %s", e.Name(), prev, src)
			}
			from[e.Name()] = src
			if err := os.Symlink(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return gopath
}

// TestData returns the dir to pass to analysistest.Run: a GOPATH of the
// calling package's testdata/src (analysistest.TestData), the testdata/src
// of the package dirs also (relative to the module root, e.g.
// "passes/zerocopy", for a helper analyzer tested on a check's packages)
// and the stubs.
func TestData(t testing.TB, also ...string) string {
	t.Helper()
	var srcs []string
	if own := filepath.Join(analysistest.TestData(), "src"); exists(own) {
		srcs = append(srcs, own)
	}
	root := Root(t)
	for _, dir := range also {
		srcs = append(srcs, filepath.Join(root, filepath.FromSlash(dir), "testdata", "src"))
	}
	return GOPATH(t, srcs...)
}

// AllTestData returns a GOPATH of every analysistest tree and the stubs.
func AllTestData(t testing.TB) string {
	t.Helper()
	return GOPATH(t, SrcDirs(t)...)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Trees returns, sorted, the top-level names of every tree of SrcDirs
// ("lifecycle", "robust", ...): the arguments to CopyGOPATH for a copy of
// all analysistest packages.
func Trees(t testing.TB) []string {
	t.Helper()
	var names []string
	for _, src := range SrcDirs(t) {
		ents, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// CopyGOPATH returns a temporary GOPATH holding copies of the stubs and of
// trees (paths relative to a src dir, such as "lifecycle" or
// "robust/broken", found by Resolve). Copies, not symlinks: "./..."
// patterns do not follow symlinks, and tests that apply fixes write into
// the copy.
func CopyGOPATH(t testing.TB, trees ...string) string {
	t.Helper()
	gopath := t.TempDir()
	dst := filepath.Join(gopath, "src")
	if err := os.CopyFS(dst, os.DirFS(StubsSrc(t))); err != nil {
		t.Fatal(err)
	}
	for _, rel := range trees {
		if err := os.CopyFS(filepath.Join(dst, filepath.FromSlash(rel)), os.DirFS(Resolve(t, rel))); err != nil {
			t.Fatal(err)
		}
	}
	return gopath
}

// PebbeStub returns the source of the pure-Go pebbe/zmq4 stub, for tests
// that write a temporary GOPATH tree of their own around it.
func PebbeStub(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(StubsSrc(t), "github.com", "pebbe", "zmq4", "zmq4.go"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
