package main_test

// Where fixes land: in the user's file for a package with its own cgo
// preamble (the checks see cgo's copy in the build cache), at the real
// lines of a file with //line directives, with the file's line endings,
// and never in a generated file. Each mode that carries fixes is checked:
// -fix, -diff, -json, -sarif and go vet -vettool -json.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cgoSrc has its own cgo preamble and a leak whose fix inserts a defer and
// (for the linger finding) an import.
const cgoSrc = `package main

/*
static int one(void) { return 1; }
*/
import "C"

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

func leak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	fmt.Println(C.one())
	return nil
}

func main() { _ = leak() }
`

// compiledFiles returns the CompiledGoFiles of the package in dir that
// are not its GoFiles (cgo's copies), with their contents.
func compiledFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	r := run(t, dir, nil, "go", "list", "-compiled", "-json", ".")
	if r.code != 0 {
		t.Fatalf("go list: %s", r.stderr)
	}
	var p struct {
		Dir             string
		GoFiles         []string
		CompiledGoFiles []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
		t.Fatal(err)
	}
	own := map[string]bool{}
	for _, f := range p.GoFiles {
		own[filepath.Join(p.Dir, f)] = true
	}
	out := map[string]string{}
	for _, f := range p.CompiledGoFiles {
		if !filepath.IsAbs(f) {
			f = filepath.Join(p.Dir, f)
		}
		if own[f] {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(data)
	}
	return out
}

func requireCgo(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler: cgo packages cannot be built")
	}
	if out, _ := exec.Command("go", "env", "CGO_ENABLED").Output(); strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is disabled")
	}
	// Without libzmq's headers zmqlint loads as with CGO_ENABLED=0 and
	// does not analyse files with import "C" (docs/cli.md).
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil {
		t.Skip("no libzmq headers: files with import \"C\" that use pebbe/zmq4 are not analysed")
	}
}

// TestFixCgo: the fix of a finding in a file with import "C" edits that
// file, not cgo's copy in the build cache (it used to write the copy and
// leave the user's file unchanged).
func TestFixCgo(t *testing.T) {
	t.Parallel()
	requireCgo(t)
	dir := writeModule(t, map[string]string{"main.go": cgoSrc})
	copies := compiledFiles(t, dir)
	if len(copies) == 0 {
		t.Fatal("go list shows no cgo copies: the test does not test anything")
	}

	r := run(t, dir, nil, "", "-diff", "./...")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "--- a/main.go\n+++ b/main.go\n") || !strings.Contains(r.stdout, "+\tdefer s.Close()") {
		t.Errorf("-diff: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}

	r = run(t, dir, nil, "", "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	want := strings.Replace(cgoSrc, "\t\treturn err\n\t}\n\tif err := s.Connect", "\t\treturn err\n\t}\n\tdefer s.Close()\n\tif err := s.Connect", 1)
	if string(data) != want {
		t.Errorf("main.go after -fix:\n%s\nwant:\n%s", data, want)
	}
	for name, content := range copies {
		if got, err := os.ReadFile(name); err != nil || string(got) != content {
			t.Errorf("-fix changed cgo's copy %s (err %v)", name, err)
		}
	}
	if b := run(t, dir, nil, "go", "vet", "./..."); b.code != 0 {
		t.Errorf("go vet after -fix: %s", b.stderr)
	}
	if r := run(t, dir, nil, "", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestJSONCgo: -json names the user's file, at its offsets, for a fix in a
// file with import "C" (standalone and under go vet).
func TestJSONCgo(t *testing.T) {
	t.Parallel()
	requireCgo(t)
	dir := writeModule(t, map[string]string{"main.go": cgoSrc})
	main := filepath.Join(dir, "main.go")
	r := run(t, dir, nil, "", "-json", "./...")
	checkJSONEdits(t, "zmqlint -json", r.stdout, main, cgoSrc)
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err == nil {
		r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "-json", "./...")
		checkJSONEdits(t, "go vet -json", r.stdout, main, cgoSrc)
	}
}

type jsonEdit struct {
	Filename   string `json:"filename"`
	Start, End int
	New        string `json:"new"`
}

// checkJSONEdits requires that out (a JSON tree, possibly with go vet's
// "# pkg" lines around it) has at least one fix and that every edit of
// every fix names file, within src.
func checkJSONEdits(t *testing.T, what, out, file, src string) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if !strings.HasPrefix(l, "#") {
			lines = append(lines, l)
		}
	}
	var tree map[string]map[string][]struct {
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Edits []jsonEdit `json:"edits"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(strings.Join(lines, "\n")), &tree); err != nil {
		t.Fatalf("%s: output does not parse: %v\n%s", what, err, out)
	}
	n := 0
	for _, byCheck := range tree {
		for _, diags := range byCheck {
			for _, d := range diags {
				for _, fix := range d.SuggestedFixes {
					for _, e := range fix.Edits {
						n++
						if e.Filename != file || e.Start < 0 || e.End < e.Start || e.End > len(src) {
							t.Errorf("%s: %q: edit %+v, want one in %s within its %d bytes", what, d.Message, e, file, len(src))
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Errorf("%s: no fix edits in\n%s", what, out)
	}
}

// lineSrc has a //line directive before the code (template output): its
// lines are numbered from 100 in reports, but edits use the real ones.
const lineSrc = `package main

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

//line other.tmpl:100
func noLinger() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close()
	ctx.Term()
}

func unused(s *zmq.Socket) {
	//zmqlint:ignore lifecycle nothing to silence
	fmt.Println(s.Send("x", 0))
}

func main() { noLinger(); unused(nil) }
`

const lineFixed = `package main

import (
	"fmt"
	"time"

	zmq "github.com/pebbe/zmq4"
)

//line other.tmpl:100
func noLinger() {
	ctx, _ := zmq.NewContext()
	s, _ := ctx.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.SetLinger(time.Second)
	s.Close()
	ctx.Term()
}

func unused(s *zmq.Socket) {
	fmt.Println(s.Send("x", 0))
}

func main() { noLinger(); unused(nil) }
`

// TestFixLineDirective: in a file with //line directives, lifecycle once
// failed ("invalid line number 102"), go vet panicked, the stale
// directive's removal deleted the wrong lines and -json split one fix
// across the real file and the //line target.
func TestFixLineDirective(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": lineSrc})
	main := filepath.Join(dir, "main.go")

	r := run(t, dir, nil, "", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "other.tmpl:") || strings.Contains(r.stderr, "internal error") {
		t.Errorf("text: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, "", "-json", "./...")
	checkJSONEdits(t, "zmqlint -json", r.stdout, main, lineSrc)
	r = run(t, dir, nil, "", "-sarif", "./...")
	validateSARIF(t, r.stdout)
	{
		var doc struct {
			Runs []struct {
				Results []struct {
					Fixes []struct {
						ArtifactChanges []struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"artifactChanges"`
					} `json:"fixes"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		changes := 0
		for _, res := range doc.Runs[0].Results {
			for _, fix := range res.Fixes {
				for _, c := range fix.ArtifactChanges {
					changes++
					if c.ArtifactLocation.URI != "main.go" {
						t.Errorf("-sarif: a fix changes %s, want main.go", c.ArtifactLocation.URI)
					}
				}
			}
		}
		if changes == 0 {
			t.Errorf("-sarif: no fixes in\n%s", r.stdout)
		}
	}
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err == nil {
		r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "-json", "./...")
		checkJSONEdits(t, "go vet -json", r.stdout, main, lineSrc)
		r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "./...")
		if !strings.Contains(r.stderr, "other.tmpl:") {
			t.Errorf("go vet: stderr:\n%s", r.stderr)
		}
	}

	r = run(t, dir, nil, "", "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(main); string(data) != lineFixed {
		t.Errorf("main.go after -fix:\n%s\nwant:\n%s", data, lineFixed)
	}
}

// TestFixCRLF: a CRLF file keeps CRLF line endings in what a fix inserts,
// and the import goes into the standard library group.
func TestFixCRLF(t *testing.T) {
	t.Parallel()
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	src := strings.Replace(lineSrc, "//line other.tmpl:100\n", "", 1)
	dir := writeModule(t, map[string]string{"main.go": crlf(src)})
	r := run(t, dir, nil, "", "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	want := crlf(strings.Replace(lineFixed, "//line other.tmpl:100\n", "", 1))
	if data, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(data) != want {
		t.Errorf("main.go after -fix:\n%q\nwant:\n%q", data, want)
	}
}

// TestFixGenerated: a generated file is reported in but never edited.
func TestFixGenerated(t *testing.T) {
	t.Parallel()
	src := "// Code generated by a tool; DO NOT EDIT.\n\n" + leakSrc
	dir := writeModule(t, map[string]string{"main.go": src})
	r := run(t, dir, nil, "", "-fix", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, wantMsg) {
		t.Errorf("-fix: exit %d, stderr:\n%s\nwant exit 3 and the finding", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(data) != src {
		t.Errorf("-fix edited a generated file:\n%s", data)
	}
}
