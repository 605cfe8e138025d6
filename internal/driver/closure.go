package driver

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// metaMode asks the go command for the package graph only: names, files,
// imports, modules and sizes. go/packages parses and type-checks nothing
// in this mode; loadClosure does, for the packages that need it.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes

// exportMode asks the go command for the export data of the named
// packages ("go list -export"), which it compiles if its build cache does
// not hold them.
const exportMode = packages.NeedName | packages.NeedExportFile

// A graphLoader type-checks the ZeroMQ closure of a package graph from
// source and reads the rest from export data (see loadClosure).
type graphLoader struct {
	lc    loadConfig
	fset  *token.FileSet
	sizes types.Sizes
	order []*packages.Package // every package, dependencies first

	source map[*packages.Package]bool // type-checked from source
	cached map[*packages.Package]bool // in the closure, read from export data (lc.fromExport)

	exportMu sync.Mutex
	// shared holds every package read from export data, by path, and the
	// incomplete packages that export data refers to: one map per load,
	// so that a type seen through two packages' export data is one type.
	shared    map[string]*types.Package
	exportErr map[*packages.Package]error

	parseMu sync.Mutex
	parses  map[string]*parseResult // by file name; a file may be in p and p's test variant
}

type parseResult struct {
	ready chan struct{}
	f     *ast.File
	err   error
}

// loadClosure loads the packages matching patterns. Only the packages the
// checks can compute something on are parsed and type-checked from
// source: the ZeroMQ closure, that is the named packages (with their
// test variants), the user's own code (a module without a version, or
// GOPATH code: the buffers pass's helper facts), the packages that import
// a ZeroMQ binding directly or not, and the packages the go command
// reports errors for (so that the errors are the ones go/packages would
// give), closed upward: a package that imports one of them is one of
// them, so no export data ever refers to a package checked from source.
// Everything else — the standard library, third-party code, the
// bindings themselves — is read from the export data the go command
// writes to its build cache ("go list -export"), and only where a
// closure package imports it directly. A package whose export data the
// go command cannot produce (it does not compile) is checked from source
// instead, as go/packages would.
//
// The go command is run twice: once for the graph (as go/packages would,
// with -deps -compiled), once with -export for the packages outside the
// closure only. One "go list -export -deps" would also compile the named
// packages, which are the ones being edited: a compile per edit in the
// editor, and the named packages' type errors and cgo failures reported
// by the compiler on top of zmqlint's own.
func loadClosure(patterns []string, lc loadConfig) ([]*packages.Package, *graphLoader, error) {
	cfg := &packages.Config{
		Mode:    metaMode,
		Tests:   lc.tests,
		Env:     lc.env,
		Dir:     lc.dir,
		Overlay: lc.overlay,
		Context: lc.ctx,
	}
	if lc.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + lc.tags}
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, goCommandError(err)
	}
	g := &graphLoader{
		lc:        lc,
		fset:      token.NewFileSet(),
		source:    make(map[*packages.Package]bool),
		cached:    make(map[*packages.Package]bool),
		shared:    make(map[string]*types.Package),
		exportErr: make(map[*packages.Package]error),
		parses:    make(map[string]*parseResult),
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		g.order = append(g.order, p)
		if g.sizes == nil {
			g.sizes = p.TypesSizes
		}
	})
	if g.sizes == nil {
		g.sizes = types.SizesFor("gc", runtime.GOARCH)
	}
	isRoot := make(map[*packages.Package]bool)
	for _, p := range roots {
		isRoot[p] = true
	}
	allSource := sourceEverything(lc)
	needSrc := func(p *packages.Package) bool {
		if p.PkgPath == "unsafe" {
			return false
		}
		if allSource || isRoot[p] || len(p.Errors) > 0 || localPackage(p) {
			return true
		}
		for path := range p.Imports {
			if zmqapi.Default.IsBindingPackage(path) {
				return true
			}
		}
		return false
	}
	g.closeUpward(needSrc)

	// Export data for the rest; a package without is checked from source.
	if err := g.exportFiles(cfg); err != nil {
		return nil, nil, err
	}
	noExport := make(map[*packages.Package]bool)
	for _, p := range g.order {
		if !g.source[p] && p.PkgPath != "unsafe" && p.ExportFile == "" {
			noExport[p] = true
		}
	}
	if len(noExport) > 0 {
		g.closeUpward(func(p *packages.Package) bool { return needSrc(p) || noExport[p] })
	}

	if lc.fromExport != nil {
		for _, p := range g.order {
			if g.source[p] && lc.fromExport(p, isRoot[p]) && p.ExportFile != "" {
				delete(g.source, p)
				g.cached[p] = true
			}
		}
	}
	if err := g.check(); err != nil {
		return nil, nil, err
	}
	return roots, g, nil
}

// sourceEverything reports whether the go command's environment sets
// ZMQLINT_LOAD=source: then every package is checked from source, as
// before the closure loader, and go list -export is not run. The export
// data of the dependencies costs one compile of them when the build cache
// does not hold it yet (a cold CI cache), several times the source
// check's CPU; and the setting compares the two loads' findings.
func sourceEverything(lc loadConfig) bool {
	v := ""
	for _, kv := range environ(lc) {
		if s, ok := strings.CutPrefix(kv, "ZMQLINT_LOAD="); ok {
			v = s
		}
	}
	return v == "source"
}

// closeUpward sets g.source to the packages for which seed holds and
// those that import one, directly or not.
func (g *graphLoader) closeUpward(seed func(*packages.Package) bool) {
	clear(g.source)
	for _, p := range g.order { // dependencies first
		in := seed(p)
		for _, dep := range p.Imports {
			in = in || g.source[dep]
		}
		if in {
			g.source[p] = true
		}
	}
}

// localPackage reports, from the metadata, whether p is the user's own
// code, as zmqssa's localCode does from a pass: a module without a
// version (the main module, a workspace module, a module replaced by a
// directory), or in GOPATH mode a path that starts with a domain.
func localPackage(p *packages.Package) bool {
	if m := p.Module; m != nil && m.Path != "" {
		if m.Replace != nil {
			return m.Replace.Version == ""
		}
		return m.Version == ""
	}
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return strings.Contains(first, ".")
}

// exportFiles sets the ExportFile of every package outside g.source,
// running "go list -export" on them. If that go command fails as a whole
// (not per package), no package gets one: the caller checks them all from
// source.
func (g *graphLoader) exportFiles(meta *packages.Config) error {
	var ids []string
	byID := make(map[string]*packages.Package)
	for _, p := range g.order {
		if g.source[p] || p.PkgPath == "unsafe" {
			continue
		}
		if strings.Contains(p.ID, " ") || strings.HasSuffix(p.ID, ".test") {
			// A test variant outside the closure cannot happen (it
			// imports the package under test, a root); if it did, go
			// list could not name it.
			g.source[p] = true
			continue
		}
		ids = append(ids, p.ID)
		byID[p.ID] = p
	}
	if len(ids) == 0 {
		return nil
	}
	cfg := *meta
	cfg.Mode = exportMode
	cfg.Tests = false
	pkgs, err := packages.Load(&cfg, ids...)
	if err != nil {
		if meta.Context != nil && meta.Context.Err() != nil {
			return meta.Context.Err()
		}
		// The graph loaded; without export data every package is
		// checked from source, as before the closure loader.
		return nil
	}
	for _, e := range pkgs {
		if p := byID[e.ID]; p != nil && len(e.Errors) == 0 {
			p.ExportFile = e.ExportFile
		}
	}
	return nil
}

// check fills in the types of the graph: closure packages are parsed and
// type-checked from source, in dependency order, in parallel (at most
// GOMAXPROCS at a time, as go/packages does); the packages they import
// from outside are read from export data, one at a time (gcexportdata
// may complete packages of the shared map), ahead of the checks that
// need them.
func (g *graphLoader) check() error {
	done := make(map[*packages.Package]chan struct{}, len(g.order))
	needTypes := make(map[*packages.Package]bool)
	for _, p := range g.order {
		done[p] = make(chan struct{})
		p.Fset = g.fset
		p.TypesSizes = g.sizes
		if g.source[p] || g.cached[p] {
			for _, dep := range p.Imports {
				if !g.source[dep] && !g.cached[dep] {
					needTypes[dep] = true
				}
			}
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, p := range g.order {
			if !g.source[p] && !g.cached[p] {
				if needTypes[p] && g.live() {
					g.readExport(p, g.shared)
				}
				close(done[p])
			}
		}
	}()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, p := range g.order {
		if !g.source[p] && !g.cached[p] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(done[p])
			var files []*ast.File
			var parseErrs []error
			if g.source[p] && g.live() {
				sem <- struct{}{}
				files, parseErrs = g.parseFiles(p.CompiledGoFiles)
				<-sem
			}
			for _, dep := range p.Imports {
				<-done[dep]
			}
			if !g.live() {
				return
			}
			if g.cached[p] {
				g.readExport(p, g.view(p))
				return
			}
			sem <- struct{}{}
			defer func() { <-sem }()
			g.typeCheck(p, files, parseErrs)
		}()
	}
	wg.Wait()
	if g.lc.ctx != nil && g.lc.ctx.Err() != nil {
		return g.lc.ctx.Err()
	}
	for _, p := range g.order { // dependencies first
		p.IllTyped = len(p.Errors) > 0
		for _, dep := range p.Imports {
			p.IllTyped = p.IllTyped || dep.IllTyped
		}
	}
	return nil
}

// live reports whether the load is still wanted.
func (g *graphLoader) live() bool { return g.lc.ctx == nil || g.lc.ctx.Err() == nil }

// view is what gcexportdata may see of the packages when it reads the
// export data of p: p's dependencies, complete, by path.
func (g *graphLoader) view(p *packages.Package) map[string]*types.Package {
	view := make(map[string]*types.Package)
	var visit func(q *packages.Package)
	visit = func(q *packages.Package) {
		for _, dep := range q.Imports {
			if _, ok := view[dep.PkgPath]; !ok && dep.Types != nil {
				view[dep.PkgPath] = dep.Types
				visit(dep)
			}
		}
	}
	visit(p)
	g.exportMu.Lock()
	for path, tp := range g.shared {
		if _, ok := view[path]; !ok {
			view[path] = tp
		}
	}
	g.exportMu.Unlock()
	return view
}

// readExport sets p.Types from p's export data, read into imports; an
// error is one of p's errors, as go/packages reports it.
func (g *graphLoader) readExport(p *packages.Package, imports map[string]*types.Package) {
	g.exportMu.Lock()
	defer g.exportMu.Unlock()
	if p.Types != nil || g.exportErr[p] != nil {
		return
	}
	if p.PkgPath == "unsafe" {
		p.Types = types.Unsafe
		return
	}
	tp, err := readExportFile(g.fset, imports, p)
	if err != nil {
		g.exportErr[p] = err
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		return
	}
	p.Types = tp
	if p.Name == "" {
		p.Name = tp.Name()
	}
}

func readExportFile(fset *token.FileSet, imports map[string]*types.Package, p *packages.Package) (*types.Package, error) {
	if p.ExportFile == "" {
		return nil, fmt.Errorf("no export data file")
	}
	f, err := os.Open(p.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	tp, err := gcexportdata.Read(r, fset, imports, p.PkgPath)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", p.ExportFile, err)
	}
	return tp, nil
}

// importPath returns the types of the graph's package with import path
// path (not a test variant), reading its export data if no closure
// package imported it; useStubs imports the stubs' dependencies so.
func (g *graphLoader) importPath(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	for _, p := range g.order {
		if p.PkgPath != path || p.ID != path {
			continue
		}
		if p.Types == nil {
			g.readExport(p, g.shared)
		}
		if p.Types == nil {
			return nil, g.exportErr[p]
		}
		return p.Types, nil
	}
	return nil, fmt.Errorf("no metadata for %s", path)
}

// typeCheck type-checks the closure package p from its parsed files, as
// go/packages' LoadAllSyntax does (same configuration, same errors).
func (g *graphLoader) typeCheck(p *packages.Package, files []*ast.File, parseErrs []error) {
	for _, err := range parseErrs {
		switch err := err.(type) {
		case *os.PathError:
			p.Errors = append(p.Errors, packages.Error{Pos: err.Path + ":1", Msg: err.Err.Error(), Kind: packages.ParseError})
		case scanner.ErrorList:
			for _, e := range err {
				p.Errors = append(p.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		default:
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	p.Syntax = files
	p.Types = types.NewPackage(p.PkgPath, p.Name)
	p.TypesInfo = newTypesInfo()
	conf := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			dep := p.Imports[path]
			if dep == nil {
				// As go/packages says of an import the go command did
				// not report, e.g. "C" when cgo did not run.
				return nil, fmt.Errorf("no metadata for %s", path)
			}
			if dep.Types != nil && dep.Types.Complete() {
				return dep.Types, nil
			}
			g.exportMu.Lock()
			err := g.exportErr[dep]
			g.exportMu.Unlock()
			if err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("no types for %s", path)
		}),
		Error:     typeErrorSink(p, true),
		Sizes:     g.sizes,
		GoVersion: moduleGoVersion(p),
	}
	err := types.NewChecker(conf, g.fset, p.Types, p.TypesInfo).Files(p.Syntax)
	if err != nil && len(p.Errors) == 0 {
		p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
}

// parseFiles parses names (each file once per load), reading the
// overlay's contents where it has them.
func (g *graphLoader) parseFiles(names []string) ([]*ast.File, []error) {
	var files []*ast.File
	var errs []error
	for _, name := range names {
		f, err := g.parseFile(name)
		if f != nil {
			files = append(files, f)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errs
}

func (g *graphLoader) parseFile(name string) (*ast.File, error) {
	g.parseMu.Lock()
	r, ok := g.parses[name]
	if ok {
		g.parseMu.Unlock()
		<-r.ready
		return r.f, r.err
	}
	r = &parseResult{ready: make(chan struct{})}
	g.parses[name] = r
	g.parseMu.Unlock()
	defer close(r.ready)
	src, ok := overlayFile(g.lc.overlay, name)
	if !ok {
		var err error
		if src, err = os.ReadFile(name); err != nil {
			r.err = err
			return nil, err
		}
	}
	// Without object resolution: nothing here uses ast.Object, it saves
	// parse time, and go/parser's resolver fails on code nested deeper
	// than its scope limit ("exceeded max scope depth") that the
	// compiler accepts.
	r.f, r.err = parser.ParseFile(g.fset, name, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
	if g.lc.parsed != nil {
		g.lc.parsed()
	}
	return r.f, r.err
}

// overlayFile returns the overlay's contents for the file name: by name,
// or for an overlay entry that names the same file otherwise (another
// spelling of its path), as the go command matches them.
func overlayFile(overlay map[string][]byte, name string) ([]byte, bool) {
	if len(overlay) == 0 {
		return nil, false
	}
	if src, ok := overlay[name]; ok {
		return src, true
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, false
	}
	for o, src := range overlay {
		if !strings.EqualFold(filepath.Base(o), filepath.Base(name)) {
			continue
		}
		if oi, err := os.Stat(o); err == nil && os.SameFile(fi, oi) {
			return src, true
		}
	}
	return nil, false
}

// prune makes the graph under roots the one the checker is given: each
// package that was checked from source or has errors keeps only the
// imports of that kind, so that the checker runs no analysis on the
// packages read from export data (nothing could be computed there: they
// do not touch ZeroMQ). The other packages keep their imports.
func (g *graphLoader) prune(roots []*packages.Package) {
	var order []*packages.Package
	packages.Visit(roots, nil, func(p *packages.Package) { order = append(order, p) })
	keep := func(p *packages.Package) bool { return g.source[p] || g.cached[p] || len(p.Errors) > 0 }
	for _, p := range order {
		if !keep(p) {
			continue
		}
		var imports map[string]*packages.Package
		for path, dep := range p.Imports {
			if keep(dep) {
				if imports == nil {
					imports = make(map[string]*packages.Package)
				}
				imports[path] = dep
			}
		}
		p.Imports = imports
	}
}
