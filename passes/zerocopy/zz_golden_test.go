package zerocopy_test

import (
	"go/format"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

func TestWriteGolden(t *testing.T) {
	pkgs := os.Getenv("GOLDEN_PKGS")
	if pkgs == "" {
		t.Skip()
	}
	type ed struct {
		s, e int
		txt  string
	}
	edits := map[string][]ed{}
	for _, r := range analysistest.Run(quiet{}, testdata(t), zerocopy.Analyzer, strings.Split(pkgs, ",")...) {
		for _, d := range r.Diagnostics {
			for _, f := range d.SuggestedFixes[:min(1, len(d.SuggestedFixes))] {
				for _, te := range f.TextEdits {
					tf := r.Pass.Fset.File(te.Pos)
					edits[tf.Name()] = append(edits[tf.Name()], ed{tf.Offset(te.Pos), tf.Offset(te.End), string(te.NewText)})
				}
			}
		}
	}
	_ = analysis.Diagnostic{}
	for name, es := range edits {
		src, _ := os.ReadFile(name)
		sort.Slice(es, func(i, j int) bool { return es[i].s > es[j].s || es[i].s == es[j].s && es[i].txt < es[j].txt })
		var last *ed
		out := string(src)
		for i := range es {
			e := es[i]
			if last != nil && last.s == e.s && last.e == e.e && last.txt == e.txt {
				continue
			}
			out = out[:e.s] + e.txt + out[e.e:]
			last = &es[i]
		}
		b, err := format.Source([]byte(out))
		if err != nil {
			t.Fatal(name, err)
		}
		os.WriteFile(name+".golden", b, 0o644)
		t.Log("wrote", name+".golden")
	}
}
