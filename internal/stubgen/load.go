package stubgen

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/zmqlint/zmqlint/passes/zmqapi"

	"golang.org/x/tools/go/packages"
)

// RealAPIDir is the module, relative to the repository root, that pins
// the real bindings the stubs are generated from.
const RealAPIDir = "testdata/realapi"

// StubRoot is the GOPATH-style source tree, relative to the repository
// root, that holds the stubs (under a testdata dir, which the go tool
// ignores; internal/testutil gives it to every analysistest run).
const StubRoot = "internal/testutil/testdata/stubs/src"

// StubFile returns the path of importPath's stub relative to StubRoot:
// <import path>/<last element>.go.
func StubFile(importPath string) string {
	return filepath.Join(filepath.FromSlash(importPath), path.Base(importPath)+".go")
}

// Env is the environment the real bindings are loaded in: the default
// linux/amd64 build with cgo and without build tags. pebbe's draft
// package uses libzmq's draft API, which distribution packages do not
// enable; only its declarations matter to the type checker, so the
// draft declarations of zmq.h are switched on.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		switch strings.SplitN(kv, "=", 2)[0] {
		case "CGO_ENABLED", "GOOS", "GOARCH", "GOFLAGS", "CGO_CFLAGS":
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"CGO_ENABLED=1", "GOOS=linux", "GOARCH=amd64",
		"GOFLAGS=-mod=readonly",
		"CGO_CFLAGS=-O2 -g -DZMQ_BUILD_DRAFT_API=1",
	)
}

// Load type-checks the packages paths in the module at dir (normally
// RealAPIDir). Any load or type error is returned.
func Load(dir string, paths ...string) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports |
			packages.NeedDeps | packages.NeedModule,
		Dir: dir,
		Env: Env(),
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		return nil, err
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("loading %s: %s", strings.Join(paths, " "), strings.Join(errs, "; "))
	}
	if len(pkgs) != len(paths) {
		return nil, fmt.Errorf("loading %s: got %d packages", strings.Join(paths, " "), len(pkgs))
	}
	return pkgs, nil
}

// A Stub is the generated source of one package.
type Stub struct {
	Path string // import path
	Src  []byte
}

// GenerateAll returns the stubs of the loaded packages roots and of every
// package outside the standard library that their stubs import (such as
// github.com/go-zeromq/zmq4/transport), sorted by import path.
func GenerateAll(roots []*packages.Package) ([]Stub, error) {
	all := map[string]*packages.Package{}
	packages.Visit(roots, nil, func(p *packages.Package) { all[p.PkgPath] = p })
	var stubs []Stub
	done := map[string]bool{}
	queue := []*packages.Package{}
	for _, p := range roots {
		done[p.PkgPath] = true
		queue = append(queue, p)
	}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		src, err := GenerateFor(p)
		if err != nil {
			return nil, err
		}
		stubs = append(stubs, Stub{p.PkgPath, src})
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if IsStd(path) || done[path] {
				continue
			}
			dep, ok := all[path]
			if !ok {
				return nil, fmt.Errorf("stub of %s imports %s, which was not loaded", p.PkgPath, path)
			}
			done[path] = true
			queue = append(queue, dep)
		}
	}
	// Legacy import paths of the same API (goczmq's gopkg.in path) get the
	// same stub, so that it is checked against the real package too.
	for _, st := range stubs {
		for _, legacy := range zmqapi.LegacyOf[st.Path] {
			stubs = append(stubs, Stub{legacy, st.Src})
		}
	}
	sort.Slice(stubs, func(i, j int) bool { return stubs[i].Path < stubs[j].Path })
	return stubs, nil
}

// GenerateFor returns the stub of a loaded package, naming its module
// version in the header.
func GenerateFor(p *packages.Package) ([]byte, error) {
	from := p.PkgPath
	if p.Module != nil && p.Module.Version != "" {
		from += "@" + p.Module.Version
	}
	return Generate(p.Types, from)
}
