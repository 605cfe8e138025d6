package driver

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// fixFixture writes a file and returns it, a finding at its start whose
// fix inserts "defer s.Close()\n\t" before "s.Send", and the analyzer.
func fixFixture(t *testing.T) (string, []finding) {
	t.Helper()
	src := "package p\n\nfunc f(s interface{ Send(string) }) {\n\ts.Send(\"x\")\n}\n"
	name, fset, tf := fixtureFile(t, src)
	at := tf.Pos(strings.Index(src, "s.Send"))
	a := &analysis.Analyzer{Name: "lifecycle"}
	d := analysis.Diagnostic{Pos: at, Category: "leaked-socket", Message: "socket s is not closed on all paths",
		SuggestedFixes: []analysis.SuggestedFix{{Message: "close", TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte("defer s.Close()\n\t")}}}}}
	return name, []finding{{analyzer: a, fset: fset, diag: d, posn: fset.Position(at)}}
}

// fixtureFile writes src to p.go in a temporary directory and returns its
// name with a FileSet holding it, for findings placed in it by hand.
func fixtureFile(t *testing.T, src string) (string, *token.FileSet, *token.File) {
	t.Helper()
	name := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	return name, fset, tf
}

// TestFixSelfCheck: -fix analyzes the fixed code before writing it: a
// result that does not build is not written; a fix that introduces a
// finding is dropped, with a line naming the finding, and makes the exit
// code 3.
func TestFixSelfCheck(t *testing.T) {
	t.Run("does not build", func(t *testing.T) {
		name, findings := fixFixture(t)
		before, _ := os.ReadFile(name)
		env := fixEnv{sources: map[string]bool{name: true}, recheck: func(overlay map[string][]byte) ([]finding, []string, error) {
			if !bytes.Contains(overlay[name], []byte("defer s.Close()")) {
				t.Errorf("recheck overlay lacks the fix: %q", overlay[name])
			}
			return nil, []string{"type error in package p: s.Close undefined"}, nil
		}}
		var stdout, stderr bytes.Buffer
		if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitError {
			t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitError, stderr.String())
		}
		if after, _ := os.ReadFile(name); !bytes.Equal(after, before) {
			t.Errorf("a fix that does not build was written")
		}
		if !strings.Contains(stderr.String(), "s.Close undefined") || !strings.Contains(stderr.String(), "no file was changed") {
			t.Errorf("stderr:\n%s", stderr.String())
		}
	})
	t.Run("introduces a finding", func(t *testing.T) {
		name, findings := fixFixture(t)
		introduced := findings[0]
		introduced.analyzer = &analysis.Analyzer{Name: "lifecycle"}
		introduced.diag = analysis.Diagnostic{Pos: findings[0].diag.Pos, Category: "term-while-open", Message: "ctx.Term() blocks on line 3"}
		env := fixEnv{sources: map[string]bool{name: true}, recheck: func(map[string][]byte) ([]finding, []string, error) {
			return []finding{introduced}, nil, nil
		}}
		var stdout, stderr bytes.Buffer
		if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitFindings {
			t.Errorf("exit %d, want %d; stderr:\n%s", code, ExitFindings, stderr.String())
		}
		if !strings.Contains(stderr.String(), `not applying fix "close": with it, `) || !strings.Contains(stderr.String(), "ctx.Term() blocks on line 3 (lifecycle/term-while-open) would be a new finding") {
			t.Errorf("stderr:\n%s", stderr.String())
		}
	})
	t.Run("fixed", func(t *testing.T) {
		name, findings := fixFixture(t)
		env := fixEnv{sources: map[string]bool{name: true}, recheck: func(map[string][]byte) ([]finding, []string, error) { return nil, nil, nil }}
		var stdout, stderr bytes.Buffer
		if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitOK {
			t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr.String())
		}
		if after, _ := os.ReadFile(name); !bytes.Contains(after, []byte("defer s.Close()\n\ts.Send")) {
			t.Errorf("fixed file:\n%s", after)
		}
	})
}

// TestFixOutsideSources: a fix whose edits are in a file that is not one
// of the packages' source files (cgo's copy in the build cache) is not
// applied.
func TestFixOutsideSources(t *testing.T) {
	name, findings := fixFixture(t)
	before, _ := os.ReadFile(name)
	env := fixEnv{sources: map[string]bool{"/elsewhere/p.go": true}}
	var stdout, stderr bytes.Buffer
	if code := applyFixes(findings, env, false, &stdout, &stderr); code != ExitFindings {
		t.Errorf("exit %d, want %d", code, ExitFindings)
	}
	if after, _ := os.ReadFile(name); !bytes.Equal(after, before) {
		t.Errorf("a file outside the sources was written")
	}
	if !strings.Contains(stderr.String(), "not a source file of the analyzed packages") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
}
