package astx

import (
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// Analyzer is the helper pass whose result, an *Index, makes Path (and so
// EnclosingStmt and AssignedExpr) logarithmic in the size of a file
// instead of linear in the statements around the position. A check that
// asks many paths lists it in its Requires; without it Path still answers,
// with astutil.PathEnclosingInterval. It reports nothing and builds
// nothing until a path is asked: each file is indexed on its first query.
var Analyzer = &analysis.Analyzer{
	Name:       "astindex",
	Doc:        "index the syntax of each file for position lookups (zmqlint helper; reports nothing)",
	URL:        "https://github.com/zmqlint/zmqlint/blob/main/docs/performance.md",
	Run:        func(pass *analysis.Pass) (any, error) { return NewIndex(pass.Files), nil },
	ResultType: reflect.TypeFor[*Index](),
}

// Index answers Path queries for the files of one package. Each file is
// indexed once, on its first query (one ast.Inspect: every node in
// pre-order with its parent and [Pos, End)); a query is then a binary
// search for the last node starting at or before the position and a climb
// through its parents to the first that contains it. It is safe for
// concurrent use: the checks of a package may run in parallel.
type Index struct {
	files []*ast.File
	once  []sync.Once
	ix    []*fileIndex

	mu  sync.Mutex
	src map[string]srcFile // Text's file contents, read once
}

type srcFile struct {
	b   []byte
	err error
}

// source returns pass.ReadFile(name), read once per index.
func (x *Index) source(pass *analysis.Pass, name string) ([]byte, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if s, ok := x.src[name]; ok {
		return s.b, s.err
	}
	b, err := pass.ReadFile(name)
	if x.src == nil {
		x.src = map[string]srcFile{}
	}
	x.src[name] = srcFile{b, err}
	return b, err
}

// NewIndex returns an index of files; nothing is computed yet.
func NewIndex(files []*ast.File) *Index {
	return &Index{files: files, once: make([]sync.Once, len(files)), ix: make([]*fileIndex, len(files))}
}

// Path is astx.Path answered from the index: the nodes from the innermost
// one enclosing pos up to the file, as astutil.PathEnclosingInterval(f,
// pos, pos) gives them (the property test checks this on std's files).
func (x *Index) Path(pos token.Pos) []ast.Node {
	if x == nil || !pos.IsValid() {
		return nil
	}
	for i, f := range x.files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			x.once[i].Do(func() { x.ix[i] = indexFile(f) })
			if fi := x.ix[i]; fi != nil {
				return fi.path(pos)
			}
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			return path
		}
	}
	return nil
}

// fileIndex is one file's nodes in pre-order. The FuncType of a FuncDecl
// is not one of them: its parameter lists are children of the FuncDecl,
// and its position is the func keyword's, which comes before the
// receiver (pre-order would not be sorted by position otherwise); the
// path adds it back above a parameter or result list, as astutil does.
// Comments are not indexed: a doc comment lies before its node's Pos, a
// line comment after its End, so no node's interval holds them.
type fileIndex struct {
	nodes  []ast.Node
	pos    []token.Pos // nodes[i].Pos(), non-decreasing
	end    []token.Pos
	parent []int32 // index of the parent in nodes, -1 for the file
}

// indexFile indexes f, or returns nil when the syntax does not nest the
// way the binary search needs (a child starting before its parent, or
// ending after it, as a tree with BadExpr or missing positions may):
// Path then falls back to astutil for that file.
func indexFile(f *ast.File) *fileIndex {
	fi := &fileIndex{}
	var stack []int32 // parents of the next node; a skipped FuncType repeats its FuncDecl
	ok := true
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n.(type) {
		case *ast.CommentGroup, *ast.Comment:
			return false
		}
		parent := int32(-1)
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		if ft, isFT := n.(*ast.FuncType); isFT && parent >= 0 {
			if d, isDecl := fi.nodes[parent].(*ast.FuncDecl); isDecl && d.Type == ft {
				stack = append(stack, parent)
				return true
			}
		}
		p, e := n.Pos(), n.End()
		if !p.IsValid() || e < p {
			ok = false
		}
		if len(fi.pos) > 0 && p < fi.pos[len(fi.pos)-1] {
			ok = false
		}
		if parent >= 0 && (p < fi.pos[parent] || e > fi.end[parent]) {
			ok = false
		}
		stack = append(stack, int32(len(fi.nodes)))
		fi.nodes = append(fi.nodes, n)
		fi.pos = append(fi.pos, p)
		fi.end = append(fi.end, e)
		fi.parent = append(fi.parent, parent)
		return true
	})
	if !ok || len(fi.nodes) == 0 {
		return nil
	}
	return fi
}

// path returns the nodes enclosing pos, innermost first. The last node
// starting at or before pos either contains it (then none of its
// descendants does: they start after pos) or not; then its innermost
// container is its nearest ancestor ending after pos, because a node
// that is not its ancestor but comes before it in pre-order ends before
// it starts.
func (fi *fileIndex) path(pos token.Pos) []ast.Node {
	file := fi.nodes[0]
	if pos < fi.pos[0] || pos >= fi.end[0] {
		return []ast.Node{file} // before the package clause or after the last declaration
	}
	i := sort.Search(len(fi.pos), func(k int) bool { return fi.pos[k] > pos }) - 1
	for i > 0 && pos >= fi.end[i] {
		i = int(fi.parent[i])
	}
	var path []ast.Node
	for ; i >= 0; i = int(fi.parent[i]) {
		n := fi.nodes[i]
		path = append(path, n)
		if fl, ok := n.(*ast.FieldList); ok && fi.parent[i] >= 0 {
			if d, ok := fi.nodes[fi.parent[i]].(*ast.FuncDecl); ok && d.Recv != fl {
				path = append(path, d.Type)
			}
		}
	}
	return path
}

// Release drops the files, their indexes and the source text x holds
// once no analysis of its package will query it again (see
// zmqssa.Result.Release). x must not be used afterwards.
func (x *Index) Release() {
	if x == nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.files, x.once, x.ix, x.src = nil, nil, nil, nil
}
