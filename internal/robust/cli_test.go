package robust

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

// These tests run the zmqlint binary (built by TestMain) the way users
// do. They assert observable behaviour only (exit codes, that messages
// name the package and the position, file contents), not exact wording.

// exitFindings is the exit code for "findings reported" (docs/cli.md); any
// other non-zero code is an error.
const exitFindings = 3

// gopathCopy copies the binding stubs and the given analysistest subtrees
// ("lifecycle", "robust/broken"; each found next to its package by
// testutil.Resolve) into a fresh GOPATH and returns its root.
func gopathCopy(t *testing.T, subtrees ...string) string {
	t.Helper()
	return testutil.CopyGOPATH(t, subtrees...)
}

func noPanic(t *testing.T, what, out string) {
	t.Helper()
	if panicked(out) {
		t.Errorf("%s: the output shows a panic or an internal error:\n%s", what, out)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTypeErrors: a package that does not type-check is an error naming
// the package and the position, with a non-zero exit that is not "findings",
// and -fix changes nothing.
func TestTypeErrors(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	gopath := gopathCopy(t, "robust/broken")
	writeFile(t, filepath.Join(gopath, "src", "robust", "syntax", "syntax.go"),
		"package syntax\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc f() {\n\ts, _ := zmq.NewSocket(zmq.PUSH)\n\ts.Send(\"x\", 0\n}\n")
	writeFile(t, filepath.Join(gopath, "src", "robust", "noimport", "noimport.go"),
		"package noimport\n\nimport (\n\tzmq \"github.com/pebbe/zmq4\"\n\t\"robust/doesnotexist\"\n)\n\nfunc f() {\n\ts, _ := zmq.NewSocket(zmq.PUSH)\n\tdoesnotexist.Use(s)\n}\n")
	env := gopathEnv(gopath)
	dir := filepath.Join(gopath, "src")
	cases := []struct {
		pkg, file string
		pos       *regexp.Regexp // the position the message must name
	}{
		{"robust/broken", "broken/broken.go", regexp.MustCompile(`broken\.go:12(:\d+)?`)},
		{"robust/syntax", "syntax/syntax.go", regexp.MustCompile(`syntax\.go:7(:\d+)?`)},
		{"robust/noimport", "noimport/noimport.go", regexp.MustCompile(`noimport\.go:5(:\d+)?|robust/doesnotexist`)},
	}
	// One run over the three packages (each run type-checks the standard
	// library from source in GOPATH mode): each must be named with its
	// position.
	pkgs := make([]string, len(cases))
	before := make([]string, len(cases))
	for i, c := range cases {
		pkgs[i] = c.pkg
		before[i] = readFile(t, filepath.Join(dir, "robust", c.file))
	}
	for _, args := range [][]string{pkgs, append([]string{"-fix"}, pkgs...)} {
		stdout, stderr, code := run(t, dir, env, zmqlint, args...)
		out := stdout + stderr
		noPanic(t, strings.Join(args, " "), out)
		if code == 0 || code == exitFindings {
			t.Errorf("zmqlint %s: exit %d, want an error exit; output:\n%s", strings.Join(args, " "), code, out)
		}
		for _, c := range cases {
			if !strings.Contains(out, c.pkg) {
				t.Errorf("zmqlint %s: output does not name package %s:\n%s", strings.Join(args, " "), c.pkg, out)
			}
			if !c.pos.MatchString(out) {
				t.Errorf("zmqlint %s: output does not name the position %s:\n%s", strings.Join(args, " "), c.pos, out)
			}
		}
	}
	// A package with errors next to a clean one with a fixable leak:
	// -fix must not edit the clean one either.
	writeFile(t, filepath.Join(dir, "robust", "rw", "rw.go"), leakSource("rw"))
	_, stderr, code := run(t, dir, env, zmqlint, "-fix", "robust/rw", "robust/broken")
	noPanic(t, "-fix robust/rw robust/broken", stderr)
	if code == 0 || code == exitFindings {
		t.Errorf("zmqlint -fix robust/rw robust/broken: exit %d, want an error exit:\n%s", code, stderr)
	}
	if got := readFile(t, filepath.Join(dir, "robust", "rw", "rw.go")); got != leakSource("rw") {
		t.Errorf("-fix edited robust/rw although robust/broken did not type-check:\n%s", got)
	}
	for i, c := range cases {
		if after := readFile(t, filepath.Join(dir, "robust", c.file)); after != before[i] {
			t.Errorf("-fix changed %s although the package does not type-check:\n%s", c.file, after)
		}
	}
}

// TestMissingPattern: a pattern that matches nothing is a clear error.
func TestMissingPattern(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	gopath := gopathCopy(t)
	for _, c := range []struct {
		dir     string
		env     []string
		pattern string
	}{
		{filepath.Join(gopath, "src"), gopathEnv(gopath), "robust/nosuchpackage"},
		{repoRoot(t), nil, "./no/such/dir"},
		{repoRoot(t), nil, "./no/such/dir/..."},
		{repoRoot(t), nil, "example.com/not/a/dependency"},
	} {
		stdout, stderr, code := run(t, c.dir, c.env, zmqlint, c.pattern)
		out := stdout + stderr
		noPanic(t, c.pattern, out)
		if code == 0 || code == exitFindings {
			t.Errorf("zmqlint %s: exit %d, want an error exit; output:\n%s", c.pattern, code, out)
		}
		name := strings.TrimSuffix(strings.TrimPrefix(c.pattern, "./"), "/...")
		if !strings.Contains(out, name) {
			t.Errorf("zmqlint %s: the error does not name the pattern:\n%s", c.pattern, out)
		}
	}
}

// leakSource is a package with one fixable leak.
func leakSource(pkg string) string {
	return "package " + pkg + "\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc leak() error {\n\ts, err := zmq.NewSocket(zmq.PUSH)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn s.Bind(\"inproc://x\")\n}\n"
}

// TestUnwritableFix: -fix over two packages, one of whose files cannot be
// written: an error exit, and no file changed, the writable one included.
func TestUnwritableFix(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list and go build
	gopath := gopathCopy(t)
	rw := filepath.Join(gopath, "src", "robust", "rw", "rw.go")
	ro := filepath.Join(gopath, "src", "robust", "ro", "ro.go")
	writeFile(t, rw, leakSource("rw"))
	writeFile(t, ro, leakSource("ro"))
	makeUnwritable(t, ro)
	dir := filepath.Join(gopath, "src")
	// The read-only package comes first and last in the pattern order so
	// that neither order of writing hides a partial write.
	for _, args := range [][]string{{"-fix", "robust/ro", "robust/rw"}, {"-fix", "robust/rw", "robust/ro"}} {
		stdout, stderr, code := run(t, dir, gopathEnv(gopath), zmqlint, args...)
		out := stdout + stderr
		noPanic(t, "-fix", out)
		if code == 0 || code == exitFindings {
			t.Errorf("zmqlint %v: exit %d, want an error exit; output:\n%s", args, code, out)
		}
		if !strings.Contains(out, "ro.go") && !strings.Contains(out, "robust/ro") {
			t.Errorf("zmqlint %v: the error does not name the unwritable file:\n%s", args, out)
		}
		if got := readFile(t, rw); got != leakSource("rw") {
			t.Errorf("zmqlint %v: the writable file was changed although the fix run failed:\n%s", args, got)
		}
		if got := readFile(t, ro); got != leakSource("ro") {
			t.Errorf("zmqlint %v: the unwritable file was changed:\n%s", args, got)
		}
		// No stray temporary files are left next to the sources.
		for _, d := range []string{filepath.Dir(rw), filepath.Dir(ro)} {
			ents, _ := os.ReadDir(d)
			if len(ents) != 1 {
				var names []string
				for _, e := range ents {
					names = append(names, e.Name())
				}
				sort.Strings(names)
				t.Errorf("zmqlint %v: %s holds %v, want only the source file", args, d, names)
			}
		}
	}
}

// makeUnwritable makes name unwritable and impossible to replace by a
// rename: as root (who ignores permissions) by making it immutable with
// chattr +i, otherwise by making it and its directory read-only.
func makeUnwritable(t *testing.T, name string) {
	t.Helper()
	if os.Geteuid() == 0 {
		if out, err := exec.Command("chattr", "+i", name).CombinedOutput(); err != nil {
			t.Skipf("running as root and chattr +i failed (%v: %s): cannot make a file unwritable", err, out)
		}
		t.Cleanup(func() { exec.Command("chattr", "-i", name).Run() })
		return
	}
	dir := filepath.Dir(name)
	if err := os.Chmod(name, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
}
