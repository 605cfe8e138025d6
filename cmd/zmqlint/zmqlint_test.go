package main_test

// End-to-end tests: build the zmqlint binary once (with CGO_ENABLED=0, as
// it must build) and run it as a user would, standalone and under go vet,
// on a small module that uses the real github.com/pebbe/zmq4.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

var zmqlintBin string

// goroutineTrace matches the header of a goroutine dump ("goroutine 1 [running]:").
var goroutineTrace = regexp.MustCompile(`(?m)^goroutine \d+ \[`)

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "zmqlint-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	zmqlintBin = filepath.Join(dir, "zmqlint")
	if runtime.GOOS == "windows" {
		zmqlintBin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", zmqlintBin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building zmqlint with CGO_ENABLED=0: %v\n%s", err, out)
		return 1
	}
	// The binary's analysis cache goes to this run's temporary directory
	// (empty at the start, removed at the end), not the user's cache.
	os.Setenv("ZMQLINT_CACHE", filepath.Join(dir, "cache"))
	return m.Run()
}

const leakSrc = testutil.LeakSrc

const wantMsg = "socket s is not closed on all paths"

// writeModule writes a module using pebbe/zmq4 with the given files and
// returns its directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	sum, err := os.ReadFile(filepath.Join("..", "..", "testdata", "realapi", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var pebbeSum []string
	for _, l := range strings.SplitAfter(string(sum), "\n") {
		if strings.HasPrefix(l, "github.com/pebbe/zmq4 ") {
			pebbeSum = append(pebbeSum, l)
		}
	}
	all := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n\nrequire github.com/pebbe/zmq4 v1.4.0\n",
		"go.sum": strings.Join(pebbeSum, ""),
	}
	for k, v := range files {
		all[k] = v
	}
	for name, content := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the zmqlint binary (or, with name "go", the go command) in dir.
func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	if name == "" {
		name = zmqlintBin
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout.String(), stderr.String(), 0}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		r.code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	if strings.Contains(r.stderr, "panic:") || goroutineTrace.MatchString(r.stderr) {
		t.Fatalf("%s %v panicked:\n%s", name, args, r.stderr)
	}
	return r
}

// findingLines returns the diagnostic lines of text output (without the
// one-line note about the API stub), with dir replaced by "$DIR".
func findingLines(stderr, dir string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if l == "" || strings.Contains(l, "built-in API stub") {
			continue
		}
		keep = append(keep, strings.ReplaceAll(l, dir, "$DIR"))
	}
	return strings.Join(keep, "\n")
}

func TestText(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc})
	r := run(t, dir, nil, "", "./...")
	if r.code != 3 {
		t.Fatalf("exit code %d, want 3; stderr:\n%s", r.code, r.stderr)
	}
	want := "$DIR/main.go:10:25: " + wantMsg
	if got := findingLines(r.stderr, dir); !strings.Contains(got, want) {
		t.Errorf("text output:\n%s\nwant a line starting %q", got, want)
	}
	if r.stdout != "" {
		t.Errorf("text mode wrote to stdout: %q", r.stdout)
	}

	// Selecting no check: nothing to report.
	if r := run(t, dir, nil, "", "-lifecycle=false", "./..."); r.code != 0 || r.stderr != "" {
		t.Errorf("-lifecycle=false: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc})
	r := run(t, dir, nil, "", "-json", "./...")
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	var tree map[string]map[string][]struct {
		Category       string `json:"category"`
		Posn           string `json:"posn"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, r.stdout)
	}
	diags := tree["example.com/m"]["lifecycle"]
	if len(diags) != 1 || !strings.Contains(diags[0].Message, wantMsg) || diags[0].Category != "leaked-socket" ||
		!strings.HasSuffix(diags[0].Posn, "main.go:10:25") || len(diags[0].SuggestedFixes) == 0 {
		t.Errorf("-json diagnostics: %+v", diags)
	}
}

func TestSARIF(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc})
	r := run(t, dir, nil, "", "-sarif", "./...")
	if r.code != 0 {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	validateSARIF(t, r.stdout)
	if again := run(t, dir, nil, "", "-sarif", "./..."); again.stdout != r.stdout {
		t.Errorf("-sarif output differs between two runs")
	}

	var log struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				RelatedLocations []json.RawMessage `json:"relatedLocations"`
				Fixes            []struct {
					Description     struct{ Text string }
					ArtifactChanges []struct {
						Replacements []struct {
							DeletedRegion struct {
								ByteOffset int `json:"byteOffset"`
								ByteLength int `json:"byteLength"`
							} `json:"deletedRegion"`
							InsertedContent struct{ Text string } `json:"insertedContent"`
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run0 := log.Runs[0]
	if run0.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run0.ColumnKind)
	}
	if len(run0.Results) != 1 {
		t.Fatalf("got %d results, want 1", len(run0.Results))
	}
	res := run0.Results[0]
	rule := run0.Tool.Driver.Rules[res.RuleIndex]
	if res.RuleID != "lifecycle/leaked-socket" || rule.ID != res.RuleID ||
		rule.HelpURI != "https://github.com/zmqlint/zmqlint/blob/main/docs/lifecycle.md#leaked-socket" {
		t.Errorf("rule: result %q, rule %+v", res.RuleID, rule)
	}
	loc := res.Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "main.go" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
		loc.Region.StartLine != 10 || loc.Region.StartColumn != 25 {
		t.Errorf("location: %+v", loc)
	}
	if len(res.RelatedLocations) == 0 {
		t.Errorf("no related locations")
	}
	if len(res.Fixes) == 0 || len(res.Fixes[0].ArtifactChanges) != 1 ||
		!strings.Contains(res.Fixes[0].ArtifactChanges[0].Replacements[0].InsertedContent.Text, "defer s.Close()") {
		t.Errorf("fixes: %+v", res.Fixes)
	}
}

func validateSARIF(t *testing.T, doc string) {
	t.Helper()
	c := jsonschema.NewCompiler()
	schemaFile, err := filepath.Abs(filepath.Join("..", "..", "internal", "driver", "testdata", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatalf("compiling the SARIF schema: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("-sarif output does not parse: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("-sarif output does not validate against the SARIF 2.1.0 schema: %v\n%s", err, doc)
	}
}

func TestFix(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc})

	r := run(t, dir, nil, "", "-diff", "./...")
	if r.code != 3 || !strings.Contains(r.stdout, "+\tdefer s.Close()") || !strings.HasPrefix(r.stdout, "--- a/main.go\n+++ b/main.go\n") {
		t.Errorf("-diff: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "main.go")); string(data) != leakSrc {
		t.Errorf("-diff changed main.go")
	}

	r = run(t, dir, nil, "", "-fix", "./...")
	if r.code != 0 {
		t.Fatalf("-fix: exit %d; stderr:\n%s", r.code, r.stderr)
	}
	if b := run(t, dir, nil, "go", "build", "./..."); b.code != 0 {
		t.Fatalf("go build after -fix failed:\n%s", b.stderr)
	}
	if r := run(t, dir, nil, "", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestFixReadOnly(t *testing.T) {
	t.Parallel()
	if os.Getuid() == 0 {
		t.Skip("root can write read-only files")
	}
	dir := writeModule(t, map[string]string{"main.go": leakSrc})
	if err := os.Chmod(filepath.Join(dir, "main.go"), 0o444); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, nil, "", "-fix", "./...")
	if r.code != 1 || !strings.Contains(r.stderr, "no file was changed") {
		t.Errorf("-fix on a read-only file: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestTypeError(t *testing.T) {
	t.Parallel()
	bad := "package main\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc main() {\n\ts, _ := zmq.NewSocket(zmq.PUSH)\n\ts.Connect(undefinedThing)\n}\n"
	dir := writeModule(t, map[string]string{"bad.go": bad, "good/main.go": leakSrc})
	for _, mode := range [][]string{{}, {"-fix"}, {"-json"}, {"-sarif"}} {
		r := run(t, dir, nil, "", append(mode, "./...")...)
		if r.code != 1 {
			t.Errorf("%v: exit %d, want 1; stderr:\n%s", mode, r.code, r.stderr)
		}
		want := "zmqlint: type error in package example.com/m: " + filepath.Join(dir, "bad.go") + ":7:12: undefined: undefinedThing"
		if !strings.Contains(r.stderr, want) {
			t.Errorf("%v: stderr:\n%s\nwant %q", mode, r.stderr, want)
		}
		if mode == nil && !strings.Contains(r.stderr, wantMsg) {
			t.Errorf("the well-typed package was not analyzed:\n%s", r.stderr)
		}
		if len(mode) == 1 && mode[0] == "-sarif" {
			validateSARIF(t, r.stdout)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "good", "main.go")); string(data) != leakSrc {
		t.Errorf("-fix changed a file although the packages had type errors")
	}
}

// TestNoCgo checks the fallback to the built-in API stub: without cgo, and
// with cgo but without libzmq's pkg-config/headers, the findings are the
// same as with them.
func TestNoCgo(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc, "sub/sub.go": "package sub\n\nimport zmq \"github.com/pebbe/zmq4\"\n\nfunc Open() (*zmq.Socket, error) { return zmq.NewSocket(zmq.SUB) }\n"})
	base := run(t, dir, nil, "", "./...")
	if base.code != 3 {
		t.Fatalf("baseline: exit %d, stderr:\n%s", base.code, base.stderr)
	}
	want := findingLines(base.stderr, dir)
	envs := map[string][]string{
		"CGO_ENABLED=0": {"CGO_ENABLED=0", "PKG_CONFIG_PATH=/nonexistent"},
		// A pkg-config that fails, as when libzmq-dev is missing; the
		// CGO_CFLAGS change keeps the build cache from answering.
		"no headers": {"PKG_CONFIG=false", "CGO_CFLAGS=-O2 -g -DZMQLINT_TEST_NO_HEADERS"},
	}
	for name, env := range envs {
		r := run(t, dir, env, "", "./...")
		if r.code != 3 {
			t.Errorf("%s: exit %d, stderr:\n%s", name, r.code, r.stderr)
		}
		if got := findingLines(r.stderr, dir); got != want {
			t.Errorf("%s: findings\n%s\nwant (as with cgo)\n%s", name, got, want)
		}
		if n := strings.Count(r.stderr, "type-checking github.com/pebbe/zmq4 against zmqlint's built-in API stub"); n != 1 {
			t.Errorf("%s: the stub note appears %d times, want once:\n%s", name, n, r.stderr)
		}
	}
}

func TestVet(t *testing.T) {
	t.Parallel()
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil {
		t.Skip("go vet needs libzmq headers (pkg-config libzmq) to build pebbe/zmq4")
	}
	dir := writeModule(t, map[string]string{"main.go": leakSrc})
	r := run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "./...")
	if r.code == 0 || !strings.Contains(r.stderr, "main.go:10:25: "+wantMsg) {
		t.Errorf("go vet: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "-lifecycle=false", "./...")
	if r.code != 0 {
		t.Errorf("go vet -lifecycle=false: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	// go vet passes -v on to the tool (unitchecker declares it, as a
	// no-op): the vet protocol is unchanged, and the standalone progress
	// report is not printed.
	r = run(t, dir, nil, "go", "vet", "-v", "-vettool="+zmqlintBin, "./...")
	if r.code == 0 || !strings.Contains(r.stderr, "main.go:10:25: "+wantMsg) || strings.Contains(r.stderr, "analys") || r.stdout != "" {
		t.Errorf("go vet -v: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestProtocolAndUsage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if r := run(t, dir, nil, "", "-V=full"); r.code != 0 || !strings.Contains(r.stdout, "version devel") || !strings.Contains(r.stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, stdout %q", r.code, r.stdout)
	}
	// "go vet -vettool" parses -V=full (cmd/go toolID): "version", a
	// third field with "devel", and the content hash last.
	if r := run(t, dir, nil, "", "-V=full"); !strings.Contains(r.stdout, " version devel zmqlint@") {
		t.Errorf("-V=full does not name the module version: %q", r.stdout)
	}
	for _, args := range [][]string{{"-V"}, {"-version"}, {"--version"}, {"version"}} {
		if r := run(t, dir, nil, "", args...); r.code != 0 || !strings.HasPrefix(r.stdout, "zmqlint ") || !strings.Contains(r.stdout, "built with go") {
			t.Errorf("zmqlint %v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	r := run(t, dir, nil, "", "-flags")
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil || r.code != 0 {
		t.Errorf("-flags: exit %d, %v, stdout %q", r.code, err, r.stdout)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "no packages given"},
		{[]string{"-bogus", "./..."}, 2, "flag provided but not defined"},
		{[]string{"-V=bogus"}, 2, "unsupported flag value"},
		{[]string{"-json", "-sarif", "./..."}, 2, "cannot be combined"},
		{[]string{"-fix", "-json", "./..."}, 2, "cannot be combined"},
		{[]string{"-help"}, 0, "Exit codes"},
		{[]string{"-help"}, 0, "-tags"},
		{[]string{"help", "nosuchcheck"}, 2, "no check named"},
	} {
		r := run(t, dir, nil, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr+r.stdout, tc.want) {
			t.Errorf("zmqlint %v: exit %d (want %d), output:\n%s%s", tc.args, r.code, tc.code, r.stdout, r.stderr)
		}
	}
	if r := run(t, dir, nil, "", "help"); r.code != 0 || !strings.Contains(r.stdout, "lifecycle") {
		t.Errorf("help: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// directiveSrc has a finding silenced by a category directive and a
// directive whose check name is a typo.
const directiveSrc = `package main

import zmq "github.com/pebbe/zmq4"

func ignored() {
	//zmqlint:ignore lifecycle/leaked-socket the pool closes it
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
}

func typo() {
	//zmqlint:ignore lifecylce a typo silences nothing
	s, _ := zmq.NewSocket(zmq.PUSH)
	s.Send("x", 0)
	s.Close()
}
`

// TestCodes: every output names each finding's code and links its docs;
// directives and flags accept check/category; a directive typo is
// reported whichever checks run.
func TestCodes(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc, "ignore.go": directiveSrc})
	const leakURL = "https://github.com/zmqlint/zmqlint/blob/main/docs/lifecycle.md#leaked-socket"

	r := run(t, dir, nil, "", "./...")
	got := findingLines(r.stderr, dir)
	for _, want := range []string{
		"$DIR/main.go:10:25: " + wantMsg + ": the return on line 15 leaks it (call Close) (lifecycle/leaked-socket)\n",
		"$DIR/ignore.go:12:2: zmqlint:ignore directive names no known check (lifecylce)",
		"(directive/unknown-check)\n",
		"zmqlint: about lifecycle/leaked-socket: " + leakURL + "\n",
		"zmqlint: about directive/unknown-check: https://github.com/zmqlint/zmqlint/blob/main/docs/suppress.md#unknown-check",
	} {
		if !strings.Contains(got+"\n", want) {
			t.Errorf("text output:\n%s\nwant it to contain %q", got, want)
		}
	}
	if strings.Contains(got, "ignore.go:7") {
		t.Errorf("the category directive did not silence its finding:\n%s", got)
	}

	// A category off: the leak goes, the typo stays; the whole check off:
	// the typo still stays.
	for _, flag := range []string{"-lifecycle.leaked-socket=false", "-lifecycle=false", "-zerocopy"} {
		r := run(t, dir, nil, "", flag, "./...")
		got := findingLines(r.stderr, dir)
		if r.code != 3 || strings.Contains(got, wantMsg) || !strings.Contains(got, "(directive/unknown-check)") {
			t.Errorf("%s: exit %d, output:\n%s\nwant only the directive typo", flag, r.code, got)
		}
	}

	r = run(t, dir, nil, "", "-json", "./...")
	var tree map[string]map[string][]struct{ Category, Message, URL string }
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, r.stdout)
	}
	if ds := tree["example.com/m"]["lifecycle"]; len(ds) != 1 || ds[0].URL != leakURL || strings.Contains(ds[0].Message, "(lifecycle/") {
		t.Errorf("-json lifecycle diagnostics: %+v (want one, with url %s and no code in the message)", ds, leakURL)
	}
	if ds := tree["example.com/m"]["directive"]; len(ds) != 1 || ds[0].Category != "unknown-check" {
		t.Errorf("-json directive diagnostics: %+v", ds)
	}
}

func TestSARIFSuppressionsAndHelp(t *testing.T) {
	t.Parallel()
	dir := writeModule(t, map[string]string{"main.go": leakSrc, "ignore.go": directiveSrc})
	r := run(t, dir, nil, "", "-sarif", "./...")
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	validateSARIF(t, r.stdout)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Version string
					Rules   []struct {
						ID              string
						FullDescription struct{ Text string }
						Help            struct{ Text, Markdown string }
					}
				}
			}
			Results []struct {
				RuleID       string
				Message      struct{ Text string }
				Fixes        []json.RawMessage
				Suppressions []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	run0 := log.Runs[0]
	if run0.Tool.Driver.Version == "" {
		t.Errorf("tool.driver.version is empty")
	}
	rules := map[string]int{}
	for i, rule := range run0.Tool.Driver.Rules {
		rules[rule.ID] = i
	}
	for _, id := range []string{"lifecycle", "lifecycle/leaked-socket", "lifecycle/linger-unit", "directive/unknown-check"} {
		i, ok := rules[id]
		if !ok {
			t.Errorf("no rule %s", id)
			continue
		}
		rule := run0.Tool.Driver.Rules[i]
		if rule.FullDescription.Text == "" || rule.Help.Markdown == "" || rule.Help.Text == "" {
			t.Errorf("rule %s: fullDescription %q, help %+v", id, rule.FullDescription.Text, rule.Help)
		}
	}
	var open, quiet int
	for _, res := range run0.Results {
		switch {
		case len(res.Suppressions) == 0:
			open++
		case res.RuleID == "lifecycle/leaked-socket" && res.Suppressions[0].Kind == "inSource" &&
			res.Suppressions[0].Justification == "the pool closes it" && len(res.Fixes) == 0:
			quiet++
		default:
			t.Errorf("unexpected suppressed result: %+v", res)
		}
	}
	if open != 2 || quiet != 1 {
		t.Errorf("%d results and %d suppressed, want 2 (leak, directive typo) and 1", open, quiet)
	}
}

func TestVetCodes(t *testing.T) {
	t.Parallel()
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil {
		t.Skip("go vet needs libzmq headers (pkg-config libzmq) to build pebbe/zmq4")
	}
	dir := writeModule(t, map[string]string{"main.go": leakSrc, "ignore.go": directiveSrc})
	r := run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "./...")
	if !strings.Contains(r.stderr, "main.go:10:25: "+wantMsg) || !strings.Contains(r.stderr, "(call Close) (lifecycle/leaked-socket)\n") ||
		!strings.Contains(r.stderr, "(directive/unknown-check)") || strings.Contains(r.stderr, "ignore.go:7") {
		t.Errorf("go vet: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	// Selecting only another check keeps the directive pass on.
	r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "-zerocopy", "./...")
	if strings.Contains(r.stderr, wantMsg) || !strings.Contains(r.stderr, "(directive/unknown-check)") {
		t.Errorf("go vet -zerocopy: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, dir, nil, "go", "vet", "-vettool="+zmqlintBin, "-lifecycle.leaked-socket=false", "./...")
	if strings.Contains(r.stderr, wantMsg) || !strings.Contains(r.stderr, "(directive/unknown-check)") {
		t.Errorf("go vet -lifecycle.leaked-socket=false: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestHelpCode(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := run(t, dir, nil, "", "help", "lifecycle/leaked-socket")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "lifecycle/leaked-socket\n\n") ||
		!strings.Contains(r.stdout, "Documentation: https://github.com/zmqlint/zmqlint/blob/main/docs/lifecycle.md#leaked-socket") {
		t.Errorf("help lifecycle/leaked-socket: exit %d, stdout:\n%s", r.code, r.stdout)
	}
	if r := run(t, dir, nil, "", "help", "lifecycle/nosuch"); r.code != 2 || !strings.Contains(r.stderr, `no category "nosuch"`) {
		t.Errorf("help lifecycle/nosuch: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}
