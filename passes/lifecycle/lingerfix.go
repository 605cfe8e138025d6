package lifecycle

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/edit"
	"github.com/zmqlint/zmqlint/passes/internal/flow"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// lingerStmt is the statement that bounds a socket's linger to one
// second, written the way the function handles errors. Its lines after
// the first are indented relative to the statement (edit indents them).
type lingerStmt struct {
	text    string
	after   bool // goes right after the deferred Close, not before it
	imports []analysis.TextEdit
}

// lingerFor returns the statement that sets s's linger before Close cl
// (statement closeSt, which may be a defer).
//
// A bare "s.SetLinger(time.Second)" before the Close is what every
// function gets. When the Close is deferred and the function returns an
// error and checks the errors of its calls, the bare call is what errcheck
// flags and what the author would not write: it becomes
//
//	defer s.Close()
//	if err := s.SetLinger(time.Second); err != nil {
//		return ..., err
//	}
//
// right after the deferred Close, which then still closes s on the new
// return, provided nothing else the function created is open there
// without a deferred release (the new return would leak it).
func (c *checker) lingerFor(s *resource, name string, closeSt ast.Stmt, cl ssa.Instruction) (lingerStmt, bool) {
	f := astx.File(c.pass, closeSt.Pos())
	if f == nil {
		return lingerStmt{}, false
	}
	timeName, imports, ok := edit.Import(c.pass, f, "time", closeSt.Pos())
	if !ok {
		return lingerStmt{}, false
	}
	call := fmt.Sprintf("%s.SetLinger(%s.Second)", name, timeName)
	if c.lingerSetReaches(s, cl) {
		// The author sets the linger on some path to this point
		// ("if err != nil { push.SetLinger(0) }"): ours, run later,
		// would override that choice (red team 2, B5). reportNoLinger
		// tries the else branch of that if instead.
		return lingerStmt{}, false
	}
	if _, deferred := closeSt.(*ast.DeferStmt); deferred {
		if ret, ok := c.errorReturn(s.fn, f); ok && !c.otherOpenAt(s, cl) {
			text := fmt.Sprintf("if err := %s; err != nil {\n\treturn %s\n}", call, ret)
			return lingerStmt{text: text, after: true, imports: imports}, true
		}
	}
	return lingerStmt{text: call, imports: imports}, true
}

// lingerSetReaches reports whether a SetLinger on s (or a helper of ours
// s is passed to) may run before instruction at on some path.
func (c *checker) lingerSetReaches(s *resource, at ssa.Instruction) bool {
	for set := range c.lingerSets(s) {
		if set != at && c.reachable(set, at, nil) {
			return true
		}
	}
	return false
}

// lingerElse is the linger fix for Close cl (statement closeSt, not
// deferred) when the author sets s's linger on some paths to it, all of
// them through the body of one if statement without an else that
// precedes closeSt in its statement list, with the SetLinger a statement
// of that body: "if err != nil { push.SetLinger(0) }; push.Close()"
// becomes "... } else { push.SetLinger(time.Second) }", which bounds the
// linger on the other paths and keeps the author's value on those.
func (c *checker) lingerElse(s *resource, name string, closeSt ast.Stmt, cl ssa.Instruction) ([]analysis.TextEdit, bool) {
	if _, deferred := closeSt.(*ast.DeferStmt); deferred {
		return nil, false
	}
	st, ok := astx.EnclosingStmt(c.pass, cl.Pos())
	if !ok || st.Stmt != closeSt {
		return nil, false
	}
	var ifs *ast.IfStmt
	for set := range c.lingerSets(s) {
		if !c.reachable(set, cl, nil) {
			continue
		}
		var in *ast.IfStmt
		for k := 0; k < st.Index && in == nil; k++ {
			cand, ok := st.List[k].(*ast.IfStmt)
			if !ok || cand.Else != nil {
				continue
			}
			for _, b := range cand.Body.List {
				if es, ok := b.(*ast.ExprStmt); ok && es.Pos() <= set.Pos() && set.Pos() < es.End() {
					in = cand
				}
			}
		}
		if in == nil || ifs != nil && ifs != in {
			return nil, false
		}
		ifs = in
	}
	if ifs == nil {
		return nil, false
	}
	f := astx.File(c.pass, closeSt.Pos())
	if f == nil {
		return nil, false
	}
	timeName, imports, ok := edit.Import(c.pass, f, "time", closeSt.Pos())
	if !ok {
		return nil, false
	}
	indent := edit.Indent(c.pass, ifs.Pos())
	text := fmt.Sprintf(" else {\n%s\t%s.SetLinger(%s.Second)\n%s}", indent, name, timeName, indent)
	return append([]analysis.TextEdit{{Pos: ifs.Body.End(), End: ifs.Body.End(), NewText: []byte(text)}}, imports...), true
}

// edits returns the edits that insert l around statement closeSt.
func (l lingerStmt) edits(pass *analysis.Pass, closeSt ast.Stmt) []analysis.TextEdit {
	e := edit.InsertBefore(pass, closeSt, l.text)
	if l.after {
		e = edit.InsertAfter(pass, closeSt, l.text)
	}
	return append([]analysis.TextEdit{e}, l.imports...)
}

// otherOpenAt reports whether a resource of s's function other than s may
// be open at instruction at with no release registered for it.
func (c *checker) otherOpenAt(s *resource, at ssa.Instruction) bool {
	for _, r := range c.rs[s.fn] {
		if r == s {
			continue
		}
		found := flow.Walk(r.create, func(instr ssa.Instruction) flow.Verdict {
			switch {
			case r.handled(instr): // a release registered at at counts
				return flow.Stop
			case instr == at:
				return flow.Found
			}
			return flow.Continue
		}, r.skip)
		if found != nil {
			return true
		}
	}
	return false
}

// errorReturn returns the results of "return ..., err" for fn when its
// last result is an error and its body checks errors and returns them
// ("if err != nil { ... return ... }"), with zero values for the other
// results.
func (c *checker) errorReturn(fn *ssa.Function, f *ast.File) (string, bool) {
	res := fn.Signature.Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return "", false
	}
	var body *ast.BlockStmt
	switch n := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = n.Body
	case *ast.FuncLit:
		body = n.Body
	}
	if body == nil || !c.checksErrors(body) {
		return "", false
	}
	var parts []string
	for i := 0; i < res.Len()-1; i++ {
		z, ok := c.zeroValue(res.At(i).Type(), f)
		if !ok {
			return "", false
		}
		parts = append(parts, z)
	}
	return strings.Join(append(parts, "err"), ", "), true
}

// checksErrors reports whether body (not counting function literals in
// it) has an "if x != nil { ... return ... }" with x an error.
func (c *checker) checksErrors(body *ast.BlockStmt) bool {
	errType := types.Universe.Lookup("error").Type()
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			bin, ok := n.Cond.(*ast.BinaryExpr)
			if !ok || bin.Op != token.NEQ || len(n.Body.List) == 0 {
				break
			}
			x, ok := bin.X.(*ast.Ident)
			if !ok || !types.Identical(c.pass.TypesInfo.TypeOf(x), errType) {
				break
			}
			if _, ret := n.Body.List[len(n.Body.List)-1].(*ast.ReturnStmt); ret {
				found = true
			}
		}
		return !found
	})
	return found
}

// zeroValue returns the zero value of t as source text in file f: nil,
// 0, "", false, or T{} for a struct type this file can name.
func (c *checker) zeroValue(t types.Type, f *ast.File) (string, bool) {
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		if _, isParam := types.Unalias(t).(*types.TypeParam); isParam {
			return "", false
		}
		return "nil", true
	case *types.Basic:
		switch {
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Struct, *types.Array:
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.TypeArgs().Len() > 0 || n.Obj().Pkg() == nil {
			return "", false
		}
		if n.Obj().Pkg() == c.pass.Pkg {
			return n.Obj().Name() + "{}", true
		}
		for _, imp := range f.Imports {
			if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != zmqapi.PathOf(n.Obj().Pkg()) {
				continue
			}
			name := n.Obj().Pkg().Name()
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name == "_" || name == "." {
				return "", false
			}
			return name + "." + n.Obj().Name() + "{}", true
		}
	}
	return "", false
}
