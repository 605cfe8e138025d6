package robust

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/analyzers"
)

// FuzzAnalyzers mutates small ZeroMQ-using programs and runs every
// analyzer of the suite on those that type-check.
//
// A program is one function whose body is a list of statements drawn from
// stmtPool. The fuzz input picks a seed program (its first byte) and then,
// two bytes per step (operation, operand), swaps, drops, duplicates and
// inserts statements, inserts early returns, and wraps statements in if,
// for, defer, go and closures. Inputs whose program does not type-check
// (hard errors; unused variables are soft errors and are allowed) are
// skipped. The properties: no panic, no analysis error, every diagnostic
// and related position and every fix edit lies in the file, a fix's edits
// do not overlap, and the file with any one fix applied still parses and
// type-checks.
//
// CI runs the seed corpus (the f.Add seeds and testdata/fuzz/FuzzAnalyzers).
// The long run is
//
//	go test -run='^$' -fuzz=FuzzAnalyzers -fuzztime=5m ./internal/robust/
func FuzzAnalyzers(f *testing.F) {
	for i := range seedPrograms {
		f.Add([]byte{byte(i)})
		f.Add([]byte{byte(i), 0, 3, 3, 2, 4, 5})         // swap, return, wrap in if
		f.Add([]byte{byte(i), 8, 1, 1, 2, 9, 3, 7, 4})   // defer-wrap, drop, go-wrap, closure
		f.Add([]byte{byte(i), 2, 0, 2, 0, 6, 1, 10, 12}) // duplicate, loop, insert
	}
	f.Fuzz(func(t *testing.T, ops []byte) {
		env := fuzzEnvironment(t)
		src := mutate(ops)
		checkProgram(t, env, src)
	})
}

// stmtPool are the statements programs are made of. The function
// declares every variable they use, so most orders type-check.
var stmtPool = []string{
	0:  `s, err = zmq.NewSocket(zmq.PUSH)`,
	1:  `if err != nil { return err }`,
	2:  `defer s.Close()`,
	3:  `s.Close()`,
	4:  `s.Send("x", 0)`,
	5:  `s.SendBytes(data, zmq.SNDMORE)`,
	6:  `s.SendBytes(data, 0)`,
	7:  `zc, err = zmq.NewContext()`,
	8:  `t, err = zc.NewSocket(zmq.PULL)`,
	9:  `defer zc.Term()`,
	10: `zc.Term()`,
	11: `t.Close()`,
	12: `msg, err = t.RecvBytes(0)`,
	13: `s.SetLinger(0)`,
	14: `s.SetLinger(500)`,
	15: `helper(s)`,
	16: `closeIt(s)`,
	17: `sink = s`,
	18: `go helper(s)`,
	19: `g = gozmq.NewPush(ctx)`,
	20: `defer g.Close()`,
	21: `m = gozmq.NewMsg(data)`,
	22: `err = g.Send(m)`,
	23: `data[0] = 1`,
	24: `func() { s.Close() }()`,
	25: `defer func() { if recover() != nil { err = errFuzz } }()`,
	26: `if n > 0 { return errFuzz }`,
	27: `for i := 0; i < n; i++ { s.Send("loop", 0) }`,
	28: `panic(errFuzz)`,
	29: `msg = append(msg, data...)`,
	30: `s.SendBytes(msg, 0)`,
	31: `g.Close()`,
	32: `s = t`,
	33: `return closeIt(t)`,
	34: `m, err = g.Recv()`,
	35: `msg = m.Bytes()`,
	36: `s.SendMessage(data, msg)`,
	37: `if s != nil { s.Close() }`,
}

// seedPrograms are statement lists (indexes into stmtPool).
var seedPrograms = [][]int{
	{0, 1, 2, 4, 6},                   // create, check, defer close, send
	{0, 1, 5, 6, 3},                   // multipart then close
	{7, 1, 9, 8, 1, 2, 12, 11},        // context, socket, recv (defer order bug)
	{7, 1, 8, 1, 13, 4, 11, 10},       // linger then term
	{0, 1, 14, 15, 16},                // linger unit, helpers
	{19, 20, 21, 22, 23},              // go-zeromq: send then write the buffer
	{0, 1, 25, 24, 27, 28},            // recover, closures, loop, panic
	{0, 1, 17, 18, 26, 3},             // escapes, early return
	{0, 1, 29, 30, 23, 6, 2},          // buffer reuse
	{19, 1, 34, 35, 31, 0, 1, 36, 37}, // recv, convert, send message
	{7, 1, 8, 1, 32, 33},              // aliasing and return through a helper
}

const programHeader = `package fuzz

import (
	"context"
	"errors"

	gozmq "github.com/go-zeromq/zmq4"
	zmq "github.com/pebbe/zmq4"
)

var errFuzz = errors.New("fuzz")

var sink *zmq.Socket

func helper(s *zmq.Socket) { s.Send("h", 0) }

func closeIt(s *zmq.Socket) error { return s.Close() }

func f(ctx context.Context, n int, data []byte) (err error) {
	var s, t *zmq.Socket
	var zc *zmq.Context
	var g gozmq.Socket
	var m gozmq.Msg
	var msg []byte
	_, _, _, _, _, _ = s, t, zc, g, m, msg
`

// mutate builds a program from fuzz bytes (see FuzzAnalyzers).
func mutate(ops []byte) string {
	var stmts []string
	if len(ops) > 0 {
		for _, i := range seedPrograms[int(ops[0])%len(seedPrograms)] {
			stmts = append(stmts, stmtPool[i])
		}
		ops = ops[1:]
	}
	for len(ops) >= 2 && len(stmts) < 64 {
		op, arg := ops[0], int(ops[1])
		ops = ops[2:]
		if len(stmts) == 0 {
			stmts = append(stmts, stmtPool[arg%len(stmtPool)])
			continue
		}
		i := arg % len(stmts)
		s := stmts[i]
		switch op % 13 {
		case 0: // swap with the next statement
			j := (i + 1) % len(stmts)
			stmts[i], stmts[j] = stmts[j], stmts[i]
		case 1:
			stmts = append(stmts[:i], stmts[i+1:]...)
		case 2:
			stmts = insert(stmts, i, s)
		case 3:
			stmts = insert(stmts, i, "return nil")
		case 4:
			stmts[i] = "if n > 1 {\n" + s + "\n}"
		case 5:
			stmts[i] = "if n > 2 {\n" + s + "\n} else {\nreturn errFuzz\n}"
		case 6:
			stmts[i] = "for j := 0; j < n; j++ {\n" + s + "\n}"
		case 7:
			stmts[i] = "func() {\n" + s + "\n}()"
		case 8:
			stmts[i] = "defer func() {\n" + s + "\n}()"
		case 9:
			stmts[i] = "go func() {\n" + s + "\n}()"
		case 10:
			stmts = insert(stmts, i, stmtPool[(arg/len(stmts)+int(op))%len(stmtPool)])
		case 11:
			stmts[i] = "select {\ncase <-ctx.Done():\nreturn ctx.Err()\ndefault:\n" + s + "\n}"
		case 12:
			if strings.HasPrefix(s, "s.") || strings.HasPrefix(s, "t.") || strings.HasPrefix(s, "g.") || strings.HasPrefix(s, "zc.") ||
				strings.HasPrefix(s, "helper(") || strings.HasPrefix(s, "closeIt(") {
				stmts[i] = "defer " + s
			}
		}
	}
	return programHeader + "\t" + strings.Join(stmts, "\n\t") + "\n\treturn nil\n}\n"
}

func insert(stmts []string, i int, s string) []string {
	stmts = append(stmts, "")
	copy(stmts[i+1:], stmts[i:])
	stmts[i] = s
	return stmts
}

// fuzzEnv holds the stub packages, loaded once per process.
type fuzzEnv struct {
	fset  *token.FileSet
	mu    sync.Mutex // the FileSet and the analysis of one program at a time
	types map[string]*types.Package
	deps  map[string]*packages.Package // stubs, with their imports cut
	sizes types.Sizes
	// file is where the program is written: checks read source text
	// (pass.ReadFile) to build fixes.
	file string
}

var (
	fuzzOnce sync.Once
	fuzzE    *fuzzEnv
	fuzzErr  error
)

// fuzzEnvironment loads the binding stubs of testdata/src (GOPATH mode)
// and the standard packages programs import.
func fuzzEnvironment(t testing.TB) *fuzzEnv {
	fuzzOnce.Do(func() {
		root, err := filepath.Abs(filepath.Join("..", ".."))
		if err != nil {
			fuzzErr = err
			return
		}
		gopath := filepath.Join(root, "testdata")
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: filepath.Join(gopath, "src"), Env: gopathEnv(gopath)}
		// The standard packages are those programs and fixes import.
		pkgs, err := packages.Load(cfg, "github.com/pebbe/zmq4", "github.com/go-zeromq/zmq4", "context", "errors", "bytes", "time", "fmt", "sync", "slices", "strings")
		if err != nil {
			fuzzErr = err
			return
		}
		e := &fuzzEnv{types: map[string]*types.Package{}, deps: map[string]*packages.Package{}}
		packages.Visit(pkgs, nil, func(p *packages.Package) {
			if len(p.Errors) > 0 && fuzzErr == nil {
				fuzzErr = fmt.Errorf("%s: %v", p.PkgPath, p.Errors)
			}
			e.fset = p.Fset
			e.sizes = p.TypesSizes
			e.types[p.PkgPath] = p.Types
		})
		for _, p := range pkgs[:2] {
			// A shallow copy without imports: the analyzers then run on
			// the program and the stubs only, not the standard library.
			dep := *p
			dep.Imports = nil
			e.deps[p.PkgPath] = &dep
		}
		dir, err := os.MkdirTemp("", "zmqlint-fuzz")
		if err != nil {
			fuzzErr = err
			return
		}
		e.file = filepath.Join(dir, "fuzz.go")
		fuzzE = e
	})
	if fuzzErr != nil {
		t.Fatalf("loading the fuzz environment: %v", fuzzErr)
	}
	return fuzzE
}

// checkProgram type-checks src and, if it type-checks, runs the suite on
// it and checks the properties listed on FuzzAnalyzers.
func checkProgram(t *testing.T, env *fuzzEnv, src string) {
	env.mu.Lock()
	defer env.mu.Unlock()
	pkg, file, ok := typeCheck(env, env.file, src)
	if !ok {
		return
	}
	if err := os.WriteFile(env.file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	defer env.fset.RemoveFile(file) // keep the shared FileSet from growing
	graph, err := checker.Analyze(analyzers.All(), []*packages.Package{pkg}, &checker.Options{})
	if err != nil {
		t.Fatalf("checker.Analyze: %v\n%s", err, src)
	}
	for act := range graph.All() {
		if act.Err != nil {
			t.Fatalf("%s on %s: %v\n%s", act.Analyzer.Name, act.Package.PkgPath, act.Err, src)
		}
		if act.Package != pkg {
			if len(act.Diagnostics) > 0 {
				t.Errorf("%s reported on stub package %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Diagnostics[0].Message)
			}
			continue
		}
		for _, d := range act.Diagnostics {
			checkDiagnostic(t, env, file, src, act.Analyzer, d)
		}
	}
}

// typeCheck parses and type-checks src as package fuzz against the stubs;
// ok is false if it has syntax or hard type errors.
func typeCheck(env *fuzzEnv, name, src string) (*packages.Package, *token.File, bool) {
	f, err := parser.ParseFile(env.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if f == nil {
		return nil, nil, false
	}
	file := env.fset.File(f.Pos())
	if err != nil {
		env.fset.RemoveFile(file)
		return nil, nil, false
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	hard := false
	conf := types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if p := env.types[path]; p != nil {
				return p, nil
			}
			return nil, fmt.Errorf("package %s not in the fuzz environment", path)
		}),
		Sizes: env.sizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); !ok || !te.Soft {
				hard = true
			}
		},
	}
	tpkg, _ := conf.Check("fuzz", env.fset, []*ast.File{f}, info)
	if hard {
		env.fset.RemoveFile(file)
		return nil, nil, false
	}
	imports := map[string]*packages.Package{}
	for _, imp := range tpkg.Imports() {
		if d := env.deps[imp.Path()]; d != nil {
			imports[imp.Path()] = d
		}
	}
	pkg := &packages.Package{
		ID: "fuzz", Name: "fuzz", PkgPath: "fuzz",
		Fset: env.fset, Syntax: []*ast.File{f}, Types: tpkg, TypesInfo: info, TypesSizes: env.sizes,
		Imports: imports, CompiledGoFiles: []string{name}, GoFiles: []string{name},
	}
	return pkg, file, true
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// checkDiagnostic checks one diagnostic's positions and fixes.
func checkDiagnostic(t *testing.T, env *fuzzEnv, file *token.File, src string, a *analysis.Analyzer, d analysis.Diagnostic) {
	inFile := func(p token.Pos) bool {
		return p.IsValid() && int(p) >= file.Base() && int(p) <= file.Base()+file.Size()
	}
	if !inFile(d.Pos) || d.End.IsValid() && (!inFile(d.End) || d.End < d.Pos) {
		t.Errorf("%s: diagnostic %q has a position outside the file\n%s", a.Name, d.Message, src)
	}
	for _, r := range d.Related {
		if !inFile(r.Pos) {
			t.Errorf("%s: related %q of %q has a position outside the file\n%s", a.Name, r.Message, d.Message, src)
		}
	}
	if d.Message == "" || d.Category == "" {
		t.Errorf("%s: diagnostic without message or category: %+v", a.Name, d)
	}
	for _, fix := range d.SuggestedFixes {
		edits := append([]analysis.TextEdit(nil), fix.TextEdits...)
		sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
		var out bytes.Buffer
		last := 0
		ok := true
		for _, e := range edits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			if !inFile(e.Pos) || !inFile(end) || end < e.Pos {
				t.Errorf("%s: fix %q of %q has an edit outside the file\n%s", a.Name, fix.Message, d.Message, src)
				ok = false
				break
			}
			start, stop := file.Offset(e.Pos), file.Offset(end)
			if start < last {
				t.Errorf("%s: fix %q of %q has overlapping edits\n%s", a.Name, fix.Message, d.Message, src)
				ok = false
				break
			}
			out.WriteString(src[last:start])
			out.Write(e.NewText)
			last = stop
		}
		if !ok {
			continue
		}
		out.WriteString(src[last:])
		fixed := out.String()
		_, ffile, good := typeCheck(env, "fixed.go", fixed)
		if !good {
			t.Errorf("%s: fix %q of %q leaves code that does not type-check:\n%s\n--- original:\n%s", a.Name, fix.Message, d.Message, fixed, src)
			continue
		}
		env.fset.RemoveFile(ffile)
	}
}
