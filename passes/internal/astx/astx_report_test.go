package astx

// Unit tests of astx's functions as they are on main (helper "report");
// the fix-edit helpers have their own tests where they change.

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

const testSrc = `package p

func f(xs []int) error {
	s, err := open()
	if err != nil {
		return err
	}
	for range xs {
		t, _ := open()
		_ = t
		go func() {
			u, _ := open()
			_ = u
		}()
	}
	var a, b = open()
	_, _ = a, b
	c, d := open2(), 1
	_, _ = c, d
	return s.close()
}

type sock struct{}

func (*sock) close() error { return nil }

func open() (*sock, error) { return nil, nil }

func open2() *sock { return nil }
`

// testPass parses and type-checks testSrc as the only file of a pass
// that reads it from memory.
func testPass(t *testing.T) (*analysis.Pass, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", testSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Scopes: map[ast.Node]*types.Scope{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	return &analysis.Pass{
		Fset: fset, Files: []*ast.File{f}, Pkg: pkg, TypesInfo: info,
		ReadFile: func(name string) ([]byte, error) {
			if name == "p.go" {
				return []byte(testSrc), nil
			}
			return nil, os.ErrNotExist
		},
	}, f
}

// posOf is the position of the n-th (0-based) occurrence of sub in testSrc.
func posOf(t *testing.T, pass *analysis.Pass, sub string, n int) token.Pos {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(testSrc[off+1:], sub)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n+1)
		}
		off += 1 + j
	}
	return pass.Fset.File(pass.Files[0].Pos()).Pos(off)
}

func TestEnclosingStmtAndInLoop(t *testing.T) {
	pass, _ := testPass(t)
	for _, tc := range []struct {
		sub    string
		n      int
		text   string
		inLoop bool
	}{
		{"open()", 0, "s, err := open()", false},
		{"open()", 1, "t, _ := open()", true},
		{"open()", 2, "u, _ := open()", false}, // a loop around the func literal does not count
		{"return err", 0, "return err", false},
	} {
		st, ok := EnclosingStmt(pass, posOf(t, pass, tc.sub, tc.n))
		if !ok {
			t.Errorf("%s #%d: no statement", tc.sub, tc.n)
			continue
		}
		if got := Text(pass, st.Stmt); got != tc.text || st.List[st.Index] != st.Stmt {
			t.Errorf("%s #%d: statement %q (index %d), want %q", tc.sub, tc.n, got, st.Index, tc.text)
		}
		if got := st.InLoop(); got != tc.inLoop {
			t.Errorf("%s #%d: InLoop = %v, want %v", tc.sub, tc.n, got, tc.inLoop)
		}
	}
	if _, ok := EnclosingStmt(pass, token.NoPos); ok {
		t.Errorf("EnclosingStmt(NoPos) found a statement")
	}
}

func TestAssignedExpr(t *testing.T) {
	pass, _ := testPass(t)
	for _, tc := range []struct {
		sub   string
		n, i  int
		want  string
		ident bool
	}{
		{"open()", 0, 0, "s", true},
		{"open()", 0, 1, "err", true},
		{"open()", 1, 1, "", false},    // assigned to _
		{"open()", 3, 1, "b", true},    // var a, b = open()
		{"open2()", 0, 0, "c", true},   // c, d := open2(), 1
		{"s.close()", 0, 0, "", false}, // returned, not assigned
	} {
		got, id := AssignedExpr(pass, posOf(t, pass, tc.sub, tc.n), tc.i)
		if got != tc.want || (id != nil) != tc.ident {
			t.Errorf("AssignedExpr(%s #%d, %d) = %q, %v; want %q, ident %v", tc.sub, tc.n, tc.i, got, id, tc.want, tc.ident)
		}
	}
}

func TestLineAndFile(t *testing.T) {
	pass, f := testPass(t)
	pos := posOf(t, pass, "t, _ := open()", 0)
	if got := Line(pass, pos); got != 9 {
		t.Errorf("Line = %d, want 9", got)
	}
	if File(pass, pos) != f || File(pass, token.NoPos) != nil {
		t.Errorf("File does not find the file of a position, or finds one for NoPos")
	}
	if p := Path(pass, pos); len(p) == 0 || p[len(p)-1] != f {
		t.Errorf("Path does not end at the file: %v", p)
	}
}

func TestIsErrCheck(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{"if err != nil { return }", true},
		{"if err != nil { return } else { x() }", true},
		{"if e != nil { return }", false},
		{"if err == nil { return }", false},
		{"if err := f(); err != nil { return }", false},
		{"if nil != err { return }", false},
		{"x()", false},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+tc.src+"\n}", 0)
		if err != nil {
			t.Fatal(err)
		}
		st := f.Decls[0].(*ast.FuncDecl).Body.List[0]
		if got := IsErrCheck(st, "err"); got != tc.want {
			t.Errorf("IsErrCheck(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestInScope(t *testing.T) {
	pass, _ := testPass(t)
	var s types.Object
	for id, obj := range pass.TypesInfo.Defs {
		if id.Name == "s" && obj != nil {
			s = obj
		}
	}
	if !InScope(pass.Pkg, posOf(t, pass, "return s.close()", 0), "s", s) {
		t.Errorf("s is not in scope at its use")
	}
	if InScope(pass.Pkg, posOf(t, pass, "return nil, nil", 0), "s", s) {
		t.Errorf("s is in scope in another function")
	}
}
