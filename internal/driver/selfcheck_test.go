package driver

import (
	"bytes"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/sockshare"
)

// Tests of -fix's self-check: findings of the fixed code are matched to
// the original's by check, category and position carried through the
// edits (not by message), and a fix that introduces a finding is dropped
// while the others are applied.

// stubGOPATH writes a GOPATH tree with the pebbe stub and files (path
// under src -> content) and returns it with the go command's environment.
func stubGOPATH(t *testing.T, files map[string]string) (string, []string) {
	t.Helper()
	stub := testutil.PebbeStub(t)
	all := map[string]string{"src/github.com/pebbe/zmq4/zmq4.go": stub}
	for name, text := range files {
		all["src/"+name] = text
	}
	gopath := writeTempModule(t, all)
	return gopath, testEnv("GO111MODULE=off", "GOPATH="+gopath)
}

// manyLeaks has three sockets leaked in one function (three inserted
// defers move everything below them), then findings without a fix whose
// messages take names from the source (sockshare's receiver, lifecycle's
// context name).
const manyLeaks = `package multi

import (
	zmq "github.com/pebbe/zmq4"
)

func Many(ep string) error {
	a, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	b, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	c, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := a.Bind(ep); err != nil {
		return err
	}
	if err := b.Bind(ep); err != nil {
		return err
	}
	return c.Bind(ep)
}

func Shared(sock *zmq.Socket) {
	go func() {
		sock.Send("x", 0)
	}()
	sock.Send("y", 0)
}

func Nested(ep string, own bool) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	b, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	if own {
		defer ctx.Term()
	}
	err = b.Bind(ep)
	return err
}
`

const deferOrder = `package multi

import (
	zmq "github.com/pebbe/zmq4"
)

func Order(ep string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		ctx.Term()
		return err
	}
	defer s.Close()
	defer ctx.Term()
	return s.Bind(ep)
}
`

// TestFixSelfCheckNoFalseIntroduced: the red team's shape. Before, the
// findings after the inserted lines were compared by message, and the
// messages of the re-check took names from the unfixed file at the fixed
// file's offsets ("l) e is used", "context urn"): every remaining finding
// was "introduced by the fixes".
func TestFixSelfCheckNoFalseIntroduced(t *testing.T) {
	t.Parallel()
	gopath, env := stubGOPATH(t, map[string]string{"multi/a.go": manyLeaks, "multi/b.go": deferOrder})
	dir := filepath.Join(gopath, "src", "multi")
	r := runDriver(t, dir, env, "-fix", ".")
	if r.code != ExitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", r.code, ExitFindings, r.stderr)
	}
	for _, bad := range []string{"new finding", "introduce", "not applying"} {
		if strings.Contains(r.stderr, bad) {
			t.Errorf("stderr has %q:\n%s", bad, r.stderr)
		}
	}
	for _, want := range []string{"zmqlint: applied 5 fix(es) to 2 file(s)", "sock is used (Send) here"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.go"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.go"))
	if !bytes.Contains(a, []byte("defer c.Close()")) || !bytes.Contains(b, []byte("defer ctx.Term()\n\tdefer s.Close()")) {
		t.Errorf("not fixed:\n%s\n%s", a, b)
	}
	// A second run (which applies the fix that overlapped one of the
	// first) sees no new finding either.
	r = runDriver(t, dir, env, "-fix", ".")
	if strings.Contains(r.stderr, "new finding") || strings.Contains(r.stderr, "introduce") {
		t.Errorf("second run:\n%s", r.stderr)
	}
}

// swapAll is a test-only "lifecycle" whose fix is the swap of issue 18's
// Y11 before its repair: in every statement list, "defer X.Close()"
// followed (anywhere later) by "defer Y.Term()" is reported at the Term
// and fixed by exchanging the two, whatever lies between.
var swapAll = &analysis.Analyzer{
	Name: "lifecycle",
	Doc:  "test: swap every deferred Close with a later deferred Term",
	Run: func(pass *analysis.Pass) (any, error) {
		for _, f := range pass.Files {
			src, err := pass.ReadFile(pass.Fset.File(f.Pos()).Name())
			if err != nil {
				return nil, err
			}
			tf := pass.Fset.File(f.Pos())
			text := func(n ast.Node) string { return string(src[tf.Offset(n.Pos()):tf.Offset(n.End())]) }
			ast.Inspect(f, func(n ast.Node) bool {
				b, ok := n.(*ast.BlockStmt)
				if !ok {
					return true
				}
				var cl *ast.DeferStmt
				for _, st := range b.List {
					d, ok := st.(*ast.DeferStmt)
					if !ok {
						continue
					}
					sel, ok := d.Call.Fun.(*ast.SelectorExpr)
					if !ok {
						continue
					}
					switch {
					case sel.Sel.Name == "Close" && cl == nil:
						cl = d
					case sel.Sel.Name == "Term" && cl != nil:
						pass.Report(analysis.Diagnostic{Pos: d.Pos(), Category: "term-while-open", Message: "Term is deferred after the Close",
							SuggestedFixes: []analysis.SuggestedFix{{Message: "Swap the two defers", TextEdits: []analysis.TextEdit{
								{Pos: cl.Pos(), End: cl.End(), NewText: []byte(text(d))},
								{Pos: d.Pos(), End: d.End(), NewText: []byte(text(cl))},
							}}}})
						cl = nil
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

const y11 = `package y11

import (
	"sync"

	zmq "github.com/pebbe/zmq4"
)

func WaitBetween(ctx *zmq.Context) error {
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	defer s.Close()
	defer wg.Wait()
	defer ctx.Term()
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.Send("x", 0)
	}()
	return nil
}

func Plain(ctx *zmq.Context) error {
	s, err := ctx.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	defer ctx.Term()
	return s.Bind("tcp://*:5555")
}
`

// TestFixSelfCheckDropsBadFix: the swap in WaitBetween would close s
// before the wg.Wait, while the goroutine still sends on it (a new
// sockshare finding). That fix is dropped, with a line naming the
// finding; the swap in Plain is applied; the exit code is 3.
func TestFixSelfCheckDropsBadFix(t *testing.T) {
	t.Parallel()
	gopath, env := stubGOPATH(t, map[string]string{"y11/y11.go": y11})
	dir := filepath.Join(gopath, "src", "y11")
	for _, mode := range []string{"-diff", "-fix"} {
		var stdout, stderr bytes.Buffer
		code := run([]string{mode, "."}, []*analysis.Analyzer{swapAll, sockshare.Analyzer}, &stdout, &stderr, options{env: env, dir: dir})
		if code != ExitFindings {
			t.Errorf("%s: exit %d, want %d; stderr:\n%s", mode, code, ExitFindings, stderr.String())
		}
		lines := strings.Count(stderr.String(), "not applying fix")
		want := `y11.go:17:2: not applying fix "Swap the two defers": with it, ` + filepath.Join(dir, "y11.go") + `:17:2: s is used (Close) here while the goroutine started on line 19 may still be using it`
		if lines != 1 || !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "(sockshare/shared-socket) would be a new finding") {
			t.Errorf("%s: stderr:\n%s\nwant one line containing %q", mode, stderr.String(), want)
		}
		if mode == "-diff" {
			if d := stdout.String(); !strings.Contains(d, "-\tdefer s.Close()\n \tdefer ctx.Term()\n+\tdefer s.Close()\n \treturn s.Bind(") || strings.Count(d, "@@ ") != 1 {
				t.Errorf("-diff:\n%s", d)
			}
			continue
		}
		got, _ := os.ReadFile(filepath.Join(dir, "y11.go"))
		want = strings.Replace(y11, "\tdefer s.Close()\n\tdefer ctx.Term()\n\treturn s.Bind", "\tdefer ctx.Term()\n\tdefer s.Close()\n\treturn s.Bind", 1)
		if string(got) != want {
			t.Errorf("-fix wrote:\n%s\nwant:\n%s", got, want)
		}
		if !strings.Contains(stderr.String(), "applied 1 fix(es) to 1 file(s)") {
			t.Errorf("-fix: stderr:\n%s", stderr.String())
		}
	}
}

// twoFixes writes a file with one function and returns it with two
// findings whose fixes insert "A()" and "B()" at two places of it.
func twoFixes(t *testing.T) (string, []finding) {
	t.Helper()
	src := "package p\n\nfunc f() {\n\tx()\n\ty()\n}\n"
	name, fset, tf := fixtureFile(t, src)
	a := &analysis.Analyzer{Name: "lifecycle"}
	var out []finding
	for _, fx := range []struct{ at, text string }{{"x()", "A()\n\t"}, {"y()", "B()\n\t"}} {
		at := tf.Pos(strings.Index(src, fx.at))
		d := analysis.Diagnostic{Pos: at, Category: "leaked-socket", Message: "at " + fx.at,
			SuggestedFixes: []analysis.SuggestedFix{{Message: "insert " + fx.text[:3], TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(fx.text)}}}}}
		out = append(out, finding{analyzer: a, fset: fset, diag: d, posn: fset.Position(at)})
	}
	return name, out
}

// TestFixSelfCheckIsolates: two fixes in one function, of which only the
// second introduces a finding: each is checked alone, the second is
// dropped, the first applied.
func TestFixSelfCheckIsolates(t *testing.T) {
	name, findings := twoFixes(t)
	a := findings[0].analyzer
	rechecks := 0
	env := fixEnv{sources: map[string]bool{name: true}, recheck: func(overlay map[string][]byte) ([]finding, []string, error) {
		rechecks++
		src := overlay[name]
		fset := token.NewFileSet()
		tf := fset.AddFile(name, -1, len(src))
		tf.SetLinesForContent(src)
		var out []finding
		// The findings that were not fixed stay where they are.
		for _, s := range []string{"x()", "y()"} {
			if i := bytes.Index(src, []byte(s)); i >= 0 && !bytes.Contains(src, []byte(map[string]string{"x()": "A()", "y()": "B()"}[s])) {
				at := tf.Pos(i)
				out = append(out, finding{analyzer: a, fset: fset, diag: analysis.Diagnostic{Pos: at, Category: "leaked-socket", Message: "at " + s}, posn: fset.Position(at)})
			}
		}
		if i := bytes.Index(src, []byte("B()")); i >= 0 {
			at := tf.Pos(i)
			out = append(out, finding{analyzer: a, fset: fset, diag: analysis.Diagnostic{Pos: at, Category: "term-while-open", Message: "B hangs"}, posn: fset.Position(at)})
		}
		return out, nil, nil
	}}
	var stdout, stderr bytes.Buffer
	if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr.String())
	}
	got, _ := os.ReadFile(name)
	if string(got) != "package p\n\nfunc f() {\n\tA()\n\tx()\n\ty()\n}\n" {
		t.Errorf("fixed file:\n%s", got)
	}
	if !strings.Contains(stderr.String(), `not applying fix "insert B()": with it, `) || !strings.Contains(stderr.String(), "B hangs (lifecycle/term-while-open) would be a new finding") ||
		strings.Contains(stderr.String(), `fix "insert A()"`) {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	// All, then each alone, then the one kept.
	if rechecks != 4 {
		t.Errorf("%d re-checks, want 4", rechecks)
	}
}

// TestFixPositionMap: an offset of the original is carried through the
// edits and gofmt's re-indentation to the same byte of the fixed file,
// and back.
func TestFixPositionMap(t *testing.T) {
	old := []byte("package p\n\nfunc f() {\n\tx()\n\ty()\n}\n")
	edits := []edit{{len("package p\n\nfunc f() {\n"), len("package p\n\nfunc f() {\n"), "  if true {\n z()\n }\n"}}
	raw, fixed, err := applyEdits("p.go", old, edits)
	if err != nil {
		t.Fatal(err)
	}
	c := &fileChange{name: "p.go", old: old, raw: raw, new: fixed, edits: edits}
	for _, s := range []string{"x()", "y()", "}\n"} {
		o := bytes.Index(old, []byte(s))
		if s == "}\n" {
			o = bytes.LastIndex(old, []byte(s))
		}
		n := c.forward(o)
		want := bytes.Index(fixed, []byte(s))
		if s == "}\n" {
			want = bytes.LastIndex(fixed, []byte(s))
		}
		if n != want {
			t.Errorf("forward(%q at %d) = %d, want %d in:\n%s", s, o, n, want, fixed)
		}
		if back := c.backward(n); back != o {
			t.Errorf("backward(%d) = %d, want %d", n, back, o)
		}
	}
	if z := bytes.Index(fixed, []byte("z()")); c.backward(z) != edits[0].start {
		t.Errorf("an inserted byte maps back to %d, want the edit's start %d", c.backward(z), edits[0].start)
	}
}

// TestFixSelfCheckWarnsWhenNothingToDrop: a new finding in a package no
// fix edits cannot be blamed on a fix: the fixes are kept, the finding is
// printed after a warning, and the exit code is 3.
func TestFixSelfCheckWarnsWhenNothingToDrop(t *testing.T) {
	name, findings := fixFixture(t)
	elsewhere := filepath.Join(t.TempDir(), "q.go")
	fset := token.NewFileSet()
	tf := fset.AddFile(elsewhere, -1, 100)
	at := tf.Pos(10)
	other := finding{analyzer: findings[0].analyzer, fset: fset, diag: analysis.Diagnostic{Pos: at, Category: "leaked-socket", Message: "elsewhere"}, posn: fset.Position(at)}
	env := fixEnv{sources: map[string]bool{name: true}, recheck: func(map[string][]byte) ([]finding, []string, error) {
		return []finding{other}, nil, nil
	}}
	var stdout, stderr bytes.Buffer
	if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr.String())
	}
	if got, _ := os.ReadFile(name); !bytes.Contains(got, []byte("defer s.Close()")) {
		t.Errorf("the fix was not applied:\n%s", got)
	}
	if !strings.Contains(stderr.String(), "warning: the fixes introduce 1 new finding(s)") || !strings.Contains(stderr.String(), "q.go:1:11: elsewhere") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}
