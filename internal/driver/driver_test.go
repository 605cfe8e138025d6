package driver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// TestEmbeddedStubsCurrent checks that the embedded stubs equal the
// generated ones in internal/testutil/testdata/stubs/src (run "go generate ./internal/driver").
func TestEmbeddedStubsCurrent(t *testing.T) {
	for _, s := range cgoBindings {
		want, err := os.ReadFile(filepath.Join("..", "testutil", "testdata", "stubs", "src", filepath.FromSlash(s.Source)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := stubSource(s)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("embedded stub of %s differs from the stub %s; run go generate ./internal/driver", s.PkgPath, s.Source)
		}
	}
}

// TestStubsCoverCgoBindings: every modelled binding that needs cgo (all
// but the pure-Go go-zeromq/zmq4), under every import path the model
// knows, has a stub to fall back to.
func TestStubsCoverCgoBindings(t *testing.T) {
	for _, p := range append(append([]string(nil), zmqapi.BindingPaths...), zmqapi.LegacyPaths...) {
		if p == "github.com/go-zeromq/zmq4" {
			continue
		}
		if _, ok := stubFor(p); !ok {
			t.Errorf("no built-in stub for the cgo binding %s", p)
		}
	}
}

func TestIsVetInvocation(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, false}, // answered by Run
		{[]string{"-flags"}, true},
		{[]string{"/tmp/go-build/vet.cfg"}, true},
		{[]string{"-json", "-lifecycle", "/tmp/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"-json", "./..."}, false},
		{[]string{"./a", "b.cfg"}, false},
		{nil, false},
	} {
		if got := IsVetInvocation(tc.args); got != tc.want {
			t.Errorf("IsVetInvocation(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n"
	new := "a\nb\nX\nc\nd\ne\nf\ng\nh\ni\nj\nk\nm\n"
	got := string(unifiedDiff("a/f", "b/f", []byte(old), []byte(new)))
	want := `--- a/f
+++ b/f
@@ -1,5 +1,6 @@
 a
 b
+X
 c
 d
 e
@@ -9,5 +10,4 @@
 i
 j
 k
-l
 m
`
	if got != want {
		t.Errorf("diff:\n%s\nwant:\n%s", got, want)
	}
	if d := unifiedDiff("a", "b", []byte(old), []byte(old)); d != nil {
		t.Errorf("diff of equal texts: %q", d)
	}
	if d := string(unifiedDiff("a", "b", []byte("x"), []byte("y"))); !strings.Contains(d, "-x\n\\ No newline at end of file\n+y\n") {
		t.Errorf("diff without final newline:\n%s", d)
	}
}

func TestConflicts(t *testing.T) {
	files := map[string]*fileEdits{"f": {edits: []edit{{10, 20, "x"}, {30, 30, "ins"}}}}
	for _, tc := range []struct {
		e    edit
		want bool
	}{
		{edit{10, 20, "x"}, false},    // identical: a duplicate, not a conflict
		{edit{15, 25, "y"}, true},     // overlaps
		{edit{20, 20, "y"}, false},    // insertion right after a replacement
		{edit{12, 12, "y"}, true},     // insertion inside a replacement
		{edit{30, 30, "other"}, true}, // two insertions at one place
		{edit{40, 45, ""}, false},
	} {
		add := map[string]*fileEdits{"f": {edits: []edit{tc.e}}}
		if got := conflicts(files, add); got != tc.want {
			t.Errorf("conflicts(%v) = %v, want %v", tc.e, got, tc.want)
		}
	}
}

func TestApplyEdits(t *testing.T) {
	src := []byte("package p\n\nfunc f() {\n}\n")
	_, got, err := applyEdits("p.go", src, []edit{{len("package p\n\nfunc f() {\n"), len("package p\n\nfunc f() {\n"), "\tprintln()\n"}})
	if err != nil || string(got) != "package p\n\nfunc f() {\n\tprintln()\n}\n" {
		t.Errorf("applyEdits = %q, %v", got, err)
	}
	if _, _, err := applyEdits("p.go", src, []edit{{0, 7, "}}}"}}); err == nil {
		t.Errorf("an edit that breaks the syntax was accepted")
	}
}

// TestWriteAllAllOrNothing checks that a file that cannot be written
// leaves every file unchanged and no temporary file behind.
func TestWriteAllAllOrNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.go")
	if err := os.WriteFile(a, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone", "b.go")
	err := writeAll([]pendingWrite{{a, []byte("new")}, {missing, []byte("new")}})
	if err == nil || !strings.Contains(err.Error(), "no file was changed") {
		t.Fatalf("writeAll = %v, want an error saying no file was changed", err)
	}
	if data, _ := os.ReadFile(a); string(data) != "old" {
		t.Errorf("a.go = %q, want it unchanged", data)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}

	if err := writeAll([]pendingWrite{{a, []byte("new")}}); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(a)
	if data, _ := os.ReadFile(a); string(data) != "new" || info.Mode().Perm() != 0o600 {
		t.Errorf("a.go = %q mode %v, want \"new\" 0600", data, info.Mode().Perm())
	}
}
