package driver

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// TestIntroducedPrefersSameMessage: two findings of one category at one
// position after a fix (a field finding and a path leak, both at the
// socket's creation) against one of them before: the new one is the
// finding whose message the original lacks, not whichever comes first
// (red team 2, B1: the refusal named a finding the original reported).
func TestIntroducedPrefersSameMessage(t *testing.T) {
	fset := token.NewFileSet()
	tf := fset.AddFile("x.go", -1, 100)
	a := &analysis.Analyzer{Name: "lifecycle"}
	mk := func(msg string) finding {
		pos := tf.Pos(10)
		return finding{analyzer: a, fset: fset, posn: fset.Position(pos),
			diag: analysis.Diagnostic{Pos: pos, Category: "leaked-socket", Message: msg}}
	}
	field := "socket mon is stored in field mon of Client, which no method of Client closes: Close (line 201)"
	leak := "socket mon is not closed on all paths: the return on line 70 leaks it (call Close)"
	before := []finding{mk(field)}
	after := []finding{mk(leak), mk("socket mon is stored in field mon of Client, which no method of Client closes: Close (line 202)")}
	added := introducedFindings(before, after, map[string]*fileChange{})
	if len(added) != 1 || added[0].diag.Message != leak {
		var got []string
		for _, f := range added {
			got = append(got, f.diag.Message)
		}
		t.Errorf("added = %q, want only the leak", got)
	}
}
