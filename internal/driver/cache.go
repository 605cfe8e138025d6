package driver

// The analysis cache: the facts and diagnostics of each analysed package,
// on disk, keyed by the content of everything they depend on, so that a
// second run replays the packages nothing changed in instead of analysing
// them again; with its export data, so that a hit package is not even
// parsed (the loader's fromExport hook). docs/design.md ("The analysis
// cache") has the design; docs/cli.md ("Cache") the user's side.
//
// A package is a hit when the entry under its key holds a record for every
// analyzer the checker runs on it. The wrapper of each analyzer (guardCached)
// then does not run the analyzer there: it exports the recorded facts
// again (decoded against the package's types), reports the recorded
// diagnostics again and returns the recorded result (the suppressed
// findings of a check; a typed nil for a helper pass, whose result nobody
// reads, since every analyzer of a hit package is replayed). On a miss the
// wrapper runs the analyzer and records what it exported and reported; the
// entry is written once the checker is done, if every analyzer succeeded.
//
// Entries are never trusted for correctness beyond their key: an entry
// that cannot be read or decoded is a miss, never an error.

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// cacheFormat is part of every key: a change of the entry encoding or of
// what a key covers bumps it.
const cacheFormat = "zmqlint-cache-4"

// cacheEnv is the environment variable that sets the cache directory, or
// turns the cache off ("off").
const cacheEnv = "ZMQLINT_CACHE"

// cacheDir returns the cache directory: flagValue (-cache) if set, else
// $ZMQLINT_CACHE, else os.UserCacheDir()/zmqlint; "" when the cache is off
// ("off" in either place) or no directory can be found.
func cacheDir(flagValue string) string {
	v := flagValue
	if v == "" || v == "on" {
		v = os.Getenv(cacheEnv)
	}
	switch v {
	case "off":
		return ""
	case "", "on":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "zmqlint")
	}
	if abs, err := filepath.Abs(v); err == nil {
		return abs
	}
	return v
}

// buildID identifies this zmqlint executable by its content: a rebuilt
// binary (a dev build, another version) never reads entries of another.
// It is computed once per process: the file does not change under a
// running process (it is the running program).
var buildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
})

// cacheRun is the cache of one analysis run: the key and state of each
// package of the graph. Its life: newCache before the load; fromExport,
// the load's hook (loadConfig.fromExport), decides for each package of
// the ZeroMQ closure, from its metadata, whether it is a hit (then it is
// read from the export data the cache holds, not parsed); bind, after the
// load, attaches the states to the packages' types for the analyzers'
// wrappers (guardCached); write, after the checker, stores the misses.
type cacheRun struct {
	dir     string
	overlay map[string][]byte
	base    []byte          // the part of every key that is not the package's
	rootSet map[string]bool // the analyzers the checker runs on a named package
	depSet  map[string]bool // ... on a dependency
	fh      fileHasher

	states  map[*packages.Package]*pkgCache // set by fromExport (one goroutine)
	byTypes map[*types.Package]*pkgCache    // set by bind, then read-only
	fset    *token.FileSet

	mu    sync.Mutex             // guards files
	files map[string]*token.File // the FileSet's files by name, for replayed positions
}

// pkgCache is the cache state of one package.
type pkgCache struct {
	pkg       *packages.Package
	key       string          // hex; "" when the package is never cached
	expect    map[string]bool // the analyzers the checker runs on it, by name
	hit       *cacheEntry     // the entry to replay; nil on a miss
	mu        sync.Mutex
	records   map[string]*analyzerEntry // misses: what each analyzer did
	unwritten bool                      // a record cannot be written (see entryWriter.pos)
	funcs     map[token.Pos]string      // hits: the replayed findings' enclosing functions
}

// cacheEntry is what the cache stores for one package (besides its export
// data, in a file of its own).
type cacheEntry struct {
	Files     []string // the file names positions refer to
	Analyzers []*analyzerEntry
	Export    [sha256.Size]byte // the SHA-256 of the export data file
}

// analyzerEntry is what one analyzer did on the package.
type analyzerEntry struct {
	Name         string
	ObjectFacts  []objectFactEntry
	PackageFacts []factEntry
	Diagnostics  []diagEntry
	Result       bool // the check's *registry.Result was not nil
	Suppressed   []suppressedEntry

	files []string // while recording: the names of the positions' files
}

type factEntry struct {
	Type string // factTypeName
	Data []byte // gob
}

type objectFactEntry struct {
	Path objectpath.Path
	Type string
	Data []byte
}

// posEntry is a token.Pos as a file (an index in cacheEntry.Files, -1 for
// no position) and a byte offset.
type posEntry struct {
	File, Offset int
}

type diagEntry struct {
	Func              string // the enclosing function, for the baseline (enclosingFunc)
	Pos, End          posEntry
	Category, Message string
	URL               string
	Fixes             []fixEntry
	Related           []relatedEntry
}

type fixEntry struct {
	Message string
	Edits   []editEntry
}

type editEntry struct {
	Pos, End posEntry
	NewText  []byte
}

type relatedEntry struct {
	Pos, End posEntry
	Message  string
}

type suppressedEntry struct {
	Diag   diagEntry
	Reason string
}

// factTypeName names a fact type in an entry: the package path and name of
// the type *T points to.
func factTypeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() + "." + t.Name()
}

// analyzerGraph returns roots and every analyzer they require, each once,
// in a deterministic order (depth first, requirements first).
func analyzerGraph(roots []*analysis.Analyzer) []*analysis.Analyzer {
	seen := make(map[*analysis.Analyzer]bool)
	var out []*analysis.Analyzer
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		out = append(out, a)
	}
	for _, a := range roots {
		visit(a)
	}
	return out
}

// expectedAnalyzers is expectedActions by name: the analyzers the
// checker creates an action for on a named package and on a dependency,
// as the keys of a cache entry name them.
func expectedAnalyzers(graph []*analysis.Analyzer) (root, dep map[string]bool) {
	byName := func(set map[*analysis.Analyzer]bool) map[string]bool {
		out := make(map[string]bool, len(set))
		for a := range set {
			out[a.Name] = true
		}
		return out
	}
	r, d := expectedActions(graph)
	return byName(r), byName(d)
}

// newCache returns the cache of a run of the analyzers graph (every
// analyzer, the required ones too) on the load lc, stored in dir; nil when
// there is no build identity to key it with.
func newCache(dir string, graph []*analysis.Analyzer, lc loadConfig) *cacheRun {
	id := buildID()
	if id == "" || dir == "" {
		return nil // no identity, no cache: an entry could be another build's
	}
	base := sha256.New()
	fmt.Fprintf(base, "%s\nbuild %s\ntests %v\ntags %q\n", cacheFormat, id, lc.tests, lc.tags)
	// The go command's settings that change what is compiled and how.
	var env []string
	for _, kv := range environ(lc) {
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_") || strings.HasPrefix(kv, "ZMQLINT_LOAD=") {
			env = append(env, kv)
		}
	}
	sort.Strings(env)
	for _, kv := range env {
		fmt.Fprintf(base, "env %q\n", kv)
	}
	// The analyzers and their flags (the per-category flags change what a
	// check reports).
	for _, a := range graph {
		fmt.Fprintf(base, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(base, "flag %s.%s=%q\n", a.Name, f.Name, f.Value.String())
		})
	}
	cr := &cacheRun{
		dir:     dir,
		overlay: lc.overlay,
		base:    base.Sum(nil),
		fh:      fileHasher{overlay: lc.overlay, sums: make(map[string]string)},
		states:  make(map[*packages.Package]*pkgCache),
		byTypes: make(map[*types.Package]*pkgCache),
	}
	cr.rootSet, cr.depSet = expectedAnalyzers(graph)
	return cr
}

// fromExport is the load's hook (loadConfig.fromExport): it computes the
// key of p, a package of the ZeroMQ closure, from its metadata, and
// reports whether p is a hit, setting p.ExportFile to the export data the
// cache holds for it. It is called in dependency order.
func (cr *cacheRun) fromExport(p *packages.Package, root bool) bool {
	expect := cr.depSet
	if root {
		expect = cr.rootSet
	}
	pc := &pkgCache{pkg: p, expect: expect}
	cr.states[p] = pc
	pc.key = packageKey(p, cr.base, expect, cr.keyOf, &cr.fh)
	if pc.key == "" || len(p.CompiledGoFiles) == 0 {
		pc.key = ""
		return false
	}
	hit := cr.read(pc.key, expect)
	if hit == nil {
		return false
	}
	// The export data must be the one the entry was written with: a
	// truncated or corrupt file would be a load error, not a miss.
	export := cr.entryPath(pc.key, "x")
	data, err := os.ReadFile(export)
	if err != nil || sha256.Sum256(data) != hit.Export {
		return false
	}
	pc.hit = hit
	p.ExportFile = export
	return true
}

// keyOf is the key of a package fromExport saw, "" for another.
func (cr *cacheRun) keyOf(p *packages.Package) string {
	if pc := cr.states[p]; pc != nil {
		return pc.key
	}
	return ""
}

// bind attaches the states to the loaded packages under roots, for the
// analyzers' wrappers. A package fromExport did not see (the load did
// not ask: it has errors), or that the load redid, has none. When a
// built-in stub stands in for a binding, nothing is cached (the stub's
// findings are not the binding's, and the load retypes its importers from
// source).
func (cr *cacheRun) bind(roots []*packages.Package) {
	stubbed := false
	packages.Visit(roots, nil, func(p *packages.Package) {
		if cr.fset == nil && p.Fset != nil {
			cr.fset = p.Fset
		}
		for _, f := range p.Syntax {
			if strings.HasPrefix(p.Fset.File(f.FileStart).Name(), "zmqlint-stub/") {
				stubbed = true
			}
		}
	})
	if stubbed || cr.fset == nil {
		return
	}
	packages.Visit(roots, nil, func(p *packages.Package) {
		pc := cr.states[p]
		if pc == nil || p.Types == nil {
			return
		}
		if pc.hit == nil && !cacheable(p) {
			pc.key = ""
		}
		if pc.hit != nil && p.Syntax != nil {
			pc.hit = nil // read from source after all
		}
		cr.byTypes[p.Types] = pc
	})
	// The parsed files, by name. Not the FileSet's others: the export
	// data reader adds files of the same names with partial line tables.
	cr.files = make(map[string]*token.File)
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, f := range p.Syntax {
			if tf := p.Fset.File(f.FileStart); tf != nil {
				cr.files[tf.Name()] = tf
			}
		}
	})
}

// cacheable reports whether p's analysis may be cached: it loaded without
// errors, from source files.
func cacheable(p *packages.Package) bool {
	return len(p.Errors) == 0 && !p.IllTyped && len(p.CompiledGoFiles) > 0 && p.Types != nil && p.Syntax != nil
}

// packageKey is the key of p: base (the build, the environment, the
// analyzers and flags), the analyzers expected on p, its identity and
// module, the content of its files, and for each import the import's key
// (keyOf) or, for a package outside the closure, its export data file.
// It is "" when p or an import has no stable key (a load error).
func packageKey(p *packages.Package, base []byte, expect map[string]bool, keyOf func(*packages.Package) string, fh *fileHasher) string {
	if len(p.Errors) > 0 || p.IllTyped {
		return ""
	}
	h := sha256.New()
	h.Write(base)
	names := make([]string, 0, len(expect))
	for n := range expect {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintf(h, "expect %q\nid %q\npath %q\nname %q\n", names, p.ID, p.PkgPath, p.Name)
	if m := p.Module; m != nil {
		fmt.Fprintf(h, "module %q %q %q %v\n", m.Path, m.Version, m.GoVersion, m.Main)
		if m.Replace != nil {
			fmt.Fprintf(h, "replace %q %q %q\n", m.Replace.Path, m.Replace.Version, m.Replace.Dir)
		}
	}
	immutable := p.Module != nil && p.Module.Version != "" && p.Module.Replace == nil // the module cache is read-only
	for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles} {
		fmt.Fprintf(h, "files %d\n", len(list))
		for _, name := range list {
			sum, ok := fh.sum(name, immutable, p.Module == nil)
			if !ok {
				return ""
			}
			fmt.Fprintf(h, "file %q %s\n", name, sum)
		}
	}
	for _, path := range sortedImports(p) {
		dep := p.Imports[path]
		k := keyOf(dep)
		if k == "" {
			if dep.ExportFile == "" {
				if dep.PkgPath == "unsafe" {
					k = "unsafe"
				} else {
					return ""
				}
			} else {
				// A package outside the closure: its export data file in
				// the go command's cache is named by its content.
				k = "export:" + dep.ExportFile
			}
		}
		fmt.Fprintf(h, "import %q %s\n", path, k)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// fileHasher hashes files once per run.
type fileHasher struct {
	overlay map[string][]byte
	sums    map[string]string
}

// sum returns what stands for name's content in a key: its SHA-256; for a
// file of the module cache (immutable), its name alone; for a file of no
// module (the standard library, GOPATH), its size and modification time,
// which is what the go command itself trusts for GOROOT (reading every
// file of the standard library on each run would cost more than it saves).
func (fh *fileHasher) sum(name string, immutable, stat bool) (string, bool) {
	if s, ok := fh.sums[name]; ok {
		return s, true
	}
	var s string
	if data, ok := overlayFile(fh.overlay, name); ok { // as the load reads it
		sum := sha256.Sum256(data)
		s = hex.EncodeToString(sum[:])
	} else if immutable {
		s = "modcache"
	} else if stat {
		fi, err := os.Stat(name)
		if err != nil {
			return "", false
		}
		s = fmt.Sprintf("stat %d %d", fi.Size(), fi.ModTime().UnixNano())
	} else {
		data, err := os.ReadFile(name)
		if err != nil {
			return "", false
		}
		sum := sha256.Sum256(data)
		s = hex.EncodeToString(sum[:])
	}
	fh.sums[name] = s
	return s, true
}

// entryPath is where the entry of key lives: like the go command's cache,
// in one of 256 subdirectories.
func (cr *cacheRun) entryPath(key, kind string) string {
	return filepath.Join(cr.dir, key[:2], key+"-"+kind)
}

// read returns the entry of key if it holds a record of every analyzer of
// expect; nil otherwise (no entry, unreadable, corrupt, incomplete).
func (cr *cacheRun) read(key string, expect map[string]bool) *cacheEntry {
	name := cr.entryPath(key, "e")
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	e, err := decodeEntry(data)
	if err != nil {
		return nil
	}
	have := make(map[string]bool)
	for _, a := range e.Analyzers {
		have[a.Name] = true
	}
	for n := range expect {
		if !have[n] {
			return nil
		}
	}
	// Mark the entry used, for trimming; like the go command, at most once
	// an hour per entry.
	if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > time.Hour {
		now := time.Now()
		_ = os.Chtimes(name, now, now)
		_ = os.Chtimes(cr.entryPath(key, "x"), now, now)
	}
	return e
}

func decodeEntry(data []byte) (e *cacheEntry, err error) {
	defer func() {
		if r := recover(); r != nil { // gob on hostile bytes
			e, err = nil, fmt.Errorf("corrupt entry: %v", r)
		}
	}()
	e = new(cacheEntry)
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(e); err != nil {
		return nil, err
	}
	return e, nil
}

func encodeEntry(e *cacheEntry) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// lookup returns the cache state of pkg, nil when it has none.
func (cr *cacheRun) lookup(pkg *types.Package) *pkgCache {
	if cr == nil {
		return nil
	}
	return cr.byTypes[pkg]
}

// hits counts the packages replayed from the cache.
func (cr *cacheRun) hits() int {
	if cr == nil {
		return 0
	}
	n := 0
	for _, pc := range cr.byTypes {
		if pc.hit != nil {
			n++
		}
	}
	return n
}

// --- recording ---

// record is the wrapper's side of a miss: it runs run on pass, recording
// the diagnostics, facts and result of analyzer a.
func (pc *pkgCache) record(a *analysis.Analyzer, pass *analysis.Pass, run func(*analysis.Pass) (any, error)) (any, error) {
	var diags []analysis.Diagnostic
	var mu sync.Mutex
	report := pass.Report
	pass.Report = func(d analysis.Diagnostic) {
		report(d) // first: it panics on an invalid fix, which is then not recorded
		mu.Lock()
		diags = append(diags, d)
		mu.Unlock()
	}
	res, err := run(pass)
	if err != nil {
		return res, err
	}
	ae := &analyzerEntry{Name: a.Name}
	w := &entryWriter{fset: pass.Fset, files: make(map[string]int)}
	ok := w.facts(pass, ae)
	for _, d := range diags {
		de, good := w.diag(d)
		ok = ok && good
		de.Func = enclosingFunc(pass.Files, d.Pos)
		ae.Diagnostics = append(ae.Diagnostics, de)
	}
	if r, isResult := res.(*registry.Result); isResult && r != nil {
		ae.Result = true
		for _, s := range r.Suppressed {
			de, good := w.diag(s.Diagnostic)
			ok = ok && good
			ae.Suppressed = append(ae.Suppressed, suppressedEntry{de, s.Reason})
		}
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.records == nil {
		pc.records = make(map[string]*analyzerEntry)
	}
	if !ok {
		pc.unwritten = true
	}
	ae.files = w.names
	pc.records[a.Name] = ae
	return res, err
}

// entryWriter encodes positions as file names and offsets.
type entryWriter struct {
	fset  *token.FileSet
	files map[string]int
	names []string
}

func (w *entryWriter) pos(p token.Pos) (posEntry, bool) {
	if !p.IsValid() {
		return posEntry{File: -1}, true
	}
	f := w.fset.File(p)
	if f == nil {
		return posEntry{File: -1}, false
	}
	// A //line directive makes the reported position differ from the
	// file's own; a replay could not rebuild it without parsing.
	if adj, raw := w.fset.Position(p), w.fset.PositionFor(p, false); adj.Filename != raw.Filename || adj.Line != raw.Line || adj.Column != raw.Column {
		return posEntry{File: -1}, false
	}
	i, ok := w.files[f.Name()]
	if !ok {
		i = len(w.names)
		w.files[f.Name()] = i
		w.names = append(w.names, f.Name())
	}
	return posEntry{File: i, Offset: f.Offset(p)}, true
}

func (w *entryWriter) diag(d analysis.Diagnostic) (diagEntry, bool) {
	ok := true
	pos := func(p token.Pos) posEntry {
		e, good := w.pos(p)
		ok = ok && good
		return e
	}
	de := diagEntry{Pos: pos(d.Pos), End: pos(d.End), Category: d.Category, Message: d.Message, URL: d.URL}
	for _, sf := range d.SuggestedFixes {
		fe := fixEntry{Message: sf.Message}
		for _, te := range sf.TextEdits {
			fe.Edits = append(fe.Edits, editEntry{Pos: pos(te.Pos), End: pos(te.End), NewText: te.NewText})
		}
		de.Fixes = append(de.Fixes, fe)
	}
	for _, r := range d.Related {
		de.Related = append(de.Related, relatedEntry{Pos: pos(r.Pos), End: pos(r.End), Message: r.Message})
	}
	return de, ok
}

// facts records the facts a exported on pass.Pkg: its objects' facts that
// an importer can name (objectpath), and its package facts.
func (w *entryWriter) facts(pass *analysis.Pass, ae *analyzerEntry) bool {
	var enc objectpath.Encoder
	for _, f := range pass.AllObjectFacts() {
		if f.Object.Pkg() != pass.Pkg {
			continue // inherited from a dependency
		}
		path, err := enc.For(f.Object)
		if err != nil {
			// A local object (no path from the package scope):
			// importers cannot see it, and the checker does not pass
			// such facts on either.
			continue
		}
		data, err := encodeFact(f.Fact)
		if err != nil {
			return false
		}
		ae.ObjectFacts = append(ae.ObjectFacts, objectFactEntry{path, factTypeName(reflect.TypeOf(f.Fact)), data})
	}
	sort.Slice(ae.ObjectFacts, func(i, j int) bool {
		a, b := ae.ObjectFacts[i], ae.ObjectFacts[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Type < b.Type
	})
	for _, f := range pass.AllPackageFacts() {
		if f.Package != pass.Pkg {
			continue
		}
		data, err := encodeFact(f.Fact)
		if err != nil {
			return false
		}
		ae.PackageFacts = append(ae.PackageFacts, factEntry{factTypeName(reflect.TypeOf(f.Fact)), data})
	}
	sort.Slice(ae.PackageFacts, func(i, j int) bool { return ae.PackageFacts[i].Type < ae.PackageFacts[j].Type })
	return true
}

func encodeFact(f analysis.Fact) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// decodeFact decodes data as a fact of the type named typ among a's fact
// types.
func decodeFact(a *analysis.Analyzer, typ string, data []byte) (analysis.Fact, error) {
	for _, ft := range a.FactTypes {
		t := reflect.TypeOf(ft)
		if factTypeName(t) != typ {
			continue
		}
		f := reflect.New(t.Elem()).Interface().(analysis.Fact)
		if err := gob.NewDecoder(bytes.NewReader(data)).Decode(f); err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("%s has no fact type %s", a.Name, typ)
}

// entry assembles the records of a miss into its entry; nil when it must
// not be written (a record is missing or could not be encoded).
func (pc *pkgCache) entry() *cacheEntry {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if pc.key == "" || pc.unwritten || len(pc.records) == 0 {
		return nil
	}
	for n := range pc.expect {
		if pc.records[n] == nil {
			return nil
		}
	}
	e := &cacheEntry{}
	index := make(map[string]int)
	names := make([]string, 0, len(pc.records))
	for n := range pc.records {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ae := *pc.records[n]
		// Renumber the record's files into the entry's list.
		remap := make([]int, len(ae.files))
		for i, f := range ae.files {
			j, ok := index[f]
			if !ok {
				j = len(e.Files)
				index[f] = j
				e.Files = append(e.Files, f)
			}
			remap[i] = j
		}
		ae.Diagnostics = remapDiags(ae.Diagnostics, remap)
		sup := make([]suppressedEntry, len(ae.Suppressed))
		for i, s := range ae.Suppressed {
			sup[i] = suppressedEntry{remapDiags([]diagEntry{s.Diag}, remap)[0], s.Reason}
		}
		ae.Suppressed = sup
		ae.files = nil
		e.Analyzers = append(e.Analyzers, &ae)
	}
	return e
}

func remapDiags(ds []diagEntry, remap []int) []diagEntry {
	re := func(p posEntry) posEntry {
		if p.File >= 0 {
			p.File = remap[p.File]
		}
		return p
	}
	out := make([]diagEntry, len(ds))
	for i, d := range ds {
		d.Pos, d.End = re(d.Pos), re(d.End)
		fixes := make([]fixEntry, len(d.Fixes))
		for j, f := range d.Fixes {
			edits := make([]editEntry, len(f.Edits))
			for k, e := range f.Edits {
				e.Pos, e.End = re(e.Pos), re(e.End)
				edits[k] = e
			}
			fixes[j] = fixEntry{f.Message, edits}
		}
		if d.Fixes == nil {
			fixes = nil
		}
		d.Fixes = fixes
		rel := make([]relatedEntry, len(d.Related))
		for j, r := range d.Related {
			r.Pos, r.End = re(r.Pos), re(r.End)
			rel[j] = r
		}
		if d.Related == nil {
			rel = nil
		}
		d.Related = rel
		out[i] = d
	}
	return out
}

// write writes the entries of the misses whose analysis succeeded, then
// trims the cache now and then. Errors are ignored: the cache is an
// optimisation.
func (cr *cacheRun) write() {
	if cr == nil {
		return
	}
	for _, pc := range cr.byTypes {
		if pc.hit != nil {
			continue
		}
		e := pc.entry()
		if e == nil {
			continue
		}
		var export bytes.Buffer
		if err := gcexportdata.Write(&export, pc.pkg.Fset, pc.pkg.Types); err != nil {
			continue
		}
		e.Export = sha256.Sum256(export.Bytes())
		data, err := encodeEntry(e)
		if err != nil {
			continue
		}
		// The export data first: an entry is a hit only with it.
		if writeAtomic(cr.entryPath(pc.key, "x"), export.Bytes()) == nil {
			_ = writeAtomic(cr.entryPath(pc.key, "e"), data)
		}
	}
	trimCache(cr.dir, time.Now())
}

// writeAtomic writes data to name (writeFileAtomic: a temporary file and
// a rename, so that a reader never sees half an entry), creating its
// directory.
func writeAtomic(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		return err
	}
	return writeFileAtomic(name, data)
}

// Trimming, like the go command's: at most once a day, remove the entries
// not used (read or written) for trimUnused.
const (
	trimInterval = 24 * time.Hour
	trimUnused   = 5 * 24 * time.Hour
)

func trimCache(dir string, now time.Time) {
	stamp := filepath.Join(dir, "trim.txt")
	if fi, err := os.Stat(stamp); err == nil && now.Sub(fi.ModTime()) < trimInterval {
		return
	}
	_ = writeAtomic(stamp, []byte(now.UTC().Format(time.RFC3339)+"\n"))
	entries, _ := os.ReadDir(dir)
	for _, sub := range entries {
		if !sub.IsDir() || len(sub.Name()) != 2 {
			continue
		}
		subdir := filepath.Join(dir, sub.Name())
		files, _ := os.ReadDir(subdir)
		for _, f := range files {
			info, err := f.Info()
			if err != nil {
				continue
			}
			old := now.Sub(info.ModTime()) > trimUnused
			stale := strings.Contains(f.Name(), ".tmp") && now.Sub(info.ModTime()) > time.Hour // a crashed writer's
			if old || stale {
				os.Remove(filepath.Join(subdir, f.Name()))
			}
		}
	}
}

// --- replay ---

// replay is the wrapper's side of a hit: it exports the recorded facts of
// analyzer a, reports its diagnostics again and returns its result.
func (cr *cacheRun) replay(pc *pkgCache, a *analysis.Analyzer, pass *analysis.Pass) (any, error) {
	var ae *analyzerEntry
	for _, x := range pc.hit.Analyzers {
		if x.Name == a.Name {
			ae = x
		}
	}
	if ae == nil {
		return nil, errors.New("internal error: cache entry without " + a.Name)
	}
	for _, f := range ae.ObjectFacts {
		obj, err := objectpath.Object(pass.Pkg, f.Path)
		if err != nil || obj.Pkg() != pass.Pkg {
			// Not in the package's export data: no importer can name
			// it, so no importer can ask its facts.
			continue
		}
		fact, err := decodeFact(a, f.Type, f.Data)
		if err != nil {
			return nil, fmt.Errorf("internal error: cached fact: %v", err)
		}
		pass.ExportObjectFact(obj, fact)
	}
	for _, f := range ae.PackageFacts {
		fact, err := decodeFact(a, f.Type, f.Data)
		if err != nil {
			return nil, fmt.Errorf("internal error: cached fact: %v", err)
		}
		pass.ExportPackageFact(fact)
	}
	for _, d := range ae.Diagnostics {
		diag := cr.diagnostic(pc.hit, d)
		pc.mu.Lock()
		if pc.funcs == nil {
			pc.funcs = make(map[token.Pos]string)
		}
		pc.funcs[diag.Pos] = d.Func
		pc.mu.Unlock()
		pass.Report(diag)
	}
	if ae.Result {
		r := &registry.Result{}
		for _, s := range ae.Suppressed {
			r.Suppressed = append(r.Suppressed, registry.Suppressed{Diagnostic: cr.diagnostic(pc.hit, s.Diag), Reason: s.Reason})
		}
		return r, nil
	}
	if a.ResultType == nil {
		return nil, nil
	}
	return reflect.Zero(a.ResultType).Interface(), nil // nobody reads it: its readers are replayed too
}

func (cr *cacheRun) diagnostic(e *cacheEntry, d diagEntry) analysis.Diagnostic {
	pos := func(p posEntry) token.Pos { return cr.pos(e, p) }
	out := analysis.Diagnostic{Pos: pos(d.Pos), End: pos(d.End), Category: d.Category, Message: d.Message, URL: d.URL}
	for _, f := range d.Fixes {
		sf := analysis.SuggestedFix{Message: f.Message}
		for _, te := range f.Edits {
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{Pos: pos(te.Pos), End: pos(te.End), NewText: te.NewText})
		}
		out.SuggestedFixes = append(out.SuggestedFixes, sf)
	}
	for _, r := range d.Related {
		out.Related = append(out.Related, analysis.RelatedInformation{Pos: pos(r.Pos), End: pos(r.End), Message: r.Message})
	}
	return out
}

// pos rebuilds a recorded position in the run's FileSet. A file the
// FileSet lacks (a package loaded from export data is not parsed) is added
// with its line table computed from its content, which costs no parse.
func (cr *cacheRun) pos(e *cacheEntry, p posEntry) token.Pos {
	if p.File < 0 || p.File >= len(e.Files) {
		return token.NoPos
	}
	name := e.Files[p.File]
	cr.mu.Lock()
	defer cr.mu.Unlock()
	f := cr.files[name]
	if f == nil {
		data, ok := overlayFile(cr.overlay, name)
		if !ok {
			var err error
			if data, err = os.ReadFile(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return token.NoPos
			}
		}
		f = cr.fset.AddFile(name, -1, len(data))
		f.SetLinesForContent(data)
		cr.files[name] = f
	}
	if p.Offset < 0 || p.Offset > f.Size() {
		return token.NoPos
	}
	return f.Pos(p.Offset)
}

// cachedFailed reports whether a package the cache gave (fromExport) could
// not be read from its export data.
func (g *graphLoader) cachedFailed() bool {
	for p := range g.cached {
		if len(p.Errors) > 0 {
			return true
		}
	}
	return false
}

// enclosingFuncer returns the baseline's namer of the enclosing functions
// of replayed findings (their packages have no syntax); nil without a
// cache.
func (cr *cacheRun) enclosingFuncer() enclosingFuncer {
	if cr == nil {
		return nil
	}
	return func(pkg *packages.Package, pos token.Pos) (string, bool) {
		pc := cr.byTypes[pkg.Types]
		if pc == nil || pc.hit == nil {
			return "", false
		}
		pc.mu.Lock()
		defer pc.mu.Unlock()
		fn, ok := pc.funcs[pos]
		return fn, ok
	}
}

// useCache makes the baseline name the enclosing functions of the
// findings cr replays.
func (f *findingFilter) useCache(cr *cacheRun) {
	if f != nil && f.baseline != nil {
		f.baseline.funcOf = cr.enclosingFuncer()
	}
}
