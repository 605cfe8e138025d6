package driver

import (
	"cmp"
	"context"
	"go/token"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// This file is the driver as a library, for a program that embeds the
// analysis (the editor server, internal/lsp): the same load (stubs, cgo
// fallback, overlays), the same checks with the always-on passes, the
// same config files, the same de-duplication and order as the command,
// with the results as values instead of printed text.

// Request is one analysis.
type Request struct {
	Patterns []string // package patterns, as on the command line ("./worker", "file=/abs/x.go")
	Dir      string   // the go command's working directory ("": this process's)
	Env      []string // the go command's environment (nil: this process's)
	// Overlay maps absolute file names to contents in place of the files
	// on disk: an editor's unsaved buffers.
	Overlay map[string][]byte
	Tests   bool   // also analyze the packages' test files
	Tags    string // comma-separated build tags
	// Cache is the analysis cache (docs/cli.md): "" for the default
	// ($ZMQLINT_CACHE, else the user cache directory's zmqlint), "off",
	// or a directory.
	Cache string
}

// Finding is one diagnostic of an analyzed package.
type Finding struct {
	Check    string // the analyzer's name ("lifecycle")
	Category string // the diagnostic's category ("leaked-socket")
	Code     string // check/category, as registry.Code gives it
	URL      string // the docs section of Code
	Message  string
	// Posn and End are the finding's range (End is Posn when the
	// diagnostic has no end). Columns and offsets are in bytes.
	Posn, End token.Position
	Related   []Related
	Fixes     []Fix
}

// Related is one related position of a finding.
type Related struct {
	Posn, End token.Position
	Message   string
}

// Fix is one suggested fix: its message and its edits. A fix that would
// edit a file that is not one of the analyzed packages' own sources (a
// cgo-processed copy, a built-in stub, a dependency) is left out, as -fix
// never writes such a file.
type Fix struct {
	Message string
	Edits   []FileEdit
}

// FileEdit replaces the bytes [Start, End) of the file Filename (as
// loaded, i.e. with the overlay) with New.
type FileEdit struct {
	Filename   string
	Start, End int
	New        string
}

// Problem is a load or analysis error, with the message the command
// prints; Posn is its position when the error has one (Filename "" when
// not).
type Problem struct {
	Posn    token.Position
	Message string
}

// Result is what Analyze found.
type Result struct {
	Findings []Finding
	// Errors are the load errors (dependencies first) and the checks'
	// failures. Findings of a run with errors are those of the packages
	// that could be analyzed.
	Errors []Problem
	// Files are the analyzed packages' own source files (absolute, sorted):
	// a file among them without findings has none.
	Files []string
	// Notes are the lines the command prints on stderr about how it
	// loaded (a built-in stub in place of a binding, cgo disabled).
	Notes []string
}

// Analyze loads req's packages and runs the checks all (every one enabled,
// with the always-on passes; config files apply as for the command). The
// error is one that stopped the load (the go command failed, ctx was
// cancelled); anything the packages themselves get wrong is in
// Result.Errors. ctx cancels the load; once the checks run they run to
// the end. Runs must not overlap: the checks' flags are shared.
func Analyze(ctx context.Context, req Request, all []*analysis.Analyzer) (*Result, error) {
	lc := loadConfig{tests: req.Tests, tags: req.Tags, env: req.Env, dir: req.Dir, overlay: req.Overlay, ctx: ctx}
	res := new(Result)
	checks := withFreshFlags(all)
	run := append(checks, alwaysOn()...) // the checks and the always-on passes
	cache := newCache(cacheDir(req.Cache), analyzerGraph(run), lc)
	if cache != nil {
		lc.fromExport = cache.fromExport
	}
	pkgs, err := load(req.Patterns, lc, func(line string) { res.Notes = append(res.Notes, line) })
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		res.Errors = append(res.Errors, Problem{Message: strings.Join(req.Patterns, " ") + " matched no packages"})
		return res, nil
	}
	le := loadErrors(pkgs)
	res.Errors = append(res.Errors, loadProblems(pkgs)...)

	filter, err := newFindingFilter(pkgs, options{catalog: catalogOf(checks)})
	if err != nil {
		return nil, err
	}
	// The checks read the overlay's contents through pass.ReadFile (names
	// in messages, the text of fixes), not the files on disk.
	guarded := guardOverlay(run, req.Overlay)
	if cache != nil {
		cache.bind(pkgs)
		filter.useCache(cache)
		guarded = guardCached(run, req.Overlay, nil, cache)
	}
	graph, err := checker.Analyze(guarded, pkgs, &checker.Options{})
	if err != nil {
		return nil, err
	}
	cache.write()
	filter.apply(graph, io.Discard)
	facing := make(map[*analysis.Analyzer]bool)
	for _, a := range guarded {
		facing[a] = true
	}
	findings, actionErrs := collect(graph, facing, le)
	for _, e := range actionErrs {
		res.Errors = append(res.Errors, Problem{Message: e})
	}
	sources := sourceFiles(pkgs)
	for name := range sources {
		res.Files = append(res.Files, name)
	}
	slices.Sort(res.Files)
	for _, f := range findings {
		res.Findings = append(res.Findings, exportFinding(f, sources))
	}
	return res, nil
}

// loadProblems are loadErrors' lines with the positions they name.
func loadProblems(pkgs []*packages.Package) []Problem {
	var out []Problem
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range firstStageErrors(p) {
			line := errorLine(p, e)
			if seen[line] {
				continue
			}
			seen[line] = true
			out = append(out, Problem{Posn: parsePosn(e.Pos), Message: line})
		}
	})
	return out
}

// parsePosn parses a go/packages error position, "file:line:col" or
// "file:line" (the file name may itself hold colons); the zero Position
// when there is none.
func parsePosn(s string) token.Position {
	var p token.Position
	rest := s
	var nums []int
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		rest = rest[:i]
	}
	if len(nums) == 0 || rest == "" {
		return p
	}
	p.Filename = rest
	p.Line = nums[0]
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	return p
}

func exportFinding(f finding, sources map[string]bool) Finding {
	d := f.diag
	out := Finding{
		Check:    f.analyzer.Name,
		Category: d.Category,
		Code:     registry.Code(f.analyzer.Name, d.Category),
		URL:      cmp.Or(d.URL, registry.URL(f.analyzer.Name, d.Category)),
		Message:  d.Message,
		Posn:     f.posn,
		End:      f.end,
	}
	if !out.End.IsValid() {
		out.End = out.Posn
	}
	for _, r := range d.Related {
		out.Related = append(out.Related, Related{
			Posn:    f.fset.Position(r.Pos),
			End:     f.fset.Position(cmp.Or(r.End, r.Pos)),
			Message: r.Message,
		})
	}
fixes:
	for _, sf := range d.SuggestedFixes {
		files, err := resolveEdits(f, sf.TextEdits)
		if err != nil {
			continue
		}
		fix := Fix{Message: sf.Message}
		for name, fe := range files {
			if !sources[name] {
				continue fixes
			}
			for _, e := range fe.edits {
				fix.Edits = append(fix.Edits, FileEdit{Filename: name, Start: e.start, End: e.end, New: e.text})
			}
		}
		sortFileEdits(fix.Edits)
		out.Fixes = append(out.Fixes, fix)
	}
	return out
}

// sortFileEdits orders edits by file, then offset (resolveEdits groups
// them in a map); stable, so insertions at one offset keep the fix's order.
func sortFileEdits(edits []FileEdit) {
	slices.SortStableFunc(edits, func(a, b FileEdit) int {
		return cmp.Or(strings.Compare(a.Filename, b.Filename), cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End))
	})
}
