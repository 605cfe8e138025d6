package main_test

// End-to-end tests of the config file (.zmqlint.json) and the baseline
// (-baseline, -baseline-write).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// twoLeaks has one leaked socket in leak (from leakSrc) and, in pkg sub,
// one in subLeak.
var twoLeaks = map[string]string{
	"main.go": leakSrc,
	"sub/sub.go": `package sub

import zmq "github.com/pebbe/zmq4"

func SubLeak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Bind("tcp://*:5556"); err != nil {
		return err
	}
	return s.Close()
}
`,
}

func TestConfigFile(t *testing.T) {
	files := map[string]string{".zmqlint.json": `{"root": true, "exclude": ["sub"]}`}
	for k, v := range twoLeaks {
		files[k] = v
	}
	dir := writeModule(t, files)

	r := run(t, dir, nil, "", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "main.go") || strings.Contains(r.stderr, "sub.go") {
		t.Fatalf("exclude sub: exit %d, want 3 with main.go's finding only:\n%s", r.code, r.stderr)
	}

	// The nearest file wins: sub re-enables nothing that is excluded
	// above (excludes add up), but a check disabled at the root is
	// enabled again below.
	writeFile(t, dir, ".zmqlint.json", `{"root": true, "checks": ["-lifecycle"]}`)
	writeFile(t, dir, "sub/.zmqlint.json", `{"checks": ["lifecycle/leaked-socket"]}`)
	r = run(t, dir, nil, "", "./...")
	if r.code != 3 || strings.Contains(r.stderr, "main.go") || !strings.Contains(r.stderr, "sub.go") {
		t.Fatalf("-lifecycle at the root, lifecycle/leaked-socket in sub: exit %d, want 3 with sub.go's finding only:\n%s", r.code, r.stderr)
	}
	// JSON and SARIF agree with the text.
	r = run(t, dir, nil, "", "-json", "./...")
	if strings.Contains(r.stdout, "main.go") || !strings.Contains(r.stdout, "sub.go") {
		t.Errorf("-json does not follow the config file:\n%s", r.stdout)
	}
	// A -NAME flag overrides the config files' "checks".
	r = run(t, dir, nil, "", "-lifecycle", "./...")
	if r.code != 3 || !strings.Contains(r.stderr, "main.go") {
		t.Errorf("-lifecycle on the command line: exit %d, want main.go's finding:\n%s", r.code, r.stderr)
	}

	// A bad key: exit 2, the file, the line and the key.
	writeFile(t, dir, "sub/.zmqlint.json", "{\n  \"checks\": [\"lifecycle\"],\n  \"exlcude\": []\n}")
	r = run(t, dir, nil, "", "./...")
	want := filepath.Join(dir, "sub", ".zmqlint.json") + `:3: unknown key "exlcude"`
	if r.code != 2 || !strings.Contains(r.stderr, want) {
		t.Errorf("bad key: exit %d, want 2 and %q:\n%s", r.code, want, r.stderr)
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestBaseline(t *testing.T) {
	dir := writeModule(t, twoLeaks)
	bl := filepath.Join(dir, "zmqlint-baseline.json")

	// Reading a baseline that does not exist is an error that says how
	// to create it: a CI job with a mistyped path must not go green.
	r := run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	if r.code != 2 || !strings.Contains(r.stderr, "-baseline-write") {
		t.Fatalf("missing baseline: exit %d, want 2 and a hint:\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, nil, "", "-baseline-write", "./..."); r.code != 2 {
		t.Errorf("-baseline-write without -baseline: exit %d, want 2", r.code)
	}

	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "-baseline-write", "./...")
	if r.code != 0 || !strings.Contains(r.stderr, "wrote 2 finding(s)") {
		t.Fatalf("-baseline-write: exit %d, want 0 and 2 findings written:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(bl)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 2 || f.Findings[0]["file"] != "main.go" || f.Findings[0]["function"] != "leak" ||
		f.Findings[0]["rule"] != "lifecycle/leaked-socket" || strings.ContainsAny(f.Findings[0]["message"].(string), "0123456789") {
		t.Errorf("baseline entries are not keyed by file, function, rule and a message without line numbers:\n%s", data)
	}

	// Everything is baselined: exit 0, in text, JSON and SARIF.
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	if r.code != 0 || strings.Contains(r.stderr, "not closed") {
		t.Fatalf("baselined run: exit %d, want 0 and no findings:\n%s", r.code, r.stderr)
	}
	// SARIF keeps them, suppressed with kind "external" (the baseline
	// is outside the source), so code scanning shows them as accepted.
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "-sarif", "./...")
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID       string `json:"ruleId"`
				Suppressions []struct {
					Kind, Justification string
				} `json:"suppressions"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil || len(log.Runs) != 1 {
		t.Fatalf("-sarif with a baseline: %v\n%s", err, r.stdout)
	}
	if res := log.Runs[0].Results; len(res) != 2 {
		t.Errorf("baselined SARIF has %d results, want the 2 baselined ones:\n%s", len(res), r.stdout)
	}
	for _, res := range log.Runs[0].Results {
		if len(res.Suppressions) != 1 || res.Suppressions[0].Kind != "external" ||
			!strings.Contains(res.Suppressions[0].Justification, "zmqlint-baseline.json") {
			t.Errorf("baselined %s is not suppressed as external by the baseline: %+v", res.RuleID, res.Suppressions)
		}
	}

	// Insert 5 lines above the finding: still baselined.
	src := strings.Replace(leakSrc, "func leak() error {", "// one\n// two\n// three\n// four\n// five\nfunc leak() error {", 1)
	writeFile(t, dir, "main.go", src)
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	if r.code != 0 || strings.Contains(r.stderr, "not closed") {
		t.Fatalf("after inserting 5 lines: exit %d, want 0 (still baselined):\n%s", r.code, r.stderr)
	}

	// A new finding is reported (exit 3), the baselined ones are not.
	src = strings.Replace(src, "func main()", `func leak2() error {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5557"); err != nil {
		return err
	}
	return nil
}

func main()`, 1)
	writeFile(t, dir, "main.go", src)
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	line := strings.Count(src[:strings.Index(src, "zmq.NewSocket(zmq.PULL)")], "\n") + 1
	want := fmt.Sprintf("main.go:%d:", line)
	if r.code != 3 || strings.Count(r.stderr, "is not closed on all paths") != 1 || !strings.Contains(r.stderr, want) {
		t.Fatalf("new finding in leak2: exit %d, want 3 and only leak2's finding (%s):\n%s", r.code, want, r.stderr)
	}

	// Fixed findings are counted and pruned by -baseline-write, which
	// keeps the entries of packages the run did not analyze.
	writeFile(t, dir, "sub/sub.go", "package sub\n")
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	if !strings.Contains(r.stderr, "1 baselined finding(s) no longer occur") {
		t.Errorf("fixed finding not noted:\n%s", r.stderr)
	}
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "-baseline-write", ".")
	if r.code != 0 {
		t.Fatalf("-baseline-write .: exit %d\n%s", r.code, r.stderr)
	}
	data, _ = os.ReadFile(bl)
	if !strings.Contains(string(data), `"sub/sub.go"`) || !strings.Contains(string(data), `"leak2"`) {
		t.Errorf("-baseline-write . dropped sub's entry (not analyzed) or missed leak2:\n%s", data)
	}

	// A corrupt baseline: exit 2, naming the file.
	writeFile(t, dir, "zmqlint-baseline.json", `{"zmqlint_baseline": 1, "findings": [{"fil": "x"}]}`)
	r = run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./...")
	if r.code != 2 || !strings.Contains(r.stderr, "zmqlint-baseline.json") {
		t.Errorf("corrupt baseline: exit %d, want 2 naming the file:\n%s", r.code, r.stderr)
	}
}

// TestBaselineFix: -fix with a baseline fixes only the new findings, and
// its check of the fixed code does not take the baselined ones for
// findings the fixes introduced.
func TestBaselineFix(t *testing.T) {
	dir := writeModule(t, twoLeaks)
	if r := run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "-baseline-write", "./..."); r.code != 0 {
		t.Fatalf("-baseline-write: exit %d\n%s", r.code, r.stderr)
	}
	src := strings.Replace(leakSrc, "func main()", `func leak2() error {
	s, err := zmq.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5557"); err != nil {
		return err
	}
	return nil
}

func main()`, 1)
	writeFile(t, dir, "main.go", src)
	r := run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "-fix", "./...")
	if r.code != 0 || strings.Contains(r.stderr, "introduce") {
		t.Fatalf("-fix with a baseline: exit %d, want 0 and no introduced findings:\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := string(data)
	leak := fixed[strings.Index(fixed, "func leak()"):strings.Index(fixed, "func leak2()")]
	if strings.Contains(leak, "Close") || !strings.Contains(fixed[strings.Index(fixed, "func leak2()"):], "Close") {
		t.Errorf("want leak2 fixed and the baselined leak untouched:\n%s", fixed)
	}
	if r := run(t, dir, nil, "", "-baseline=zmqlint-baseline.json", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, want 0\n%s", r.code, r.stderr)
	}
}
