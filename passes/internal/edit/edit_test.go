package edit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// fakeImporter gives every import path an empty, complete package named
// after its last element.
type fakeImporter struct{}

func (fakeImporter) Import(path string) (*types.Package, error) {
	p := types.NewPackage(path, lastElem(path))
	p.MarkComplete()
	return p, nil
}

// newPass parses and type-checks src as file name (in a temporary
// directory when name is relative) and returns a pass over it.
func newPass(t *testing.T, name, src string) (*analysis.Pass, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Scopes: map[ast.Node]*types.Scope{}}
	conf := types.Config{Importer: fakeImporter{}, Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, []*ast.File{af}, info)
	return &analysis.Pass{
		Fset: fset, Files: []*ast.File{af}, Pkg: pkg, TypesInfo: info,
		ReadFile: func(n string) ([]byte, error) {
			if n == name {
				return []byte(src), nil
			}
			return os.ReadFile(n)
		},
	}, af
}

// apply applies edits (all in the file whose text is src) and returns the
// result.
func apply(t *testing.T, fset *token.FileSet, src string, edits []analysis.TextEdit) string {
	t.Helper()
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	var out strings.Builder
	last := 0
	for _, e := range edits {
		tf := fset.File(e.Pos)
		s, end := tf.Offset(e.Pos), tf.Offset(e.End)
		if s < last {
			t.Fatalf("overlapping edits")
		}
		out.WriteString(src[last:s])
		out.Write(e.NewText)
		last = end
	}
	out.WriteString(src[last:])
	return out.String()
}

// stmt returns the i-th statement (0-based) of the body of function fn.
func stmt(af *ast.File, fn string, i int) ast.Stmt {
	for _, d := range af.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == fn {
			return fd.Body.List[i]
		}
	}
	panic("no function " + fn)
}

const body = `package p

func f() {
	a := 1 // first
	b := 2
	if a > b {
		a = b
	}
	_ = a
}
`

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func TestInsertAndDelete(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n"} {
		t.Run(fmt.Sprintf("%q", eol), func(t *testing.T) {
			src := strings.ReplaceAll(body, "\n", eol)
			pass, af := newPass(t, "f.go", src)
			f := FileOf(pass, af.Pos())
			if f.EOL() != eol {
				t.Fatalf("EOL = %q, want %q", f.EOL(), eol)
			}
			check := func(what string, edits []analysis.TextEdit, want string) {
				t.Helper()
				got := apply(t, pass.Fset, src, edits)
				if want = strings.ReplaceAll(want, "\n", eol); got != want {
					t.Errorf("%s:\n got %q\nwant %q", what, got, want)
				}
				if eol == "\n" {
					if formatted, err := format.Source([]byte(got)); err != nil || string(formatted) != got {
						t.Errorf("%s: result is not gofmt'ed (%v)", what, err)
					}
				}
			}
			a, b, ifs := stmt(af, "f", 0), stmt(af, "f", 1), stmt(af, "f", 2)
			check("insert after a line comment", []analysis.TextEdit{f.InsertAfter(a, "defer x()")},
				"package p\n\nfunc f() {\n\ta := 1 // first\n\tdefer x()\n\tb := 2\n\tif a > b {\n\t\ta = b\n\t}\n\t_ = a\n}\n")
			check("insert two lines before", []analysis.TextEdit{f.InsertBefore(b, "x()\ny()")},
				"package p\n\nfunc f() {\n\ta := 1 // first\n\tx()\n\ty()\n\tb := 2\n\tif a > b {\n\t\ta = b\n\t}\n\t_ = a\n}\n")
			inner := ifs.(*ast.IfStmt).Body.List[0]
			check("insert before, nested indentation", []analysis.TextEdit{f.InsertBefore(inner, "x()")},
				"package p\n\nfunc f() {\n\ta := 1 // first\n\tb := 2\n\tif a > b {\n\t\tx()\n\t\ta = b\n\t}\n\t_ = a\n}\n")
			del, text, ok := f.DeleteLines(a.Pos(), a.End())
			if !ok || text != "a := 1 // first" {
				t.Fatalf("DeleteLines: %v %q", ok, text)
			}
			check("delete a line with its comment", []analysis.TextEdit{del},
				"package p\n\nfunc f() {\n\tb := 2\n\tif a > b {\n\t\ta = b\n\t}\n\t_ = a\n}\n")
			if _, _, ok := f.DeleteLines(ifs.(*ast.IfStmt).Cond.Pos(), ifs.End()); ok {
				t.Errorf("DeleteLines of a range that does not start its line: ok")
			}
			moved, ok := f.Move([][2]ast.Node{{a, a}, {ifs, ifs}}, stmt(af, "f", 3))
			if !ok {
				t.Fatal("Move down: not ok")
			}
			check("move two statements down", moved,
				"package p\n\nfunc f() {\n\tb := 2\n\ta := 1 // first\n\tif a > b {\n\t\ta = b\n\t}\n\t_ = a\n}\n")
			moved, ok = f.Move([][2]ast.Node{{ifs, ifs}}, a)
			if !ok {
				t.Fatal("Move up: not ok")
			}
			check("move a statement up", moved,
				"package p\n\nfunc f() {\n\tif a > b {\n\t\ta = b\n\t}\n\ta := 1 // first\n\tb := 2\n\t_ = a\n}\n")
			if _, ok := f.Move([][2]ast.Node{{a, ifs}}, b); ok {
				t.Errorf("Move into the moved range: ok")
			}
		})
	}
}

func TestDeleteComment(t *testing.T) {
	src := "package p\n\nfunc f() {\n\t//zmqlint:ignore x why\n\tg() //zmqlint:ignore y why\n}\n"
	for _, eol := range []string{"\n", "\r\n"} {
		s := strings.ReplaceAll(src, "\n", eol)
		pass, af := newPass(t, "f.go", s)
		f := FileOf(pass, af.Pos())
		alone, end := af.Comments[0].List[0], af.Comments[1].List[0]
		got := apply(t, pass.Fset, s, []analysis.TextEdit{f.DeleteComment(alone), f.DeleteComment(end)})
		if want := strings.ReplaceAll("package p\n\nfunc f() {\n\tg()\n}\n", "\n", eol); got != want {
			t.Errorf("%q: got %q, want %q", eol, got, want)
		}
	}
}

// TestLineDirective: line numbers a //line directive remaps are never
// used; before, Indent asked token.File for line 102 of a 12-line file
// and panicked.
func TestLineDirective(t *testing.T) {
	src := "package p\n\n//line other.tmpl:100\nfunc f() {\n\ta := 1\n\t_ = a\n}\n"
	pass, af := newPass(t, "f.go", src)
	f := FileOf(pass, af.Pos())
	a := stmt(af, "f", 0)
	if got := f.Line(a.Pos()); got != 5 {
		t.Errorf("Line = %d, want the real line 5", got)
	}
	got := apply(t, pass.Fset, src, []analysis.TextEdit{f.InsertAfter(a, "b()"), f.InsertBefore(a, "c()")})
	if want := "package p\n\n//line other.tmpl:100\nfunc f() {\n\tc()\n\ta := 1\n\tb()\n\t_ = a\n}\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestImport(t *testing.T) {
	tests := []struct{ name, path, src, want string }{
		{"into the std group, sorted", "time",
			"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n",
			"package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"first of the std group", "bytes",
			"package p\n\nimport (\n\t\"fmt\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n",
			"package p\n\nimport (\n\t\"bytes\"\n\t\"fmt\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"std before a third-party-only block", "time",
			"package p\n\nimport (\n\tzmq \"github.com/pebbe/zmq4\"\n)\n",
			"package p\n\nimport (\n\t\"time\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"lone third-party import", "time",
			"package p\n\nimport zmq \"github.com/pebbe/zmq4\"\n",
			"package p\n\nimport (\n\t\"time\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"lone std import", "time",
			"package p\n\nimport \"fmt\"\n",
			"package p\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n"},
		{"third party after std only", "example.com/x",
			"package p\n\nimport (\n\t\"fmt\"\n)\n",
			"package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n"},
		{"no imports", "time",
			"package p\n\nvar x = 1\n",
			"package p\n\nimport \"time\"\n\nvar x = 1\n"},
		{"cgo's import C stays alone", "time",
			"package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport zmq \"github.com/pebbe/zmq4\"\n",
			"package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t\"time\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"only import C", "time",
			"package p\n\n// #include <stdio.h>\nimport \"C\"\n\nvar x = 1\n",
			"package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"time\"\n\nvar x = 1\n"},
		{"cgo's copy: import _ \"unsafe\" stands for import C", "time",
			"package p\n\nimport _ \"unsafe\"\n\nimport zmq \"github.com/pebbe/zmq4\"\n",
			"package p\n\nimport _ \"unsafe\"\n\nimport (\n\t\"time\"\n\n\tzmq \"github.com/pebbe/zmq4\"\n)\n"},
		{"already imported", "fmt",
			"package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n",
			"package p\n\nimport \"fmt\"\n\nvar _ = fmt.Sprint\n"},
	}
	for _, tt := range tests {
		for _, eol := range []string{"\n", "\r\n"} {
			t.Run(fmt.Sprintf("%s %q", tt.name, eol), func(t *testing.T) {
				src := strings.ReplaceAll(tt.src, "\n", eol)
				pass, af := newPass(t, "f.go", src)
				name, edits, ok := Import(pass, af, tt.path, af.End())
				if !ok || name != lastElem(tt.path) {
					t.Fatalf("Import = %q, %v", name, ok)
				}
				got := apply(t, pass.Fset, src, edits)
				if want := strings.ReplaceAll(tt.want, "\n", eol); got != want {
					t.Errorf("got %q\nwant %q", got, want)
				}
				if eol == "\n" {
					if formatted, err := format.Source([]byte(got)); err != nil || string(formatted) != got {
						t.Errorf("not gofmt'ed: %q (%v)", formatted, err)
					}
				}
			})
		}
	}
}

// TestImportShadowed: a name that means something else where it is
// written gives no import.
func TestImportShadowed(t *testing.T) {
	src := "package p\n\nfunc f(time int) {\n\t_ = time\n}\n"
	pass, af := newPass(t, "f.go", src)
	if _, _, ok := Import(pass, af, "time", stmt(af, "f", 0).Pos()); ok {
		t.Errorf("Import where time is a parameter: ok")
	}
	src = "package p\n\nimport time \"example.com/clock\"\n\nvar _ = time.Now\n"
	pass, af = newPass(t, "f.go", src)
	if _, _, ok := Import(pass, af, "time", af.End()); ok {
		t.Errorf("Import of time where time names another package: ok")
	}
}

func finalize(t *testing.T, pass *analysis.Pass, edits ...analysis.TextEdit) []analysis.TextEdit {
	t.Helper()
	fixes := NewFinalizer(pass).Fixes([]analysis.SuggestedFix{{Message: "m", TextEdits: edits}})
	if len(fixes) == 0 {
		return nil
	}
	return fixes[0].TextEdits
}

func TestFinalizeLineDirective(t *testing.T) {
	src := "package p\n\nimport \"fmt\"\n\n//line other.tmpl:100\nfunc f() {\n\tfmt.Println()\n}\n"
	pass, af := newPass(t, "f.go", src)
	f := FileOf(pass, af.Pos())
	st := stmt(af, "f", 0)
	_, imp, _ := Import(pass, af, "time", st.Pos())
	edits := finalize(t, pass, append(imp, f.InsertBefore(st, "x()"))...)
	if len(edits) != 2 {
		t.Fatalf("edits: %v", edits)
	}
	for _, e := range edits {
		p := pass.Fset.Position(e.Pos)
		if p.Filename != "f.go" {
			t.Errorf("edit names %s, want the real file f.go", p)
		}
	}
	if p := pass.Fset.Position(edits[1].Pos); p.Line != 7 || p.Offset != strings.Index(src, "fmt.Println") {
		t.Errorf("edit at %v offset %d, want line 7 at the real offset", p, p.Offset)
	}
}

func TestFinalizeGenerated(t *testing.T) {
	src := "// Code generated by tool; DO NOT EDIT.\n\npackage p\n\nfunc f() {\n\tg()\n}\n\nfunc g() {}\n"
	pass, af := newPass(t, "f.go", src)
	if edits := finalize(t, pass, InsertBefore(pass, stmt(af, "f", 0), "x()")); edits != nil {
		t.Errorf("fix kept in a generated file: %v", edits)
	}
}

// TestFinalizeCgo: an edit in cgo's copy moves to the user's file when
// the bytes there agree, and is dropped when its text holds cgo's names
// or its line was rewritten.
func TestFinalizeCgo(t *testing.T) {
	dir := t.TempDir()
	user := filepath.Join(dir, "a.go")
	userSrc := "package p\n\n// int one() { return 1; }\nimport \"C\"\n\nfunc f() {\n\tg()\n\t_ = C.one()\n}\n\nfunc g() {}\n"
	if err := os.WriteFile(user, []byte(userSrc), 0o666); err != nil {
		t.Fatal(err)
	}
	copySrc := "// Code generated by cmd/cgo; DO NOT EDIT.\n\n//line " + user + ":1:1\npackage p\n\n// int one() { return 1; }\nimport _ \"unsafe\"\n\nfunc f() {\n\tg()\n\t_ = ( /*line :8:6*/_Cfunc_one /*line :8:10*/)()\n}\n\nfunc g() {}\n\nfunc _Cfunc_one() int { return 1 }\n"
	pass, af := newPass(t, filepath.Join(dir, "cache-d"), copySrc)
	g, cgoLine := stmt(af, "f", 0), stmt(af, "f", 1)
	edits := finalize(t, pass, InsertBefore(pass, g, "x()"))
	if len(edits) != 1 {
		t.Fatalf("fix dropped")
	}
	p := pass.Fset.Position(edits[0].Pos)
	if p.Filename != user || p.Offset != strings.Index(userSrc, "g()") {
		t.Errorf("edit at %v (offset %d), want %s at offset %d", p, p.Offset, user, strings.Index(userSrc, "g()"))
	}
	got := apply(t, pass.Fset, userSrc, edits)
	if !bytes.Contains([]byte(got), []byte("\tx()\n\tg()\n")) {
		t.Errorf("applied to the user's file: %q", got)
	}
	if edits := finalize(t, pass, analysis.TextEdit{Pos: cgoLine.Pos(), End: cgoLine.End()}); edits != nil {
		t.Errorf("deletion of a line cgo rewrote kept: %v", edits)
	}
	if edits := finalize(t, pass, InsertBefore(pass, g, "_Cfunc_one()")); edits != nil {
		t.Errorf("fix whose text holds a cgo name kept: %v", edits)
	}
}
