package zmqssa

import (
	"go/ast"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// Analyzer builds SSA for packages that can touch ZeroMQ.
var Analyzer = &analysis.Analyzer{
	Name:       "zmqssa",
	Doc:        "build SSA for packages that can touch ZeroMQ (zmqlint helper; reports nothing)",
	URL:        "https://github.com/zmqlint/zmqlint/blob/main/docs/zmqssa.md",
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(TouchesZMQ), new(NoReturn)},
}

// TouchesZMQ is a package fact: the package imports a ZeroMQ binding,
// directly or through packages that do.
type TouchesZMQ struct{}

func (*TouchesZMQ) AFact()         {}
func (*TouchesZMQ) String() string { return "touchesZMQ" }

// NoReturn is an object fact on a function that never returns normally
// (every path panics, exits or calls another function that never returns).
type NoReturn struct{}

func (*NoReturn) AFact()         {}
func (*NoReturn) String() string { return "noReturn" }

// Result is what checks get. Pkg is nil when the package cannot touch
// ZeroMQ; checks then return at once.
type Result struct {
	Pkg *ssa.Package
	// SrcFuncs are the package's functions with bodies, including
	// function literals, in source order.
	SrcFuncs []*ssa.Function
	Model    *zmqapi.Model

	// Helper is set instead of Pkg for a package that cannot touch
	// ZeroMQ but may hold helpers that ZeroMQ code elsewhere in the
	// user's code calls (an encoding helper that writes into its []byte
	// parameter): a package of the code under analysis (not the standard
	// library, not a versioned dependency) that declares an exported
	// function or method with a []byte, [][]byte or byte-array-pointer parameter
	// (HelperCandidate). Its SSA is built only so that the buffers pass
	// can export the WritesParams fact; checks, which look at Pkg, skip
	// it. HelperFuncs are its functions, as SrcFuncs.
	Helper      *ssa.Package
	HelperFuncs []*ssa.Function

	pass     *analysis.Pass
	noReturn map[*types.Func]bool // this package's functions that never return
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Model: zmqapi.Default, pass: pass}
	if !touchesZMQ(pass, res.Model) {
		if HelperCandidate(pass) {
			res.Helper, res.HelperFuncs = build(pass, res)
		}
		return res, nil
	}
	pass.ExportPackageFact(new(TouchesZMQ))

	res.Pkg, res.SrcFuncs = build(pass, res)
	res.noReturn = localNoReturn(res)
	for fn := range res.noReturn {
		pass.ExportObjectFact(fn, new(NoReturn))
	}
	return res, nil
}

// build builds the SSA of the package under analysis.
func build(pass *analysis.Pass, res *Result) (*ssa.Package, []*ssa.Function) {
	prog := ssa.NewProgram(pass.Fset, ssa.InstantiateGenerics)
	prog.SetNoReturn(res.importedNoReturn)
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	return pkg, srcFuncs(pass, prog)
}

// HelperCandidate reports whether a package that does not touch ZeroMQ
// still gets SSA (Result.Helper), for the buffers pass's WritesParams
// facts: it belongs to the code under analysis, and it declares an
// exported function or method (with a body) that has a byte-slice, frames
// ([][]byte) or byte-array-pointer parameter or receiver: the memory a
// WritesParams fact matters for. The code under analysis is a module without a version (the
// main module, a workspace module, a module replaced by a directory); in
// GOPATH mode (no module) a package whose import path starts with a
// domain (example.com/...). The standard library (no module, no dot) and
// versioned dependencies are never candidates: their helpers' writes are
// the StdWriters table's, or unknown.
func HelperCandidate(pass *analysis.Pass) bool {
	if !localCode(pass) {
		return false
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil || !fd.Name.IsExported() {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := fn.Type().(*types.Signature)
			if sig.Recv() != nil && sliceLike(sig.Recv().Type()) {
				return true
			}
			for i := 0; i < sig.Params().Len(); i++ {
				if sliceLike(sig.Params().At(i).Type()) {
					return true
				}
			}
		}
	}
	return false
}

// localCode reports whether the package is part of the code under
// analysis rather than the standard library or a versioned dependency.
func localCode(pass *analysis.Pass) bool {
	m := pass.Module
	if m != nil && m.Path != "" {
		if m.Replace != nil {
			return m.Replace.Version == ""
		}
		return m.Version == ""
	}
	first, _, _ := strings.Cut(pass.Pkg.Path(), "/")
	return strings.Contains(first, ".")
}

// sliceLike reports whether t can hold the memory of a ZeroMQ frame or
// frames list: a []byte (of any named type), a [][]byte, a pointer to a
// byte array or to a []byte, or a type parameter whose constraint is one
// such type. Other slices ([]string, []ast.Node) never carry frames, so a
// package whose functions take only those stays free.
func sliceLike(t types.Type) bool {
	u := coreUnder(t)
	switch u := u.(type) {
	case *types.Slice:
		return isByte(u.Elem()) || isByteSlice(u.Elem())
	case *types.Pointer:
		switch e := u.Elem().Underlying().(type) {
		case *types.Array:
			return isByte(e.Elem())
		case *types.Slice:
			return isByte(e.Elem())
		}
	}
	return false
}

func coreUnder(t types.Type) types.Type {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		if iface, ok := tp.Constraint().Underlying().(*types.Interface); ok && iface.NumEmbeddeds() == 1 {
			u := iface.EmbeddedType(0).Underlying()
			if un, ok := u.(*types.Union); ok && un.Len() == 1 {
				u = un.Term(0).Type().Underlying()
			}
			return u
		}
	}
	return t.Underlying()
}

func isByte(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Byte
}

func isByteSlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	return ok && isByte(s.Elem())
}

// touchesZMQ reports whether the package imports a binding or a package
// with the TouchesZMQ fact. pass.Pkg.Imports() is exact for a package
// checked from source.
func touchesZMQ(pass *analysis.Pass, m *zmqapi.Model) bool {
	for _, imp := range pass.Pkg.Imports() {
		if m.IsBindingPackage(imp.Path()) || pass.ImportPackageFact(imp, new(TouchesZMQ)) {
			return true
		}
	}
	return false
}

// srcFuncs lists the package's declared functions and their literals in
// source order.
func srcFuncs(pass *analysis.Pass, prog *ssa.Program) []*ssa.Function {
	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(obj); f != nil {
				add(f)
			}
		}
	}
	// Function literals in package-level declarations ("var cmd =
	// &Command{Run: func(...) {...}}", handler tables) belong to the
	// synthetic package initializer, which is not a declaration of its
	// own: analyse each like a function.
	if p := prog.Package(pass.Pkg); p != nil {
		if init := p.Func("init"); init != nil {
			for _, anon := range init.AnonFuncs {
				add(anon)
			}
		}
	}
	return funcs
}

// importedNoReturn is the SSA builder's no-return predicate: well-known
// functions of the standard library and common loggers, and functions of
// other packages with a NoReturn fact. With it, SSA ends a block after such
// a call, so checks see those paths end.
func (r *Result) importedNoReturn(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if knownNoReturn[fn.FullName()] {
		return true
	}
	if fn.Pkg() != nil && fn.Pkg() != r.pass.Pkg {
		return r.pass.ImportObjectFact(fn, new(NoReturn))
	}
	return false
}

// NoReturn reports whether a call to fn never returns normally.
func (r *Result) NoReturn(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	return r.noReturn[fn] || r.importedNoReturn(fn)
}

// knownNoReturn lists functions, by types.Func.FullName, that never return.
var knownNoReturn = map[string]bool{
	"os.Exit":                                     true,
	"runtime.Goexit":                              true,
	"log.Fatal":                                   true,
	"log.Fatalf":                                  true,
	"log.Fatalln":                                 true,
	"log.Panic":                                   true,
	"log.Panicf":                                  true,
	"log.Panicln":                                 true,
	"(*log.Logger).Fatal":                         true,
	"(*log.Logger).Fatalf":                        true,
	"(*log.Logger).Fatalln":                       true,
	"(*log.Logger).Panic":                         true,
	"(*log.Logger).Panicf":                        true,
	"(*log.Logger).Panicln":                       true,
	"(*testing.common).Fatal":                     true,
	"(*testing.common).Fatalf":                    true,
	"(*testing.common).FailNow":                   true,
	"(*testing.common).Skip":                      true,
	"(*testing.common).Skipf":                     true,
	"(*testing.common).SkipNow":                   true,
	"(testing.TB).Fatal":                          true,
	"(testing.TB).Fatalf":                         true,
	"(testing.TB).FailNow":                        true,
	"(testing.TB).Skip":                           true,
	"(testing.TB).Skipf":                          true,
	"(testing.TB).SkipNow":                        true,
	"github.com/sirupsen/logrus.Fatal":            true,
	"github.com/sirupsen/logrus.Fatalf":           true,
	"github.com/sirupsen/logrus.Fatalln":          true,
	"(*github.com/sirupsen/logrus.Logger).Fatal":  true,
	"(*github.com/sirupsen/logrus.Logger).Fatalf": true,
	"(*github.com/sirupsen/logrus.Entry).Fatal":   true,
	"(*github.com/sirupsen/logrus.Entry).Fatalf":  true,
	"(*go.uber.org/zap.Logger).Fatal":             true,
	"(*go.uber.org/zap.SugaredLogger).Fatal":      true,
	"(*go.uber.org/zap.SugaredLogger).Fatalf":     true,
	"(*go.uber.org/zap.SugaredLogger).Fatalw":     true,
	"k8s.io/klog/v2.Fatal":                        true,
	"k8s.io/klog/v2.Fatalf":                       true,
	"k8s.io/klog/v2.Exit":                         true,
	"k8s.io/klog/v2.Exitf":                        true,
}

// localNoReturn finds this package's functions that never return: no
// Return instruction is reachable from the entry when blocks ending in a
// call to a no-return function are treated as dead ends. It iterates to a
// fixed point so mutually recursive helpers converge.
func localNoReturn(r *Result) map[*types.Func]bool {
	found := map[*types.Func]bool{}
	for changed := true; changed; {
		changed = false
		for _, fn := range r.SrcFuncs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || found[obj] || fn.Blocks == nil {
				continue
			}
			if !returnReachable(fn, func(f *types.Func) bool { return found[f] || r.importedNoReturn(f) }) {
				found[obj] = true
				changed = true
			}
		}
	}
	return found
}

func returnReachable(fn *ssa.Function, noReturn func(*types.Func) bool) bool {
	seen := make([]bool, len(fn.Blocks))
	stack := []*ssa.BasicBlock{fn.Blocks[0]}
	seen[0] = true
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		dead := false
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Return:
				return true
			case *ssa.Call:
				if callee := instr.Call.StaticCallee(); callee != nil {
					if obj, ok := callee.Object().(*types.Func); ok && noReturn(obj) {
						dead = true
					}
				}
			}
			if dead {
				break
			}
		}
		if dead {
			continue
		}
		for _, s := range b.Succs {
			if !seen[s.Index] {
				seen[s.Index] = true
				stack = append(stack, s)
			}
		}
	}
	return false
}

// Release drops what r holds (the SSA package and functions, and through
// them the program and the syntax) once no analysis of its package will
// read it again: the standalone driver calls it when the last action of
// the package has finished, so that a large graph does not keep every
// package's SSA until the end of the run. r must not be used afterwards.
func (r *Result) Release() {
	if r == nil {
		return
	}
	r.Pkg, r.SrcFuncs, r.Helper, r.HelperFuncs = nil, nil, nil, nil
	r.pass, r.noReturn = nil, nil
}
