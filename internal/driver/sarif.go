package driver

import (
	"cmp"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/zmqlint/zmqlint/docs"
	"github.com/zmqlint/zmqlint/internal/version"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// The SARIF 2.1.0 log, reduced to what zmqlint writes. Field order is the
// order of the output.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                      `json:"tool"`
	Invocations        []sarifInvocation              `json:"invocations"`
	OriginalURIBaseIDs map[string]sarifArtifactLocURI `json:"originalUriBaseIds,omitempty"`
	ColumnKind         string                         `json:"columnKind"`
	Results            []sarifResult                  `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifText       `json:"shortDescription"`
	FullDescription      *sarifText      `json:"fullDescription,omitempty"`
	HelpURI              string          `json:"helpUri,omitempty"`
	Help                 *sarifHelp      `json:"help,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
	Properties           map[string]any  `json:"properties,omitempty"`
	relatedAnalyzer      *analysis.Analyzer
}

// sarifHelp is a rule's help: the Markdown of its docs section, and the
// same as plain text (SARIF requires text; viewers that render Markdown
// use markdown).
type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

type sarifArtifactLocURI struct {
	URI string `json:"uri"`
}

type sarifResult struct {
	RuleID           string             `json:"ruleId"`
	RuleIndex        int                `json:"ruleIndex"`
	Level            string             `json:"level"`
	Message          sarifText          `json:"message"`
	Locations        []sarifLocation    `json:"locations"`
	RelatedLocations []sarifLocation    `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix         `json:"fixes,omitempty"`
	Suppressions     []sarifSuppression `json:"suppressions,omitempty"`
}

// sarifSuppression marks a result that a //zmqlint:ignore directive
// silenced: code scanning shows it as dismissed, with the directive's
// reason, instead of not at all.
type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifText            `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

// sarifRegion gives both the text region (1-based lines; 1-based columns
// in UTF-16 code units, as the run's columnKind says) and the exact byte
// range of the same text.
//
// A finding's location with no extent has only a start: SARIF viewers then
// mark from there to the end of the line.
type sarifRegion struct {
	StartLine   int  `json:"startLine"`
	StartColumn int  `json:"startColumn"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

const (
	sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"
	srcRoot     = "%SRCROOT%"
)

// writeSARIF writes findings as a SARIF 2.1.0 log with one run. Rules are
// the checks (id = check name) and each check's categories (id =
// "check/category", from passes/registry), with their docs as help; the
// findings that //zmqlint:ignore directives silenced are results with an
// inSource suppression. Everything is sorted, so equal input gives equal
// output. Paths under the working directory are relative to %SRCROOT%,
// which is the working directory.
func writeSARIF(w io.Writer, analyzers []*analysis.Analyzer, findings []finding, suppressed []suppressedFinding, errs []string) error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	s := &sarifWriter{wd: wd, files: make(map[string][]byte)}

	rules := make(map[string]*sarifRule)
	for _, a := range analyzers {
		rules[a.Name] = &sarifRule{
			ID:               a.Name,
			ShortDescription: sarifText{firstLine(a.Doc)},
			FullDescription:  &sarifText{strings.TrimSpace(a.Doc)},
			HelpURI:          a.URL,
			Help:             ruleHelp(a.URL),
			relatedAnalyzer:  a,
		}
		c, _ := registry.Lookup(a.Name)
		for _, cat := range c.Categories {
			id := registry.Code(a.Name, cat.Name)
			url := registry.URL(a.Name, cat.Name)
			rules[id] = &sarifRule{
				ID:               id,
				ShortDescription: sarifText{fmt.Sprintf("%s: %s", a.Name, strings.ReplaceAll(cat.Name, "-", " "))},
				FullDescription:  &sarifText{cat.Summary},
				HelpURI:          url,
				Help:             ruleHelp(url),
				relatedAnalyzer:  a,
			}
		}
	}
	all := slices.Clone(findings)
	for _, sf := range suppressed {
		all = append(all, sf.finding)
	}
	for _, f := range all {
		id := ruleID(f)
		if rules[id] != nil {
			continue
		}
		r := &sarifRule{
			ID:               id,
			ShortDescription: sarifText{fmt.Sprintf("%s: %s", f.analyzer.Name, strings.ReplaceAll(f.diag.Category, "-", " "))},
			HelpURI:          cmp.Or(f.diag.URL, f.analyzer.URL),
			relatedAnalyzer:  f.analyzer,
		}
		rules[id] = r
	}
	ids := make([]string, 0, len(rules))
	for id := range rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "zmqlint",
			Version:        version.String(),
			InformationURI: "https://github.com/zmqlint/zmqlint",
		}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocURI{
			srcRoot: {URI: dirURI(wd)},
		},
		ColumnKind: "utf16CodeUnits",
		Results:    []sarifResult{},
	}
	index := make(map[string]int)
	for i, id := range ids {
		r := rules[id]
		r.DefaultConfiguration = sarifRuleConfig{Level: "warning"}
		r.Properties = map[string]any{"tags": []string{"zmqlint", r.relatedAnalyzer.Name}}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, *r)
		index[id] = i
	}

	result := func(f finding) sarifResult {
		id := ruleID(f)
		res := sarifResult{
			RuleID:    id,
			RuleIndex: index[id],
			Level:     "warning",
			Message:   sarifText{f.diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: s.location(f.fset, f.diag.Pos, f.diag.End)}},
		}
		for i, r := range f.diag.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: s.location(f.fset, r.Pos, r.End),
				Message:          &sarifText{r.Message},
			})
		}
		for _, fix := range f.diag.SuggestedFixes {
			if sf, ok := s.fix(f.fset, fix); ok {
				res.Fixes = append(res.Fixes, sf)
			}
		}
		return res
	}
	for _, f := range findings {
		run.Results = append(run.Results, result(f))
	}
	for _, sf := range suppressed {
		res := result(sf.finding)
		res.Fixes = nil // nothing to fix: the directive says why
		res.Suppressions = []sarifSuppression{{Kind: sf.kind, Justification: sf.reason}}
		run.Results = append(run.Results, res)
	}

	inv := sarifInvocation{ExecutionSuccessful: len(errs) == 0}
	for _, e := range errs {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			sarifNotification{Level: "error", Message: sarifText{e}})
	}
	run.Invocations = []sarifInvocation{inv}

	data, err := json.MarshalIndent(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}}, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	_, err = w.Write(data)
	return err
}

// ruleID is the SARIF rule of a finding: "check/category", or the check's
// name for a diagnostic without category.
func ruleID(f finding) string {
	if f.diag.Category == "" {
		return f.analyzer.Name
	}
	return f.analyzer.Name + "/" + f.diag.Category
}

type sarifWriter struct {
	wd    string
	files map[string][]byte // contents, for UTF-16 columns
}

// artifact returns the location of a file: relative to %SRCROOT% if it is
// under the working directory, else an absolute file URI.
func (s *sarifWriter) artifact(name string) sarifArtifactLocation {
	if rel, err := filepath.Rel(s.wd, name); err == nil && filepath.IsLocal(rel) {
		return sarifArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: srcRoot}
	}
	return sarifArtifactLocation{URI: fileURI(name)}
}

func (s *sarifWriter) location(fset *token.FileSet, pos, end token.Pos) sarifPhysicalLocation {
	if !end.IsValid() {
		end = pos
	}
	start := fset.Position(pos)
	region := s.region(start, fset.Position(end))
	if *region.ByteLength == 0 {
		region = sarifRegion{StartLine: region.StartLine, StartColumn: region.StartColumn}
	}
	return sarifPhysicalLocation{
		ArtifactLocation: s.artifact(start.Filename),
		Region:           region,
	}
}

// region converts Go positions (byte columns) to a SARIF region.
func (s *sarifWriter) region(start, end token.Position) sarifRegion {
	if end.Filename != start.Filename || end.Offset < start.Offset {
		end = start
	}
	offset, length := start.Offset, end.Offset-start.Offset
	return sarifRegion{
		StartLine:   max(start.Line, 1),
		StartColumn: s.column(start),
		EndLine:     max(end.Line, 1),
		EndColumn:   s.column(end),
		ByteOffset:  &offset,
		ByteLength:  &length,
	}
}

// column returns the 1-based UTF-16 column of p. If the file cannot be
// read it falls back to the byte column (equal for ASCII lines).
func (s *sarifWriter) column(p token.Position) int {
	if p.Column < 1 {
		return 1
	}
	data, ok := s.files[p.Filename]
	if !ok {
		data, _ = os.ReadFile(p.Filename)
		s.files[p.Filename] = data
	}
	lineStart := p.Offset - (p.Column - 1)
	if data == nil || lineStart < 0 || p.Offset > len(data) {
		return p.Column
	}
	n := 0
	for b := data[lineStart:p.Offset]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		n += len(utf16.AppendRune(nil, r))
		b = b[size:]
	}
	return n + 1
}

// fix converts a suggested fix to a SARIF fix, one artifactChange per
// file, sorted by file then offset.
func (s *sarifWriter) fix(fset *token.FileSet, fix analysis.SuggestedFix) (sarifFix, bool) {
	byFile := make(map[string][]sarifReplacement)
	for _, e := range fix.TextEdits {
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		start := fset.Position(e.Pos)
		r := sarifReplacement{DeletedRegion: s.region(start, fset.Position(end))}
		if len(e.NewText) > 0 {
			r.InsertedContent = &sarifText{string(e.NewText)}
		}
		byFile[start.Filename] = append(byFile[start.Filename], r)
	}
	if len(byFile) == 0 {
		return sarifFix{}, false
	}
	names := make([]string, 0, len(byFile))
	for name := range byFile {
		names = append(names, name)
	}
	sort.Strings(names)
	sf := sarifFix{Description: sarifText{fix.Message}}
	for _, name := range names {
		reps := byFile[name]
		sort.SliceStable(reps, func(i, j int) bool { return *reps[i].DeletedRegion.ByteOffset < *reps[j].DeletedRegion.ByteOffset })
		sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{
			ArtifactLocation: s.artifact(name),
			Replacements:     reps,
		})
	}
	return sf, true
}

func fileURI(name string) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive paths
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// dirURI is the file URI of a directory, ending in "/" as SARIF requires
// for a base URI.
func dirURI(dir string) string {
	u := fileURI(dir)
	if !strings.HasSuffix(u, "/") {
		u += "/"
	}
	return u
}

// ruleHelp is a rule's help: the Markdown of the docs section url points
// to (the check's introduction for a page without anchor).
func ruleHelp(url string) *sarifHelp {
	page, anchor, _ := strings.Cut(strings.TrimPrefix(url, registry.DocsBase), "#")
	if page == url {
		return nil // not one of our pages
	}
	md, ok := docs.Section(page, anchor, registry.DocsBase)
	if !ok || md == "" {
		return nil
	}
	return &sarifHelp{Text: md, Markdown: md}
}

// suppressedFinding is a finding a //zmqlint:ignore directive silenced.
type suppressedFinding struct {
	finding
	reason string
	kind   string // SARIF suppression kind: "inSource" (a directive), "external" (the baseline)
}

// suppressedFindings returns the findings the root actions' directives
// silenced (each check's *registry.Result), de-duplicated and sorted like
// the findings.
func suppressedFindings(graph *checker.Graph) []suppressedFinding {
	type key struct {
		posn     token.Position
		analyzer string
		msg      string
	}
	seen := make(map[key]bool)
	var out []suppressedFinding
	for act := range graph.All() {
		res, ok := act.Result.(*registry.Result)
		if !act.IsRoot || act.Err != nil || !ok || res == nil {
			continue
		}
		for _, sup := range res.Suppressed {
			d := sup.Diagnostic
			f := newFinding(act, d)
			k := key{f.posn, act.Analyzer.Name, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, suppressedFinding{finding: f, reason: sup.Reason, kind: "inSource"})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return findingLess(out[i].finding, out[j].finding) })
	return out
}
