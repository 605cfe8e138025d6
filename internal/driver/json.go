package driver

import (
	"cmp"
	"encoding/json"
	"go/token"
	"io"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// The -json output: x/tools' analysis JSON tree (what go vet -json and
// multichecker print, golang.org/x/tools/internal/analysis/driverutil),
// field for field, plus each diagnostic's docs "url", which that format
// leaves out. Readers of the x/tools format ignore the extra field.

type jsonTextEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonSuggestedFix struct {
	Message string         `json:"message"`
	Edits   []jsonTextEdit `json:"edits"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

type jsonDiagnostic struct {
	Category       string             `json:"category,omitempty"`
	Posn           string             `json:"posn"`
	End            string             `json:"end"`
	Message        string             `json:"message"`
	URL            string             `json:"url,omitempty"`
	SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated      `json:"related,omitempty"`
}

type jsonError struct {
	Err string `json:"error"`
}

// writeJSON prints the diagnostics of the root actions and the errors of
// every action, keyed by package ID and analyzer name, as
// checker.Graph.PrintJSON does.
func writeJSON(w io.Writer, graph *checker.Graph) error {
	tree := make(map[string]map[string]any)
	for act := range graph.All() {
		var v any
		switch {
		case act.Err != nil:
			v = jsonError{act.Err.Error()}
		case act.IsRoot && len(act.Diagnostics) > 0:
			v = jsonDiagnostics(act.Package.Fset, act.Analyzer, act.Diagnostics)
		default:
			continue
		}
		m := tree[act.Package.ID]
		if m == nil {
			m = make(map[string]any)
			tree[act.Package.ID] = m
		}
		m[act.Analyzer.Name] = v
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func jsonDiagnostics(fset *token.FileSet, a *analysis.Analyzer, diags []analysis.Diagnostic) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     fset.Position(d.Pos).String(),
			End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
			URL:      cmp.Or(d.URL, registry.URL(a.Name, d.Category)),
		}
		for _, fix := range d.SuggestedFixes {
			jf := jsonSuggestedFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				jf.Edits = append(jf.Edits, jsonTextEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, jd)
	}
	return out
}
