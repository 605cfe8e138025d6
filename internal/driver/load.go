package driver

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadMode is LoadAllSyntax: the checks use facts, so dependencies are
// analyzed from source too.
const loadMode = packages.LoadAllSyntax | packages.NeedModule

// load loads the packages matching patterns. If a cgo binding with a stub
// (pebbe/zmq4, its draft package, goczmq) cannot be built here — cgo is
// disabled, or its C headers or pkg-config are missing — the binding is
// replaced by its built-in stub and every package that depends on it is
// type-checked again; note gets one line saying so.
//
// Why not a go/packages overlay: the go command refuses overlays of files
// in the module cache, where the bindings live.
func load(patterns []string, tests bool, note func(string)) ([]*packages.Package, error) {
	return loadOverlay(patterns, tests, nil, note)
}

// loadOverlay is load with overlay (file name → content) in place of
// files on disk: the -fix self-check analyzes the fixed code before
// writing it.
func loadOverlay(patterns []string, tests bool, overlay map[string][]byte, note func(string)) ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: loadMode, Tests: tests, Overlay: overlay}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	broken := brokenBindings(pkgs)
	if len(broken) == 0 {
		return pkgs, nil
	}
	var paths []string
	for p := range broken {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if err := useStubs(pkgs, broken); err != nil {
		note(fmt.Sprintf("zmqlint: cannot use the built-in API stub of %s: %v", strings.Join(paths, ", "), err))
		return pkgs, nil
	}
	note(fmt.Sprintf("zmqlint: %s; type-checking %s against zmqlint's built-in API stub",
		cgoProblem(paths), strings.Join(paths, ", ")))
	return pkgs, nil
}

// brokenBindings returns the cgo bindings with a stub that failed to load
// or type-check, by package path. The real bindings are correct Go, so an
// error inside one means this machine cannot build it (no cgo, no
// headers, no pkg-config).
func brokenBindings(pkgs []*packages.Package) map[string]bool {
	broken := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if _, ok := stubFor(p.PkgPath); ok && (len(p.Errors) > 0 || p.IllTyped) {
			broken[p.PkgPath] = true
		}
	})
	return broken
}

// useStubs replaces the syntax and types of every broken binding package
// by its stub's, then type-checks again, in dependency order, every
// package that imports a replaced one directly or indirectly. Packages
// that do not depend on a binding keep their types, so type identity
// holds across the graph.
func useStubs(roots []*packages.Package, broken map[string]bool) error {
	// Every package of the graph by path, to import the stubs' own
	// imports (the standard library) from.
	byPath := make(map[string]*packages.Package)
	var order []*packages.Package // dependencies first
	var fset *token.FileSet
	var sizes types.Sizes
	packages.Visit(roots, nil, func(p *packages.Package) {
		if _, ok := byPath[p.PkgPath]; !ok || p.ID == p.PkgPath {
			byPath[p.PkgPath] = p
		}
		order = append(order, p)
		if fset == nil && p.Fset != nil {
			fset = p.Fset
		}
		if sizes == nil && p.TypesSizes != nil {
			sizes = p.TypesSizes
		}
	})
	if fset == nil {
		return fmt.Errorf("no package was parsed")
	}
	if sizes == nil {
		sizes = types.SizesFor("gc", build.Default.GOARCH)
	}
	fallback := importer.ForCompiler(fset, "source", nil)

	redone := make(map[*packages.Package]bool)
	for _, p := range order {
		if broken[p.PkgPath] {
			s, _ := stubFor(p.PkgPath)
			src, err := stubSource(s)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(fset, "zmqlint-stub/"+s.PkgPath+"/"+path.Base(s.Source), src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			p.Name = f.Name.Name
			p.Syntax = []*ast.File{f}
			p.CompiledGoFiles = nil
			p.GoFiles = nil
			p.OtherFiles = nil
			p.Errors = nil
			imports := make(map[string]*packages.Package)
			for _, spec := range f.Imports {
				ip := strings.Trim(spec.Path.Value, `"`)
				if dep := byPath[ip]; dep != nil {
					imports[ip] = dep
				}
			}
			p.Imports = imports
		} else {
			needs := false
			for _, dep := range p.Imports {
				needs = needs || redone[dep]
			}
			if !needs {
				continue
			}
			// Keep the go list and parse errors; the type errors are
			// recomputed.
			var kept []packages.Error
			for _, e := range p.Errors {
				if e.Kind != packages.TypeError {
					kept = append(kept, e)
				}
			}
			p.Errors = kept
		}
		typeCheck(p, fset, sizes, fallback)
		redone[p] = true
	}
	return nil
}

// typeCheck type-checks p's syntax again, importing from p.Imports.
func typeCheck(p *packages.Package, fset *token.FileSet, sizes types.Sizes, fallback types.Importer) {
	p.Fset = fset
	p.TypesSizes = sizes
	p.TypeErrors = nil
	p.TypesInfo = &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	conf := types.Config{
		Importer: importerFunc(func(ip string) (*types.Package, error) {
			if ip == "unsafe" {
				return types.Unsafe, nil
			}
			if dep := p.Imports[ip]; dep != nil && dep.Types != nil {
				return dep.Types, nil
			}
			return fallback.Import(ip)
		}),
		Sizes: sizes,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				p.TypeErrors = append(p.TypeErrors, te)
				p.Errors = append(p.Errors, packages.Error{
					Pos:  te.Fset.Position(te.Pos).String(),
					Msg:  te.Msg,
					Kind: packages.TypeError,
				})
			}
		},
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		conf.GoVersion = "go" + p.Module.GoVersion
	}
	p.Types = types.NewPackage(p.PkgPath, p.Name)
	checker := types.NewChecker(&conf, fset, p.Types, p.TypesInfo)
	_ = checker.Files(p.Syntax) // errors are collected by conf.Error
	p.IllTyped = len(p.Errors) > 0
	for _, dep := range p.Imports {
		p.IllTyped = p.IllTyped || dep.IllTyped
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// cgoProblem says why the bindings could not be built, for the one-line
// note.
func cgoProblem(paths []string) string {
	if !build.Default.CgoEnabled {
		return "cgo is disabled (CGO_ENABLED=0)"
	}
	for _, p := range paths {
		if strings.HasPrefix(p, "github.com/go-zeromq/goczmq") {
			return "libzmq or CZMQ headers not found"
		}
	}
	return "libzmq headers not found"
}
