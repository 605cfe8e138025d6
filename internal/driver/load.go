package driver

import (
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/packages"
)

// loadConfig holds what a load depends on besides the patterns.
type loadConfig struct {
	tests bool
	tags  string   // -tags: comma-separated build tags, passed to the go command
	env   []string // the go command's environment; nil: this process's
	dir   string   // the go command's working directory; "": this process's
	// parsed, if not nil, is called after each file is parsed (from
	// go/packages' goroutines): the progress report counts them.
	parsed func()
	// overlay maps file names to contents in place of the files on disk:
	// the -fix self-check analyzes the fixed code before writing it.
	overlay map[string][]byte
	// ctx cancels the go command (nil: never); the editor server cancels
	// a load made stale by a newer edit.
	ctx context.Context
	// fromExport, if not nil, is the seam of a content-keyed cache: it is
	// called once per package of the ZeroMQ closure (the packages
	// type-checked from source, see loadClosure), sequentially in
	// dependency order (a package after its imports), before anything is
	// parsed, with the package's metadata only (ID, PkgPath, Module,
	// CompiledGoFiles, Imports; ExportFile is empty: go list -export is
	// not run on the closure). If it returns true and has set p.ExportFile
	// (e.g. to a cached file written with gcexportdata.Write), the package
	// is not parsed: its Types are read from that file once its imports
	// have their types, it has no Syntax or TypesInfo, and its dependents
	// type-check against those Types. It stays in the graph given to the
	// checker, so the cache must also supply its facts. When a binding
	// falls back to its stub, load loads again without the hook (the
	// fallback re-checks the binding's importers from their syntax).
	// root says whether p is one of the packages the patterns matched
	// (the checker runs every analyzer there, only those with facts on
	// the others). nil: every closure package is checked from source.
	fromExport func(p *packages.Package, root bool) bool
}

// load loads the packages matching patterns.
//
// If a cgo binding with a stub (pebbe/zmq4, its draft package, goczmq)
// cannot be built here because of cgo — cgo is disabled, or the C headers,
// pkg-config or the C compiler are missing — the binding is replaced by its
// built-in stub and every package that depends on it is type-checked
// again; note gets one line saying so, with the go command's reason. Any
// other failure (the module does not require the binding, go.sum lacks
// it, the version does not exist...) is left in the packages' Errors, to
// be reported as the go command reports it: analysing such a module
// against the stub would hide an error that breaks its build.
//
// When the headers are missing and a package that uses the binding has
// cgo files of its own, the go command leaves those files unprocessed or
// takes them from its build cache, depending on what the cache holds. To
// give one answer whatever the cache, load then loads everything again as
// with CGO_ENABLED=0, as if the user had disabled cgo.
//
// With cgo disabled, the cgo files of the named packages are not part of
// the build; note names them.
//
// Why not a go/packages overlay: the go command refuses overlays of files
// in the module cache, where the bindings live.
func load(patterns []string, lc loadConfig, note func(string)) ([]*packages.Package, error) {
	pkgs, g, err := loadClosure(patterns, lc)
	if err != nil {
		return nil, err
	}
	env := &goEnv{lc: lc}
	broken := brokenBindings(pkgs, env)
	reason := cgoReason(broken)
	reloaded := false
	if len(broken) > 0 && !allDisabled(broken) && dependentsUseCgo(pkgs, broken) {
		lc.env = append(append([]string(nil), environ(lc)...), "CGO_ENABLED=0")
		env = &goEnv{lc: lc}
		if pkgs, g, err = loadClosure(patterns, lc); err != nil {
			return nil, err
		}
		broken = brokenBindings(pkgs, env)
		reloaded = true
	}
	if len(g.cached) > 0 && (len(broken) > 0 || g.cachedFailed()) {
		// useStubs type-checks the bindings' importers again from their
		// syntax, which the packages read from export data
		// (lc.fromExport) do not have; and export data the cache gave
		// that cannot be read must be a miss, not an error: load them
		// from source.
		lc.fromExport = nil
		if pkgs, g, err = loadClosure(patterns, lc); err != nil {
			return nil, err
		}
		broken = brokenBindings(pkgs, env)
	}
	for _, line := range excludedCgoFiles(pkgs, env) {
		if reloaded {
			note(fmt.Sprintf("zmqlint: %s, so the packages were loaded as with CGO_ENABLED=0: %s", reason, line))
		} else {
			note("zmqlint: cgo is disabled (CGO_ENABLED=0): " + line)
		}
	}
	// The checker gets the closure only (prune), once the stubs are in.
	defer g.prune(pkgs)
	if len(broken) == 0 {
		return pkgs, nil
	}
	var paths []string
	for p := range broken {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if err := useStubs(pkgs, broken, g.importPath); err != nil {
		note(fmt.Sprintf("zmqlint: cannot use the built-in API stub of %s: %v", strings.Join(paths, ", "), err))
		return pkgs, nil
	}
	note(fmt.Sprintf("zmqlint: %s; type-checking %s against zmqlint's built-in API stub", reason, strings.Join(paths, ", ")))
	return pkgs, nil
}

// friendlyErr matches the error go/packages makes of a failed go command.
var friendlyErr = regexp.MustCompile(`(?s)^err: (.*?): stderr: (.*)$`)

// goCommandError turns go/packages' "err: exit status 1: stderr: go: ..."
// into the go command's own message, as the go command prints it (minus
// its "go: " prefix; the caller adds "zmqlint: ").
func goCommandError(err error) error {
	m := friendlyErr.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	msg := strings.TrimSpace(m[2])
	if msg == "" {
		return fmt.Errorf("the go command failed: %s", m[1])
	}
	return fmt.Errorf("%s", strings.TrimPrefix(msg, "go: "))
}

func environ(lc loadConfig) []string {
	if lc.env != nil {
		return lc.env
	}
	return os.Environ()
}

// goEnv answers, once, the go command's GOOS, GOARCH and CGO_ENABLED for
// a load configuration (they may come from GOENV, not the environment).
type goEnv struct {
	lc        loadConfig
	done      bool
	ctx       build.Context
	pkgConfig map[string]string // pkg-config arguments → its error, "" if none
}

// context returns a build.Context for the go command's target, with cgo
// enabled and the -tags of the load (also those set in GOFLAGS).
func (g *goEnv) context() *build.Context {
	if g.done {
		return &g.ctx
	}
	g.done = true
	g.ctx = build.Default
	cmd := exec.Command("go", "env", "-json", "GOOS", "GOARCH")
	cmd.Env = environ(g.lc)
	cmd.Dir = g.lc.dir
	if out, err := cmd.Output(); err == nil {
		var v struct{ GOOS, GOARCH string }
		if json.Unmarshal(out, &v) == nil && v.GOOS != "" && v.GOARCH != "" {
			g.ctx.GOOS, g.ctx.GOARCH = v.GOOS, v.GOARCH
		}
	}
	g.ctx.CgoEnabled = true
	g.ctx.BuildTags = nil
	tags := []string{g.lc.tags}
	for _, kv := range environ(g.lc) {
		if flags, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			for _, f := range strings.Fields(flags) {
				if t, ok := strings.CutPrefix(strings.TrimLeft(f, "-"), "tags="); ok {
					tags = append(tags, t)
				}
			}
		}
	}
	for _, t := range tags {
		for _, tag := range strings.Split(t, ",") {
			if tag = strings.TrimSpace(tag); tag != "" {
				g.ctx.BuildTags = append(g.ctx.BuildTags, tag)
			}
		}
	}
	return &g.ctx
}

// pkgConfigMissing runs pkg-config for the binding pkgPath, as the go
// command does when it builds it (not on Windows, where the bindings do
// not use it), and reports whether it fails, with its message.
func (g *goEnv) pkgConfigMissing(pkgPath string) (string, bool) {
	s, ok := stubFor(pkgPath)
	if !ok || len(s.PkgConfig) == 0 || g.context().GOOS == "windows" {
		return "", false
	}
	name := []string{"pkg-config"}
	for _, kv := range environ(g.lc) {
		if v, ok := strings.CutPrefix(kv, "PKG_CONFIG="); ok && strings.TrimSpace(v) != "" {
			name = strings.Fields(v)
		}
	}
	args := append(append(name[1:len(name):len(name)], "--cflags", "--"), s.PkgConfig...)
	key := strings.Join(append(name[:1:1], args...), "\x00")
	if msg, ok := g.pkgConfig[key]; ok {
		return msg, msg != ""
	}
	if g.pkgConfig == nil {
		g.pkgConfig = make(map[string]string)
	}
	g.pkgConfig[key] = ""
	cmd := exec.Command(name[0], args...)
	cmd.Env = environ(g.lc)
	cmd.Dir = g.lc.dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = fmt.Sprintf("%s: %v", name[0], err)
		}
		g.pkgConfig[key] = "# pkg-config\n" + msg
		return g.pkgConfig[key], true
	}
	return "", false
}

// cgoExcluded returns the files of p that the build left out only because
// cgo is disabled: ignored files that import "C" and would be built with
// cgo on.
func cgoExcluded(p *packages.Package, env *goEnv) []string {
	var out []string
	for _, name := range p.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || !importsC(name) {
			continue
		}
		if ok, err := env.context().MatchFile(filepath.Dir(name), filepath.Base(name)); err == nil && ok {
			out = append(out, name)
		}
	}
	return out
}

// importsC reports whether the Go file name imports "C".
func importsC(name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly|parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	return fileImportsC(f)
}

func fileImportsC(f *ast.File) bool {
	for _, spec := range f.Imports {
		if spec.Path.Value == `"C"` {
			return true
		}
	}
	return false
}

// excludedCgoFiles returns one line per named package (not dependency)
// whose cgo files were left out of the build because cgo is disabled,
// naming the files.
func excludedCgoFiles(pkgs []*packages.Package, env *goEnv) []string {
	seen := make(map[string]bool)
	var lines []string
	for _, p := range pkgs {
		if seen[p.PkgPath] || p.PkgPath == "" {
			continue
		}
		seen[p.PkgPath] = true
		files := cgoExcluded(p, env)
		if len(files) == 0 {
			continue
		}
		for i, f := range files {
			files[i] = filepath.Base(f)
		}
		lines = append(lines, fmt.Sprintf("the cgo files of %s are not analysed: %s", p.PkgPath, strings.Join(files, ", ")))
	}
	return lines
}

// A bindingFailure says why a cgo binding cannot be built here.
type bindingFailure struct {
	disabled bool   // cgo is disabled
	reason   string // for the note, e.g. "libzmq headers not found (...)"
}

// brokenBindings returns the cgo bindings with a stub that cannot be
// built here because of cgo, by package path, with the reason. See
// bindingCgoFailure for how a cgo failure is told from others.
func brokenBindings(pkgs []*packages.Package, env *goEnv) map[string]bindingFailure {
	broken := make(map[string]bindingFailure)
	runtimeCgo := "" // cgo's own failure, e.g. no C compiler
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.PkgPath == "runtime/cgo" {
			for _, e := range p.Errors {
				if e.Kind == packages.ListError && runtimeCgo == "" {
					runtimeCgo = e.Msg
				}
			}
		}
		if _, ok := stubFor(p.PkgPath); !ok {
			return
		}
		if f, ok := bindingCgoFailure(p, env, &runtimeCgo); ok {
			broken[p.PkgPath] = f
		}
	})
	return broken
}

// bindingCgoFailure reports whether the binding package p failed to load
// because of cgo, and why. The real bindings are correct Go, so once the
// go command has found the package's files, an error from its cgo step
// means this machine cannot build it. Errors before that — the package
// was not found: no requirement, no go.sum entry, an unknown version —
// are not cgo failures, and neither is a type error that does not come
// from the missing C package.
func bindingCgoFailure(p *packages.Package, env *goEnv, runtimeCgo *string) (bindingFailure, bool) {
	if len(p.GoFiles) == 0 && len(p.CompiledGoFiles) == 0 && len(p.IgnoredFiles) == 0 {
		return bindingFailure{}, false // the go command did not find it
	}
	if len(cgoExcluded(p, env)) > 0 {
		// Its cgo files are not in the build: with cgo disabled, the
		// rest may even type-check (goczmq's do) but is not the API.
		return bindingFailure{disabled: true, reason: "cgo is disabled (CGO_ENABLED=0)"}, true
	}
	if len(p.Errors) == 0 {
		// The go command may have taken the cgo output from its build
		// cache, made when the headers were there. Ask pkg-config as
		// the build would, so that the answer does not depend on the
		// cache.
		if !usesCgo(p) {
			return bindingFailure{}, false // e.g. the pure-Go stubs of the tests, in GOPATH mode
		}
		if msg, missing := env.pkgConfigMissing(p.PkgPath); missing {
			return bindingFailure{reason: headersReason(p.PkgPath, msg)}, true
		}
		return bindingFailure{}, false
	}
	var cgoMsg string
	sawC := false
	for _, e := range p.Errors {
		switch e.Kind {
		case packages.ListError:
			if !isCgoBuildError(p.PkgPath, e.Msg) {
				return bindingFailure{}, false
			}
			if cgoMsg == "" {
				cgoMsg = e.Msg
			}
		case packages.TypeError:
			// "could not import C (no metadata for C)": cgo did not
			// run (its error may be on runtime/cgo, as with no C
			// compiler). Other type errors are consequences of it.
			sawC = sawC || strings.HasPrefix(e.Msg, "could not import C ")
		default:
			return bindingFailure{}, false
		}
	}
	if cgoMsg == "" && !sawC {
		return bindingFailure{}, false
	}
	if cgoMsg == "" {
		cgoMsg = *runtimeCgo
	}
	return bindingFailure{reason: headersReason(p.PkgPath, cgoMsg)}, true
}

// isCgoBuildError reports whether msg, a go list error of the package
// pkgPath whose files were found, comes from running cgo on it: the go
// command's "# pkgPath" build output, or pkg-config's, cgo's or the C
// compiler's errors.
func isCgoBuildError(pkgPath, msg string) bool {
	if strings.HasPrefix(msg, "# "+pkgPath+"\n") {
		return true
	}
	for _, s := range []string{"pkg-config", "cgo", "C compiler", "fatal error:", ".h: No such file"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	// A failing $PKG_CONFIG prints "<its name>: exit status N".
	return exitStatusOnly.MatchString(strings.TrimSpace(msg))
}

// exitStatusOnly matches the whole error of a failing command without
// output, as from PKG_CONFIG=false.
var exitStatusOnly = regexp.MustCompile(`^\S+: exit status \d+$`)

// headersReason turns the go command's cgo error into the note's reason.
func headersReason(pkgPath, msg string) string {
	what := "libzmq headers not found"
	if strings.HasPrefix(pkgPath, "github.com/go-zeromq/goczmq") || strings.Contains(pkgPath, "goczmq") {
		what = "libzmq or CZMQ headers not found"
	}
	if msg == "" {
		return "cgo cannot build " + pkgPath + " here"
	}
	gist := ""
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "# ") || l == "compilation terminated." {
			continue
		}
		gist = l
		if strings.Contains(l, "was not found") || strings.Contains(l, "No such file") || strings.Contains(l, "not found") {
			break
		}
	}
	switch {
	case strings.Contains(msg, "C compiler"):
		return "no C compiler for cgo (" + gist + ")"
	case strings.Contains(msg, "pkg-config") || strings.Contains(msg, "No such file") ||
		exitStatusOnly.MatchString(strings.TrimSpace(msg)):
		return what + " (" + gist + ")"
	}
	return "cgo cannot build " + pkgPath + " here (" + gist + ")"
}

// cgoReason is the reason of the note for the broken bindings: the first
// by path.
func cgoReason(broken map[string]bindingFailure) string {
	var paths []string
	for p := range broken {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		return ""
	}
	return broken[paths[0]].reason
}

func allDisabled(broken map[string]bindingFailure) bool {
	for _, f := range broken {
		if !f.disabled {
			return false
		}
	}
	return true
}

// dependentsUseCgo reports whether a package that imports a broken
// binding, directly or not, has cgo files of its own.
func dependentsUseCgo(pkgs []*packages.Package, broken map[string]bindingFailure) bool {
	depends := make(map[*packages.Package]bool)
	found := false
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		_, b := broken[p.PkgPath]
		d := b
		for _, dep := range p.Imports {
			d = d || depends[dep]
		}
		depends[p] = d
		if d && !b && !found {
			found = usesCgo(p)
		}
	})
	return found
}

// usesCgo reports whether p has cgo files in its build: unprocessed in its
// syntax (import "C") or processed by cgo (compiled files that are not
// its Go files: cgo's output, in the build cache).
func usesCgo(p *packages.Package) bool {
	goFiles := make(map[string]bool)
	for _, f := range p.GoFiles {
		goFiles[f] = true
	}
	for _, f := range p.CompiledGoFiles {
		if !goFiles[f] {
			return true
		}
	}
	for _, f := range p.Syntax {
		if fileImportsC(f) {
			return true
		}
	}
	if p.Syntax == nil {
		// Read from export data: its files were not parsed.
		for _, f := range p.CompiledGoFiles {
			if importsC(f) {
				return true
			}
		}
	}
	return false
}

// useStubs replaces the syntax and types of every broken binding package
// by its stub's, then type-checks again, in dependency order, every
// package that imports a replaced one directly or indirectly. Packages
// that do not depend on a binding keep their types, so type identity
// holds across the graph.
//
// importPath imports, by path, the packages that the stubs import and
// that were not loaded yet (no closure package imports them).
func useStubs(roots []*packages.Package, broken map[string]bindingFailure, importPath func(string) (*types.Package, error)) error {
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
	fallback := importerFunc(importPath)

	redone := make(map[*packages.Package]bool)
	for _, p := range order {
		if _, ok := broken[p.PkgPath]; ok {
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
	p.TypesInfo = newTypesInfo()
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
		Sizes:     sizes,
		Error:     typeErrorSink(p, false),
		GoVersion: moduleGoVersion(p),
	}
	p.Types = types.NewPackage(p.PkgPath, p.Name)
	checker := types.NewChecker(&conf, fset, p.Types, p.TypesInfo)
	_ = checker.Files(p.Syntax) // errors are collected by conf.Error
	p.IllTyped = len(p.Errors) > 0
	for _, dep := range p.Imports {
		p.IllTyped = p.IllTyped || dep.IllTyped
	}
}

// typeErrorSink returns the types.Config.Error of a type-check of p, as
// go/packages records errors: each types.Error in p.TypeErrors and
// p.Errors; other errors too (as unknown errors) if others is set.
func typeErrorSink(p *packages.Package, others bool) func(error) {
	return func(err error) {
		if te, ok := err.(types.Error); ok {
			p.TypeErrors = append(p.TypeErrors, te)
			p.Errors = append(p.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			return
		}
		if others {
			p.Errors = append(p.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
}

// moduleGoVersion is the language version p is checked at: its module's go
// directive, or "" (the type checker's default) outside a module.
func moduleGoVersion(p *packages.Package) string {
	if p.Module != nil && p.Module.GoVersion != "" {
		return "go" + p.Module.GoVersion
	}
	return ""
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// utf8Name helps to name a file whose name is not valid UTF-8: go list's
// JSON replaces each invalid byte by U+FFFD, so go/packages then fails
// to open the file it names ("no such file or directory"). It returns
// the real name of such a file in dir, if there is exactly one.
func utf8Name(reported string) (string, bool) {
	if !strings.ContainsRune(reported, '\uFFFD') {
		return "", false
	}
	dir, base := filepath.Split(reported)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", false
	}
	var match []string
	for _, e := range entries {
		if replaceInvalid(e.Name()) == base && e.Name() != base {
			match = append(match, e.Name())
		}
	}
	if len(match) != 1 {
		return "", false
	}
	return filepath.Join(dir, match[0]), true
}

// replaceInvalid replaces each byte of s that is not part of valid UTF-8
// by U+FFFD, as encoding/json does.
func replaceInvalid(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r) // an invalid byte decodes as utf8.RuneError, U+FFFD
	}
	return b.String()
}

// newTypesInfo returns a types.Info with every map the checks and the
// x/tools checker read, as go/packages fills it.
func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
}
