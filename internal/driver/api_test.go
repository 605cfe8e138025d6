package driver

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/testutil"
)

// TestAnalyzeOverlay: Analyze reads the overlay instead of the file on
// disk (the editor's unsaved buffer): the leak exists only in the
// overlay, and the finding's position, code, URL, related positions and
// fix edits are those of the overlay's content. A syntax error in the
// overlay is a Problem with its position, not an error.
func TestAnalyzeOverlay(t *testing.T) {
	t.Parallel()
	sum := needBindings(t)
	clean := strings.Replace(testutil.LeakSrc, "\tfmt.Println(\"ok\")\n", "\tfmt.Println(\"ok\")\n\ts.Close()\n", 1)
	clean = strings.Replace(clean, "\t\treturn err\n\t}\n\tfmt", "\t\ts.Close()\n\t\treturn err\n\t}\n\tfmt", 1)
	dir := writeTempModule(t, map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.4.0\n",
		"go.sum":  sumLines(sum, "github.com/pebbe/zmq4"),
		"main.go": clean,
	})
	main := filepath.Join(dir, "main.go")
	req := Request{Patterns: []string{"."}, Dir: dir, Env: testEnv()}
	res, err := Analyze(context.Background(), req, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || len(res.Errors) != 0 {
		t.Fatalf("on disk: findings %+v, errors %+v", res.Findings, res.Errors)
	}
	if len(res.Files) != 1 || res.Files[0] != main {
		t.Errorf("Files = %q, want [%s]", res.Files, main)
	}

	req.Overlay = map[string][]byte{main: []byte(testutil.LeakSrc)}
	res, err = Analyze(context.Background(), req, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 {
		t.Fatalf("with the overlay: %d findings, want 1: %+v (errors %+v)", len(res.Findings), res.Findings, res.Errors)
	}
	f := res.Findings[0]
	if f.Code != "lifecycle/leaked-socket" || f.Check != "lifecycle" || !strings.HasSuffix(f.URL, "lifecycle.md#leaked-socket") ||
		f.Posn.Filename != main || f.Posn.Line != 10 || len(f.Related) == 0 || len(f.Fixes) != 1 {
		t.Fatalf("finding %+v", f)
	}
	fixed := testutil.LeakSrc
	edits := f.Fixes[0].Edits
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		if e.Filename != main {
			t.Fatalf("edit of %s", e.Filename)
		}
		fixed = fixed[:e.Start] + e.New + fixed[e.End:]
	}
	if !strings.Contains(fixed, "defer s.Close()") {
		t.Errorf("fix %q does not defer Close:\n%s", f.Fixes[0].Message, fixed)
	}

	req.Overlay = map[string][]byte{main: []byte(strings.Replace(testutil.LeakSrc, "func main() {", "func main() {{", 1))}
	res, err = Analyze(context.Background(), req, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) == 0 || res.Errors[0].Posn.Filename != main || res.Errors[0].Posn.Line == 0 || !strings.Contains(res.Errors[0].Message, "syntax error") {
		t.Fatalf("syntax error in the overlay: %+v", res.Errors)
	}
}

func TestParsePosn(t *testing.T) {
	for _, tc := range []struct {
		in        string
		file      string
		line, col int
	}{
		{"/a/b.go:3:4", "/a/b.go", 3, 4},
		{"/a/b.go:3", "/a/b.go", 3, 0},
		{`C:\a\b.go:3:4`, `C:\a\b.go`, 3, 4},
		{"", "", 0, 0},
		{"-", "", 0, 0},
	} {
		p := parsePosn(tc.in)
		if p.Filename != tc.file || p.Line != tc.line || p.Column != tc.col {
			t.Errorf("parsePosn(%q) = %+v", tc.in, p)
		}
	}
}
