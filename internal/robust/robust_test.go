// Package robust holds zmqlint's robustness tests: every analyzer of the
// suite (analyzers.All, so new checks are covered without editing these
// tests) over the standard library, hostile code shapes, bad input, all
// fixes at once, determinism and a fuzz target. docs/reliability.md
// records what was tried and the results.
package robust

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/internal/testutil"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/analyzers"
)

// zmqlint is the command under test, built once by TestMain.
var zmqlint string

func TestMain(m *testing.M) {
	testutil.MainWithZmqlint(m, &zmqlint)
}

// repoRoot is the module root, two levels up.
func repoRoot(t testing.TB) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// gopathEnv is the environment of a GOPATH-mode run over a copy of (or the
// real) testdata tree rooted at gopath.
func gopathEnv(gopath string) []string {
	return append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOPROXY=off", "GOWORK=off", "GOFLAGS=")
}

// loadGOPATH loads patterns from the GOPATH tree at gopath with full
// syntax, the way analysistest does.
func loadGOPATH(t testing.TB, gopath string, patterns ...string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   filepath.Join(gopath, "src"),
		Env:   gopathEnv(gopath),
		Tests: false,
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatalf("loading %v: %v", patterns, err)
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, p.PkgPath+": "+e.Error())
		}
	})
	if len(errs) > 0 {
		t.Fatalf("load errors:\n%s", strings.Join(errs, "\n"))
	}
	return pkgs
}

// diag is one diagnostic of a root package with its position resolved.
type diag struct {
	analyzer string
	file     string
	line     int
	col      int
	msg      string
	fixes    int
}

func (d diag) String() string {
	return fmt.Sprintf("%s:%d:%d: [%s] %s", d.file, d.line, d.col, d.analyzer, d.msg)
}

// analyzeAll runs every analyzer of the suite over pkgs and returns the
// root diagnostics, sorted, and fails on any analysis error (a panic in a
// check surfaces as the test binary crashing, which is what we want: no
// recover here).
func analyzeAll(t testing.TB, pkgs []*packages.Package) []diag {
	t.Helper()
	graph, err := checker.Analyze(analyzers.All(), pkgs, &checker.Options{})
	if err != nil {
		t.Fatalf("checker.Analyze: %v", err)
	}
	return collect(t, graph)
}

func collect(t testing.TB, graph *checker.Graph) []diag {
	var out []diag
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			out = append(out, diag{analyzer: act.Analyzer.Name, file: p.Filename, line: p.Line, col: p.Column, msg: d.Message, fixes: len(d.SuggestedFixes)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// wantRE matches a "// want" comment; its patterns are Go string literals
// (quoted or back-quoted), as in analysistest. Fact expectations
// (name:"fact") are not used in robust testdata.
var wantRE = regexp.MustCompile(`//\s*want\s+(.*)$`)

// expectations reads the // want patterns of the root packages' files by
// file and line.
func expectations(t testing.TB, pkgs []*packages.Package) map[string]map[int][]*regexp.Regexp {
	t.Helper()
	want := make(map[string]map[int][]*regexp.Regexp)
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					m := wantRE.FindStringSubmatch(c.Text)
					if m == nil {
						continue
					}
					pos := p.Fset.Position(c.Pos())
					rest := strings.TrimSpace(m[1])
					for rest != "" {
						lit, err := strconv.QuotedPrefix(rest)
						if err != nil {
							t.Fatalf("%s: bad want comment %q: %v", pos, c.Text, err)
						}
						s, _ := strconv.Unquote(lit)
						re, err := regexp.Compile(s)
						if err != nil {
							t.Fatalf("%s: bad want regexp %q: %v", pos, s, err)
						}
						if want[pos.Filename] == nil {
							want[pos.Filename] = make(map[int][]*regexp.Regexp)
						}
						want[pos.Filename][pos.Line] = append(want[pos.Filename][pos.Line], re)
						rest = strings.TrimSpace(rest[len(lit):])
					}
				}
			}
		}
	}
	return want
}

// checkWants matches diagnostics against // want comments, whatever
// analyzer of the suite produced them: every diagnostic must be expected
// on its line, every expectation met.
func checkWants(t testing.TB, pkgs []*packages.Package, diags []diag) {
	t.Helper()
	want := expectations(t, pkgs)
	for _, d := range diags {
		res := want[d.file][d.line]
		matched := -1
		for i, re := range res {
			if re.MatchString(d.msg) {
				matched = i
				break
			}
		}
		if matched < 0 {
			t.Errorf("unexpected diagnostic %s", d)
			continue
		}
		want[d.file][d.line] = append(res[:matched:matched], res[matched+1:]...)
	}
	var missing []string
	for file, lines := range want {
		for line, res := range lines {
			for _, re := range res {
				missing = append(missing, fmt.Sprintf("%s:%d: no diagnostic matching %q", file, line, re))
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}

// run is testutil.Run.
func run(t testing.TB, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return testutil.Run(t, dir, env, name, args...)
}

// copyTree copies the directory src to dst (regular files and dirs only).
func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !info.Mode().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// panicked reports whether output shows a Go panic or an internal error
// of a check.
func panicked(out string) bool {
	return strings.Contains(out, "panic:") || strings.Contains(out, "goroutine ") && strings.Contains(out, "[running]") ||
		strings.Contains(out, "internal error")
}

var _ = runtime.NumCPU
var _ analysis.Analyzer
