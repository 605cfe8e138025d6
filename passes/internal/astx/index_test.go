package astx

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// stdFiles parses the non-test .go files of some std directories (and
// testSrc), with comments, the way the drivers do.
func stdFiles(t *testing.T, fset *token.FileSet, dirs ...string) []*ast.File {
	t.Helper()
	var files []*ast.File
	for _, dir := range dirs {
		names, err := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(names)
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				continue // build-tagged files of other systems still parse; skip any that do not
			}
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		t.Skip("no std sources")
	}
	return files
}

// TestIndexPathMatchesAstutil is the property test of Index.Path: on std
// files, at every node's start, last byte and end, at every comment, at
// the bytes around each file's package clause and end, and at random
// offsets (a fixed-seed sample of one node in 8; all of them agreed,
// 828,496 queries, when this was written), it gives the same nodes as astutil.PathEnclosingInterval(f,
// pos, pos).
func TestIndexPathMatchesAstutil(t *testing.T) {
	fset := token.NewFileSet()
	dirs := []string{"go/types", "net/http", "encoding/json", "fmt", "sort", "strconv", "text/template/parse"}
	if testing.Short() {
		dirs = dirs[:2]
	}
	files := stdFiles(t, fset, dirs...)
	f0, err := parser.ParseFile(fset, "p.go", testSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, f0)
	ix := NewIndex(files)
	rng := rand.New(rand.NewPCG(1, 2))
	queries, fallbacks, errs := 0, 0, 0
	for _, f := range files {
		var ps []token.Pos
		ast.Inspect(f, func(n ast.Node) bool {
			if n != nil && rng.IntN(8) == 0 { // a sample: every position of std is 50 s of astutil
				ps = append(ps, n.Pos(), n.End()-1, n.End())
			}
			return true
		})
		for _, cg := range f.Comments {
			ps = append(ps, cg.Pos(), cg.End()-1)
		}
		ps = append(ps, f.FileStart, f.Package-1, f.Package, f.End()-1, f.End(), f.FileEnd)
		for range 300 {
			ps = append(ps, f.FileStart+token.Pos(rng.IntN(int(f.FileEnd-f.FileStart)+1)))
		}
		if indexFile(f) == nil {
			fallbacks++
		}
		for _, p := range ps {
			if p < f.FileStart || p > f.FileEnd || !p.IsValid() {
				continue
			}
			queries++
			got := ix.Path(p)
			want, _ := astutil.PathEnclosingInterval(f, p, p)
			if !samePath(got, want) {
				t.Errorf("%s: Path = %s, astutil = %s", fset.Position(p), describe(got), describe(want))
				if errs++; errs == 20 {
					t.Fatal("too many differences")
				}
			}
		}
	}
	if fallbacks > 0 {
		t.Errorf("%d of %d files were not indexed (fell back to astutil)", fallbacks, len(files))
	}
	t.Logf("%d queries on %d files", queries, len(files))
}

// TestIndexPathOutside: positions not in any file give nil, like Path.
func TestIndexPathOutside(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", testSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	ix := NewIndex([]*ast.File{f})
	if p := ix.Path(token.NoPos); p != nil {
		t.Errorf("Path(NoPos) = %s", describe(p))
	}
	if p := ix.Path(f.FileEnd + 10); p != nil {
		t.Errorf("Path(after the file) = %s", describe(p))
	}
	var nilIx *Index
	if p := nilIx.Path(f.Package); p != nil {
		t.Errorf("nil index: %s", describe(p))
	}
}

// TestIndexFallsBackOnBadNesting: a tree whose positions do not nest
// (built by hand, as a fix or a broken parse might) is not indexed, and
// Path still answers, from astutil.
func TestIndexFallsBackOnBadNesting(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", testSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Move a statement's identifier before the package clause.
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "xs" {
			id.NamePos = f.Package - 1
			return false
		}
		return true
	})
	if indexFile(f) != nil {
		t.Fatal("indexed a tree that does not nest")
	}
	ix := NewIndex([]*ast.File{f})
	p := f.Decls[0].(*ast.FuncDecl).Body.Lbrace + 3
	want, _ := astutil.PathEnclosingInterval(f, p, p)
	if got := ix.Path(p); !samePath(got, want) {
		t.Errorf("fallback Path = %s, want %s", describe(got), describe(want))
	}
}

func samePath(a, b []ast.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func describe(p []ast.Node) string {
	var b strings.Builder
	for i, n := range p {
		if i > 0 {
			b.WriteString(" < ")
		}
		fmt.Fprintf(&b, "%T", n)
	}
	return strings.ReplaceAll(b.String(), "*ast.", "")
}

// TestPathUsesIndex: a pass that requires Analyzer gets its paths, and
// so EnclosingStmt's and AssignedExpr's answers, from the index, the
// same at every byte of testSrc as without it.
func TestPathUsesIndex(t *testing.T) {
	plain, f := testPass(t)
	indexed, _ := testPass(t)
	indexed.Fset, indexed.Files, indexed.Pkg, indexed.TypesInfo = plain.Fset, plain.Files, plain.Pkg, plain.TypesInfo
	ix := NewIndex(plain.Files)
	indexed.ResultOf = map[*analysis.Analyzer]any{Analyzer: ix}
	for p := f.FileStart; p <= f.FileEnd; p++ {
		if !samePath(Path(indexed, p), Path(plain, p)) {
			t.Fatalf("%s: indexed %s, plain %s", plain.Fset.Position(p), describe(Path(indexed, p)), describe(Path(plain, p)))
		}
		a, okA := EnclosingStmt(indexed, p)
		b, okB := EnclosingStmt(plain, p)
		if okA != okB || a.Stmt != b.Stmt || a.Index != b.Index || !samePath(a.Path, b.Path) {
			t.Fatalf("%s: EnclosingStmt differs", plain.Fset.Position(p))
		}
		na, _ := AssignedExpr(indexed, p, 0)
		nb, _ := AssignedExpr(plain, p, 0)
		if na != nb {
			t.Fatalf("%s: AssignedExpr %q vs %q", plain.Fset.Position(p), na, nb)
		}
	}
	if ix.ix[0] == nil {
		t.Error("the index was not used")
	}
}
