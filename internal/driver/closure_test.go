package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

var closureModule = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.22\n",
	"a/a.go": `package a

import (
	"strings"

	"example.com/m/b"
)

func A() string { var sb strings.Builder; sb.WriteString(b.B()); return sb.String() }
`,
	"b/b.go": `package b

import "strings"

func B() string { return strings.ToUpper("b") }
`,
}

// byPath returns the package of the graph under roots with path path.
func byPath(roots []*packages.Package, path string) *packages.Package {
	var found *packages.Package
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.PkgPath == path {
			found = p
		}
	})
	return found
}

// TestLoadClosure: the named package and the module's own code are
// checked from source; the standard library is read from export data
// and is not part of the graph the checker gets.
func TestLoadClosure(t *testing.T) {
	dir := writeTempModule(t, closureModule)
	pkgs, err := load([]string{"./a"}, loadConfig{env: testEnv(), dir: dir}, func(line string) { t.Log(line) })
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 {
		t.Fatalf("got %d packages, want 1", len(pkgs))
	}
	a := pkgs[0]
	if len(a.Errors) > 0 {
		t.Fatalf("errors: %v", a.Errors)
	}
	if len(a.Imports) != 1 || a.Imports["example.com/m/b"] == nil {
		t.Fatalf("a's imports given to the checker: %v, want b only", a.Imports)
	}
	b := a.Imports["example.com/m/b"]
	for _, p := range []*packages.Package{a, b} {
		if p.Syntax == nil || p.TypesInfo == nil || p.Types == nil || !p.Types.Complete() || p.IllTyped {
			t.Errorf("%s: not checked from source", p.PkgPath)
		}
	}
	if byPath(pkgs, "strings") != nil {
		t.Errorf("strings is in the checker's graph")
	}
	// strings' types, from export data, are the same for a and b.
	var sa, sb any
	for _, imp := range a.Types.Imports() {
		if imp.Path() == "strings" {
			sa = imp
		}
	}
	for _, imp := range b.Types.Imports() {
		if imp.Path() == "strings" {
			sb = imp
		}
	}
	if sa == nil || sa != sb {
		t.Errorf("a and b import different strings packages: %v, %v", sa, sb)
	}
}

// TestLoadFromExport: a closure package the fromExport hook takes is read
// from the export data it names, and its importers type-check against
// it.
func TestLoadFromExport(t *testing.T) {
	dir := writeTempModule(t, closureModule)
	first, err := load([]string{"./b"}, loadConfig{env: testEnv(), dir: dir}, func(string) {})
	if err != nil || len(first) != 1 || first[0].IllTyped {
		t.Fatalf("loading b: %v", err)
	}
	exp := filepath.Join(t.TempDir(), "b.export")
	f, err := os.Create(exp)
	if err != nil {
		t.Fatal(err)
	}
	if err := gcexportdata.Write(f, first[0].Fset, first[0].Types); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	var asked []string
	lc := loadConfig{env: testEnv(), dir: dir, fromExport: func(p *packages.Package, _ bool) bool {
		asked = append(asked, p.ID)
		if p.PkgPath == "example.com/m/b" {
			p.ExportFile = exp
			return true
		}
		return false
	}}
	pkgs, err := load([]string{"./a"}, lc, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(asked, " "); got != "example.com/m/b example.com/m/a" {
		t.Errorf("fromExport was asked about %q, want b then a", got)
	}
	a := pkgs[0]
	if len(a.Errors) > 0 || a.IllTyped {
		t.Fatalf("a: %v", a.Errors)
	}
	b := a.Imports["example.com/m/b"]
	if b == nil || b.Syntax != nil || b.TypesInfo != nil || b.Types == nil || !b.Types.Complete() {
		t.Fatalf("b is not in a's imports, read from export data: %+v", b)
	}
	if b.Types.Scope().Lookup("B") == nil {
		t.Errorf("b's export data lacks B")
	}
}

// TestLoadSourceEverything: ZMQLINT_LOAD=source checks the whole graph
// from source, as the loader did before the closure.
func TestLoadSourceEverything(t *testing.T) {
	dir := writeTempModule(t, closureModule)
	pkgs, err := load([]string{"./a"}, loadConfig{env: testEnv("ZMQLINT_LOAD=source"), dir: dir}, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	s := byPath(pkgs, "strings")
	if s == nil || s.Syntax == nil || s.TypesInfo == nil || s.IllTyped {
		t.Fatalf("strings is not in the graph, checked from source: %+v", s)
	}
}

// TestLoadClosureBindingImporter: a versioned dependency (vendored
// here, so that no module proxy is needed) that imports a binding is
// checked from source, so its facts reach the named package: the socket
// its Open creates leaks in app. The binding itself (the pure-Go stub of
// testdata) is read from export data.
func TestLoadClosureBindingImporter(t *testing.T) {
	stub := testutil.PebbeStub(t)
	dir := writeTempModule(t, map[string]string{
		"go.mod":                               "module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.org/wrap v1.0.0\n\tgithub.com/pebbe/zmq4 v1.4.0\n)\n",
		"vendor/modules.txt":                   "# example.org/wrap v1.0.0\n## explicit\nexample.org/wrap\n# github.com/pebbe/zmq4 v1.4.0\n## explicit\ngithub.com/pebbe/zmq4\n",
		"vendor/github.com/pebbe/zmq4/zmq4.go": stub,
		"vendor/example.org/wrap/w.go":         "package wrap\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc Open() (*zmq.Socket, error) { return zmq.NewSocket(zmq.PUSH) }\n",
		"a.go": `package app

import "example.org/wrap"

func Leak() error {
	s, err := wrap.Open()
	if err != nil {
		return err
	}
	_ = s
	return nil
}
`,
	})
	env := testEnv("GOFLAGS=-mod=vendor")
	pkgs, err := load([]string{"."}, loadConfig{env: env, dir: dir}, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	if w := byPath(pkgs, "example.org/wrap"); w == nil || w.Syntax == nil {
		t.Fatalf("wrap is not in the graph, checked from source: %+v", w)
	}
	if byPath(pkgs, "github.com/pebbe/zmq4") != nil {
		t.Errorf("the binding is in the checker's graph")
	}
	r := runDriver(t, dir, env, ".")
	if r.code != ExitFindings || !strings.Contains(r.stderr, "socket s is not closed on all paths") {
		t.Errorf("exit %d, want %d with the leak of s:\n%s", r.code, ExitFindings, r.stderr)
	}
}
