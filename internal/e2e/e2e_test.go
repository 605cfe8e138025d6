// Package e2e runs the zmqlint binary the way users do, on the bundled
// demo module (testdata/demo), which uses the real pebbe/zmq4 and
// go-zeromq/zmq4: standalone, as a go vet tool, with -json and with -fix.
package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/demo/zmqlint.golden")

// zmqlint is the binary under test, built once by TestMain.
var zmqlint string

func TestMain(m *testing.M) {
	flag.Parse()
	testutil.MainWithZmqlint(m, &zmqlint)
}

func demoDir(t *testing.T) string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "demo"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// requireLibzmq skips (or fails under CI) when the C headers that
// type-checking the real pebbe/zmq4 needs are missing.
func requireLibzmq(t *testing.T) {
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("libzmq headers missing in CI: pkg-config --exists libzmq: %v", err)
		}
		t.Skip("libzmq headers not installed (pkg-config --exists libzmq failed)")
	}
}

func run(t *testing.T, dir string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return testutil.Run(t, dir, append(os.Environ(), "GOFLAGS=-mod=mod"), name, args...)
}

// diagLine matches "path:line:col: message" (not the indented related
// lines that follow a diagnostic).
var diagLine = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: (.*)$`)

// findings normalises text output to sorted "file.go:line: message" lines
// with paths relative to dir.
func findings(t *testing.T, dir, out string) []string {
	var got []string
	for _, l := range strings.Split(out, "\n") {
		m := diagLine.FindStringSubmatch(l)
		if m == nil || strings.HasPrefix(m[3], "\t") {
			continue // not a diagnostic, or a related position
		}
		p := m[1]
		if filepath.IsAbs(p) {
			if r, err := filepath.Rel(dir, p); err == nil {
				p = r
			}
		}
		p = filepath.ToSlash(strings.TrimPrefix(p, "./"))
		got = append(got, p+":"+m[2]+": "+m[3])
	}
	sort.Strings(got)
	return got
}

func TestStandaloneMatchesGolden(t *testing.T) {
	requireLibzmq(t)
	dir := demoDir(t)
	_, stderr, code := run(t, dir, zmqlint, "./...")
	if code != 3 {
		t.Fatalf("zmqlint ./... exit code = %d, want 3 (findings); stderr:\n%s", code, stderr)
	}
	got := findings(t, dir, stderr)
	golden := filepath.Join(dir, "zmqlint.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := strings.Join(got, "\n")+"\n", string(want); g != w {
		t.Errorf("findings differ from %s (run go test ./internal/e2e -update to accept):\ngot:\n%s\nwant:\n%s", golden, g, w)
	}
}

func TestVetToolMatchesStandalone(t *testing.T) {
	requireLibzmq(t)
	dir := demoDir(t)
	_, stderr, _ := run(t, dir, zmqlint, "./...")
	standalone := findings(t, dir, stderr)
	_, vetErr, code := run(t, dir, "go", "vet", "-vettool="+zmqlint, "./...")
	if code == 0 {
		t.Fatalf("go vet -vettool exited 0 despite findings:\n%s", vetErr)
	}
	vet := findings(t, dir, vetErr)
	if strings.Join(vet, "\n") != strings.Join(standalone, "\n") {
		t.Errorf("go vet -vettool findings differ from standalone:\nvet:\n%s\nstandalone:\n%s",
			strings.Join(vet, "\n"), strings.Join(standalone, "\n"))
	}
}

func TestJSON(t *testing.T) {
	requireLibzmq(t)
	dir := demoDir(t)
	stdout, stderr, code := run(t, dir, zmqlint, "-json", "./...")
	if code != 0 {
		t.Fatalf("zmqlint -json exit code = %d, want 0; stderr:\n%s", code, stderr)
	}
	// {package: {analyzer: [diagnostic...]}}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(stdout), &tree); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, stdout)
	}
	// The x/tools JSON format has no URL; drivers build it from the
	// analyzer's URL and the category, which must be a heading of the
	// check's docs page.
	n := 0
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct{ Posn, Message, Category string }
			if err := json.Unmarshal(raw, &diags); err != nil {
				continue // an {"error": ...} entry
			}
			page, err := os.ReadFile(filepath.Join("..", "..", "docs", name+".md"))
			if err != nil {
				t.Errorf("%s: no docs page for analyzer %s: %v", pkg, name, err)
				continue
			}
			for _, d := range diags {
				n++
				if d.Category == "" || !strings.Contains(string(page), "\n## "+d.Category+"\n") {
					t.Errorf("%s %s: diagnostic %q has category %q, which is no heading of docs/%s.md", pkg, name, d.Message, d.Category, name)
				}
			}
		}
	}
	if n == 0 {
		t.Errorf("-json reported no diagnostics:\n%s", stdout)
	}
}

func TestFixCompilesAndSilences(t *testing.T) {
	requireLibzmq(t)
	src := demoDir(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	_, before, _ := run(t, dir, zmqlint, "./...")
	_, stderr, _ := run(t, dir, zmqlint, "-fix", "./...")
	if _, out, code := run(t, dir, "go", "build", "./..."); code != 0 {
		t.Fatalf("go build after -fix failed:\n%s\n(zmqlint -fix said:\n%s)", out, stderr)
	}
	if _, out, code := run(t, dir, "go", "vet", "./..."); code != 0 {
		t.Fatalf("go vet after -fix failed:\n%s", out)
	}
	_, after, _ := run(t, dir, zmqlint, "./...")
	if got, was := findings(t, dir, after), findings(t, dir, before); len(got) >= len(was) {
		t.Errorf("-fix removed no finding: before %d, after %d:\n%s", len(was), len(got), strings.Join(got, "\n"))
	} else if len(got) > 0 {
		t.Logf("findings left after -fix (no fix offered, or fixes that conflicted and were skipped):\n%s", strings.Join(got, "\n"))
	}
}

// TestRing400FinishesAsVetTool is issue 19 item 1 end to end: the ring of
// 400 helpers (bench/gen -shape ring) spun past 300 s, standalone and under
// go vet -vettool. Both must now finish well within the limit and agree.
func TestRing400FinishesAsVetTool(t *testing.T) {
	requireLibzmq(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ring")
	if _, stderr, code := run(t, root, "go", "run", "./bench/gen", "-shape", "ring", "-n", "400", "-o", dir); code != 0 {
		t.Fatalf("bench/gen: exit %d:\n%s", code, stderr)
	}
	timed := func(name string, args ...string) (string, time.Duration) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		if ctx.Err() != nil {
			t.Fatalf("%s %v did not finish in 150 s (the ring is exponential again?)", name, args)
		}
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		return stderr.String(), time.Since(start)
	}
	standalone, d1 := timed(zmqlint, "./...")
	vet, d2 := timed("go", "vet", "-vettool="+zmqlint, "./...")
	t.Logf("ring of 400: standalone %v, go vet -vettool %v", d1, d2)
	s, v := findings(t, dir, standalone), findings(t, dir, vet)
	if len(s) < 400 {
		t.Errorf("standalone: %d findings, want one per ring function (400)", len(s))
	}
	if strings.Join(s, "\n") != strings.Join(v, "\n") {
		t.Errorf("go vet -vettool findings differ from standalone (%d vs %d)", len(v), len(s))
	}
}

// TestHelperFactsInZeroMQFreePackage: a helper in a package of the module
// that imports no binding (wire) writes its []byte parameter; the
// writesParams fact reaches the ZeroMQ package that calls it, under go vet
// (vetx files, the vet config's module) as standalone. Also a view
// (bufio.Scanner.Bytes) reused by the next Scan. go-zeromq is pure Go: no
// libzmq needed.
func TestHelperFactsInZeroMQFreePackage(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "testdata", "realapi", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var keep []string
	for _, l := range strings.Split(string(sum), "\n") {
		for _, m := range []string{"github.com/go-zeromq/zmq4 v0.17.0", "golang.org/x/sync v0.7.0", "golang.org/x/text v0.15.0"} {
			if strings.HasPrefix(l, m+" ") {
				keep = append(keep, l)
			}
		}
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.sum": strings.Join(keep, "\n") + "\n",
		"go.mod": "module myservice\n\ngo 1.26\n\nrequire github.com/go-zeromq/zmq4 v0.17.0\n\n" +
			"require (\n\tgolang.org/x/sync v0.7.0 // indirect\n\tgolang.org/x/text v0.15.0 // indirect\n)\n",
		"wire/wire.go": "package wire\n\nimport \"encoding/binary\"\n\n" +
			"func PutSeq(b []byte, seq uint64) { binary.BigEndian.PutUint64(b, seq) }\n",
		"pub/pub.go": `package pub

import (
	"bufio"
	"io"

	"github.com/go-zeromq/zmq4"

	"myservice/wire"
)

func Loop(s zmq4.Socket, n int) {
	b := make([]byte, 8)
	for i := 0; i < n; i++ {
		wire.PutSeq(b, uint64(i))
		s.Send(zmq4.NewMsg(b))
	}
}

func Lines(s zmq4.Socket, r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		s.Send(zmq4.NewMsg(sc.Bytes()))
	}
}
`,
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"pub/pub.go:15: b is modified after it was handed to Send on line 16",
		"pub/pub.go:22: sc.Scan() reuses the buffer that sc.Bytes() views (sc.Bytes() on line 23",
	}
	check := func(mode, out string) {
		got := findings(t, dir, out)
		if len(got) != len(want) {
			t.Fatalf("%s: %d findings, want %d:\n%s", mode, len(got), len(want), out)
		}
		for i := range want {
			if !strings.HasPrefix(got[i], want[i]) {
				t.Errorf("%s: finding %d = %q, want prefix %q", mode, i, got[i], want[i])
			}
		}
	}
	_, stderr, code := run(t, dir, zmqlint, "./...")
	if code != 3 {
		t.Fatalf("zmqlint ./...: exit %d, want 3:\n%s", code, stderr)
	}
	check("standalone", stderr)
	_, vetErr, _ := run(t, dir, "go", "vet", "-vettool="+zmqlint, "./...")
	check("go vet -vettool", vetErr)
}
