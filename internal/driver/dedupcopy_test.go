package driver

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/passes/multipart"
	"github.com/zmqlint/zmqlint/passes/zerocopy"
)

// TestTwoChecksCopyOnce: zerocopy (a frame rewritten in place) and
// multipart (the frames slice reused) both report the go-zeromq Send(msg)
// of red team 2's mpenc; each offers msg.Clone(). Their edits are the same
// (edit.CallOn), so -diff applies one copy, not msg.Clone().Clone() (B3).
func TestTwoChecksCopyOnce(t *testing.T) {
	t.Parallel()
	files := map[string]string{}
	for _, rel := range []string{"zmq4.go", "transport/transport.go"} {
		b, err := os.ReadFile(filepath.Join("..", "testutil", "testdata", "stubs", "src", "github.com", "go-zeromq", "zmq4", rel))
		if err != nil {
			t.Fatal(err)
		}
		files["github.com/go-zeromq/zmq4/"+rel] = string(b)
	}
	b3, err := os.ReadFile(filepath.Join("..", "..", "passes", "zerocopy", "testdata", "src", "zerocopy", "b3", "b3.go"))
	if err != nil {
		t.Fatal(err)
	}
	files["b3/b3.go"] = string(b3)
	gopath, env := stubGOPATH(t, files)
	var stdout, stderr bytes.Buffer
	run([]string{"-diff", "."}, []*analysis.Analyzer{zerocopy.Analyzer, multipart.Analyzer}, &stdout, &stderr, options{env: env, dir: filepath.Join(gopath, "src", "b3")})
	d := stdout.String()
	if strings.Contains(d, "Clone().Clone()") || !strings.Contains(d, "+\t\tif err := e.sock.Send(msg.Clone()); err != nil {") ||
		!strings.Contains(d, "+\t\tif err := e.sock.Send((*m).Clone()); err != nil {") {
		t.Errorf("-diff:\n%s\nstderr:\n%s", d, stderr.String())
	}
	if strings.Contains(stderr.String(), "overlaps") {
		t.Errorf("a fix was skipped as overlapping:\n%s", stderr.String())
	}
}
