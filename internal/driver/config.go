package driver

// The standalone driver's config file, .zmqlint.json: which checks (and
// categories) run and which files are not reported, per directory tree.
//
// Why JSON: the standard library parses it (no dependency, unlike TOML or
// YAML), every editor and CI tool knows it, and encoding/json's token
// stream gives byte offsets, so an error can name the file, the line and
// the key. Its one drawback, no comments, is met by the "//" key, which
// the parser accepts and ignores anywhere in the object.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// configName is the file zmqlint looks for in a package's directory and
// every directory above it.
const configName = ".zmqlint.json"

// checkCatalog is what the config file needs to know about the checks:
// each check's name and its categories (nil: not known here, any
// well-formed category name is accepted). catalogOf builds it from the
// analyzers list and passes/registry.
type checkCatalog map[string][]string

// catalogOf returns the catalog of the analyzers, with the categories
// the registry lists for each (nil for an analyzer it does not know).
func catalogOf(all []*analysis.Analyzer) checkCatalog {
	c := make(checkCatalog)
	for _, a := range all {
		c[a.Name] = nil
		if rc, ok := registry.Lookup(a.Name); ok {
			for _, cat := range rc.Categories {
				c[a.Name] = append(c[a.Name], cat.Name)
			}
		}
	}
	return c
}

func (c checkCatalog) names() []string {
	var names []string
	for n := range c {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// configFile is one parsed .zmqlint.json.
type configFile struct {
	path    string      // as found (absolute)
	dir     string      // its directory: exclude patterns are relative to it
	root    bool        // stop looking in the directories above
	checks  []checkRule // in file order: later rules win
	exclude []string    // slash-separated glob patterns
}

// checkRule is one entry of "checks": "all", "NAME", "NAME/CATEGORY", each
// optionally preceded by "-" to disable.
type checkRule struct {
	enable          bool
	check, category string // check "" is "all"
}

func (r checkRule) matches(check, category string) bool {
	return r.check == "" || r.check == check && (r.category == "" || r.category == category)
}

var categoryName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// parseConfig parses data, the contents of the config file at name. Every
// error names the file, the line and the key (or the check) at fault.
func parseConfig(name string, data []byte, catalog checkCatalog) (*configFile, error) {
	cfg := &configFile{path: name, dir: filepath.Dir(name)}
	dec := json.NewDecoder(bytes.NewReader(data))
	errAt := func(off int64, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, lineAt(data, off), fmt.Sprintf(format, args...))
	}
	syntaxErr := func(err error) error {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return errAt(se.Offset, "invalid JSON: %v", se)
		}
		if errors.Is(err, io.EOF) {
			return errAt(int64(len(data)), "invalid JSON: unexpected end of file")
		}
		return errAt(dec.InputOffset(), "invalid JSON: %v", err)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, errAt(0, "the file must hold one JSON object, like {\"checks\": [\"all\"]}")
	}
	seen := make(map[string]bool)
	for dec.More() {
		keyOff := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxErr(err)
		}
		key, ok := tok.(string) // inside an object, Token returns keys as strings
		if !ok {
			return nil, errAt(keyOff, "invalid JSON: want a key")
		}
		if seen[key] && key != "//" {
			return nil, errAt(keyOff, "key %q appears twice", key)
		}
		seen[key] = true
		valOff := dec.InputOffset()
		switch key {
		case "//": // a comment
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, syntaxErr(err)
			}
		case "root":
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, syntaxErr(err)
			}
			b, ok := v.(bool)
			if !ok {
				return nil, errAt(valOff, "root: want true or false")
			}
			cfg.root = b
		case "checks", "exclude":
			items, err := stringList(dec)
			if err != nil {
				if errors.Is(err, errNotList) {
					return nil, errAt(valOff, "%s: want a list of strings, like [%s]", key, exampleOf(key))
				}
				return nil, syntaxErr(err)
			}
			for _, it := range items {
				if key == "exclude" {
					pat, err := checkPattern(it.s)
					if err != nil {
						return nil, errAt(it.off, "exclude: %q: %v", it.s, err)
					}
					cfg.exclude = append(cfg.exclude, pat)
					continue
				}
				rule, err := parseCheckRule(it.s, catalog)
				if err != nil {
					return nil, errAt(it.off, "checks: %v", err)
				}
				cfg.checks = append(cfg.checks, rule)
			}
		default:
			return nil, errAt(keyOff, "unknown key %q (known keys: checks, exclude, root, \"//\" for a comment)", key)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, syntaxErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errAt(dec.InputOffset(), "unexpected text after the JSON object")
	}
	return cfg, nil
}

func exampleOf(key string) string {
	if key == "exclude" {
		return `"gen/**", "**/*_mock.go"`
	}
	return `"all", "-sockshare", "-lifecycle/linger-unit"`
}

var errNotList = errors.New("not a list of strings")

type offString struct {
	s   string
	off int64
}

// stringList reads a JSON array of strings from dec, with the offset of
// each string. Anything else is errNotList.
func stringList(dec *json.Decoder) ([]offString, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, errNotList
	}
	var items []offString
	for dec.More() {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		s, ok := tok.(string)
		if !ok {
			return nil, errNotList
		}
		items = append(items, offString{s, off})
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	return items, nil
}

// lineAt returns the 1-based line of the first token at or after off
// (offsets before a token point at the separator that precedes it).
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	for off < int64(len(data)) && bytes.IndexByte([]byte(" \t\r\n,:"), data[off]) >= 0 {
		off++
	}
	if off == int64(len(data)) && off > 0 && data[off-1] == '\n' {
		off-- // the end of the file is on its last line
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func parseCheckRule(s string, catalog checkCatalog) (checkRule, error) {
	r := checkRule{enable: true}
	name := s
	if rest, ok := strings.CutPrefix(name, "-"); ok {
		r.enable, name = false, rest
	}
	if name == "all" {
		return r, nil
	}
	check, category, hasCat := strings.Cut(name, "/")
	cats, known := catalog[check]
	if !known {
		return r, fmt.Errorf("unknown check %q (checks: all, %s; a category is check/category)", check, strings.Join(catalog.names(), ", "))
	}
	if hasCat {
		if !categoryName.MatchString(category) {
			return r, fmt.Errorf("%q: a category is lower-case words joined by '-', like lifecycle/leaked-socket", s)
		}
		if cats != nil && !contains(cats, category) {
			return r, fmt.Errorf("check %s has no category %q (categories: %s)", check, category, strings.Join(cats, ", "))
		}
	}
	r.check, r.category = check, category
	return r, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkPattern validates an exclude pattern and returns it cleaned.
func checkPattern(p string) (string, error) {
	if p == "" {
		return "", errors.New("empty pattern")
	}
	if strings.Contains(p, `\`) {
		return "", errors.New(`use '/' as the separator`)
	}
	if path.IsAbs(p) || filepath.IsAbs(p) {
		return "", errors.New("patterns are relative to the config file's directory")
	}
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") {
		return "", errors.New("a pattern cannot leave the config file's directory")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return "", fmt.Errorf("bad glob %q", seg)
		}
	}
	return p, nil
}

// matchPath reports whether rel (slash-separated, relative to the pattern's
// base) is matched by pattern: each segment by path.Match, "**" matching
// any number of segments; a pattern that matches a directory matches
// everything below it.
func matchPath(pattern, rel string) bool {
	return matchSegs(strings.Split(pattern, "/"), strings.Split(rel, "/"))
}

func matchSegs(pat, name []string) bool {
	if len(pat) == 0 {
		return true // pattern matched a directory (or the file itself)
	}
	if pat[0] == "**" {
		for i := 0; i <= len(name); i++ {
			if matchSegs(pat[1:], name[i:]) {
				return true
			}
		}
		return false
	}
	if len(name) == 0 {
		return false
	}
	if ok, _ := path.Match(pat[0], name[0]); !ok {
		return false
	}
	return matchSegs(pat[1:], name[1:])
}

// configs finds, parses and caches the config files of directories.
type configs struct {
	catalog checkCatalog
	files   map[string]*configFile   // by path; nil: no such file
	chains  map[string][]*configFile // by directory: outermost first
}

func newConfigs(catalog checkCatalog) *configs {
	return &configs{catalog: catalog, files: make(map[string]*configFile), chains: make(map[string][]*configFile)}
}

// chain returns the config files that apply to dir: the one in dir and in
// every directory above it up to the first with "root": true, outermost
// first (so that the nearest file's rules are applied last and win).
func (c *configs) chain(dir string) ([]*configFile, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if ch, ok := c.chains[dir]; ok {
		return ch, nil
	}
	var nearestFirst []*configFile
	for d := dir; ; {
		if ch, ok := c.chains[d]; ok && d != dir {
			// The rest of the walk is known.
			for i := len(ch) - 1; i >= 0; i-- {
				nearestFirst = append(nearestFirst, ch[i])
			}
			break
		}
		f, err := c.file(filepath.Join(d, configName))
		if err != nil {
			return nil, err
		}
		if f != nil {
			nearestFirst = append(nearestFirst, f)
			if f.root {
				break
			}
		}
		up := filepath.Dir(d)
		if up == d {
			break
		}
		d = up
	}
	ch := make([]*configFile, len(nearestFirst))
	for i, f := range nearestFirst {
		ch[len(ch)-1-i] = f
	}
	c.chains[dir] = ch
	return ch, nil
}

func (c *configs) file(name string) (*configFile, error) {
	if f, ok := c.files[name]; ok {
		return f, nil
	}
	data, err := os.ReadFile(name)
	var f *configFile
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("config file: %v", err)
	default:
		if f, err = parseConfig(name, data, c.catalog); err != nil {
			return nil, err
		}
	}
	c.files[name] = f
	return f, nil
}

// preload reads the config files of the root packages' directories, so
// that a bad file is reported before the analysis runs.
func (c *configs) preload(pkgs []*packages.Package) error {
	dirs := make(map[string]bool)
	for _, p := range pkgs {
		for _, f := range p.GoFiles {
			dirs[filepath.Dir(f)] = true
		}
	}
	var sorted []string
	for d := range dirs {
		sorted = append(sorted, d)
	}
	sort.Strings(sorted)
	for _, d := range sorted {
		if _, err := c.chain(d); err != nil {
			return err
		}
	}
	return nil
}

// keep reports whether a diagnostic of check with category, in file, is
// reported under the config files: the file is not excluded and, unless
// the command line chose the checks (flagsChoseChecks), the check is
// enabled. The directive pass is not a check: its reports of directives
// naming no known check stay whatever checks are enabled. A directory
// whose config cannot be read keeps its diagnostics (preload has reported
// the error for every root package's directory).
func (c *configs) keep(file, check, category string, flagsChoseChecks bool) bool {
	ch, err := c.chain(filepath.Dir(file))
	if err != nil {
		return true
	}
	enabled := true
	for _, cf := range ch {
		if rel, err := filepath.Rel(cf.dir, file); err == nil {
			rel = filepath.ToSlash(rel)
			if rel != ".." && !strings.HasPrefix(rel, "../") {
				for _, p := range cf.exclude {
					if matchPath(p, rel) {
						return false
					}
				}
			}
		}
		if !flagsChoseChecks && check != registry.Directive.Name {
			for _, r := range cf.checks {
				if r.matches(check, category) {
					enabled = r.enable
				}
			}
		}
	}
	return enabled
}

// filterGraph drops from the root actions of graph the diagnostics keep
// rejects, so that every output (text, JSON, SARIF, fixes) agrees.
func filterGraph(graph *checker.Graph, keep func(act *checker.Action, d analysis.Diagnostic) bool) {
	for act := range graph.All() {
		if !act.IsRoot || len(act.Diagnostics) == 0 {
			continue
		}
		kept := act.Diagnostics[:0:0]
		for _, d := range act.Diagnostics {
			if keep(act, d) {
				kept = append(kept, d)
			}
		}
		act.Diagnostics = kept
	}
}

// findingFilter is what the config files and the baseline take out of a
// run's findings. It is the driver's one hook for both: newFindingFilter
// before the analysis (bad files are reported before any work), apply
// after it.
type findingFilter struct {
	configs          *configs
	flagsChoseChecks bool
	baselineName     string
	baseline         *baselineFilter // nil: no -baseline, or -baseline-write
}

func newFindingFilter(pkgs []*packages.Package, opt options) (*findingFilter, error) {
	f := &findingFilter{
		configs:          newConfigs(opt.catalog),
		flagsChoseChecks: opt.flagsChoseChecks,
		baselineName:     opt.baseline,
	}
	if err := f.configs.preload(pkgs); err != nil {
		return nil, err
	}
	if opt.baseline != "" && !opt.baselineWrite {
		counts, err := readBaseline(opt.baseline)
		if err != nil {
			return nil, err
		}
		f.baseline = &baselineFilter{counts: counts}
	}
	return f, nil
}

// baselined returns the findings the baseline accepted, as suppressed
// findings with the baseline's name as the justification (SARIF shows
// them with suppression kind "external", as code scanning expects of a
// baseline, instead of dropping them).
func (f *findingFilter) baselined() []suppressedFinding {
	if f.baseline == nil {
		return nil
	}
	out := make([]suppressedFinding, len(f.baseline.accepted))
	for i, sf := range f.baseline.accepted {
		sf.reason = "accepted by the baseline " + f.baselineName
		out[i] = sf
	}
	sort.SliceStable(out, func(i, j int) bool { return findingLess(out[i].finding, out[j].finding) })
	return out
}

// apply drops the excluded, disabled and baselined findings from graph;
// note gets the baseline's summary.
func (f *findingFilter) apply(graph *checker.Graph, note io.Writer) {
	filterGraph(graph, func(act *checker.Action, d analysis.Diagnostic) bool {
		file := act.Package.Fset.Position(d.Pos).Filename
		return file == "" || f.configs.keep(file, act.Analyzer.Name, d.Category, f.flagsChoseChecks)
	})
	if f.baseline != nil {
		accepted := f.baseline.apply(graph)
		baselineNote(note, f.baselineName, accepted, f.baseline.gone())
	}
}
