package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var testCatalog = checkCatalog{
	"lifecycle": {"leaked-socket", "term-while-open"},
	"zerocopy":  nil, // categories unknown: any well-formed one is accepted
	"sockshare": nil,
}

func TestParseConfig(t *testing.T) {
	cfg, err := parseConfig("/r/.zmqlint.json", []byte(`{
  "//": "zmqlint config",
  "checks": ["all", "-sockshare", "-lifecycle/term-while-open", "zerocopy/anything"],
  "exclude": ["gen/**", "**/*_mock.go", "./legacy/"],
  "root": true
}`), testCatalog)
	if err != nil {
		t.Fatal(err)
	}
	want := []checkRule{{true, "", ""}, {false, "sockshare", ""}, {false, "lifecycle", "term-while-open"}, {true, "zerocopy", "anything"}}
	if len(cfg.checks) != len(want) {
		t.Fatalf("checks = %v, want %v", cfg.checks, want)
	}
	for i := range want {
		if cfg.checks[i] != want[i] {
			t.Errorf("checks[%d] = %v, want %v", i, cfg.checks[i], want[i])
		}
	}
	if got := strings.Join(cfg.exclude, " "); got != "gen/** **/*_mock.go legacy" {
		t.Errorf("exclude = %q", got)
	}
	if !cfg.root || cfg.dir != "/r" {
		t.Errorf("root = %v, dir = %q", cfg.root, cfg.dir)
	}
}

// TestParseConfigErrors: every error names the file and the line of the
// key or value at fault, and says what is accepted.
func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`{"checks": ["all"],
 "exlude": ["gen"]}`, `c.json:2: unknown key "exlude" (known keys: checks, exclude, root`},
		{`{
  "checks": [
    "all",
    "lifecyle"
  ]
}`, `c.json:4: checks: unknown check "lifecyle" (checks: all, lifecycle, sockshare, zerocopy`},
		{`{"checks": ["lifecycle/leaked-sockets"]}`, `c.json:1: checks: check lifecycle has no category "leaked-sockets" (categories: leaked-socket, term-while-open)`},
		{`{"checks": ["zerocopy/Bad Name"]}`, `c.json:1: checks: "zerocopy/Bad Name": a category is lower-case words`},
		{`{"checks": "all"}`, `c.json:1: checks: want a list of strings`},
		{"{\n\"checks\": [1]}", `c.json:2: checks: want a list of strings`},
		{`{"exclude": ["/abs/**"]}`, `c.json:1: exclude: "/abs/**": patterns are relative to the config file's directory`},
		{`{"exclude": ["../up"]}`, `c.json:1: exclude: "../up": a pattern cannot leave`},
		{`{"exclude": ["a/[b"]}`, `c.json:1: exclude: "a/[b": bad glob "[b"`},
		{`{"exclude": ["a\\b"]}`, `exclude: "a\\b": use '/' as the separator`},
		{`{"root": "yes"}`, `c.json:1: root: want true or false`},
		{"{\"root\": true,\n\"root\": false}", `c.json:2: key "root" appears twice`},
		{"{\n\"checks\": [\"all\",]\n}", `c.json:2: invalid JSON`},
		{"{\"checks\": [\"all\"]\n", `c.json:1: invalid JSON: unexpected end of file`},
		{`["all"]`, `c.json:1: the file must hold one JSON object`},
		{`{} {}`, `c.json:1: unexpected text after the JSON object`},
		{``, `c.json:1: invalid JSON`},
	} {
		_, err := parseConfig("c.json", []byte(tc.src), testCatalog)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseConfig(%q) error = %v, want it to contain %q", tc.src, err, tc.want)
		}
	}
}

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		pat, rel string
		want     bool
	}{
		{"gen", "gen/a.go", true},
		{"gen", "gen/sub/a.go", true},
		{"gen", "x/gen/a.go", false},
		{"gen", "generated/a.go", false},
		{"gen/**", "gen/sub/a.go", true},
		{"**/*_mock.go", "a_mock.go", true},
		{"**/*_mock.go", "x/y/a_mock.go", true},
		{"**/*_mock.go", "x/y/a.go", false},
		{"*.pb.go", "a.pb.go", true},
		{"*.pb.go", "x/a.pb.go", false}, // '*' does not cross '/'
		{"x/**/z.go", "x/z.go", true},
		{"x/**/z.go", "x/a/b/z.go", true},
		{"legacy/old.go", "legacy/old.go", true},
		{"legacy/old.go", "legacy/new.go", false},
	} {
		if got := matchPath(tc.pat, tc.rel); got != tc.want {
			t.Errorf("matchPath(%q, %q) = %v, want %v", tc.pat, tc.rel, got, tc.want)
		}
	}
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestConfigChain: the files from the package's directory up to the first
// "root": true apply, outermost first, so the nearest file's rules win;
// excludes of every file apply, each relative to its own directory.
func TestConfigChain(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"outside/.zmqlint.json":               `{"checks": ["-all"]}`, // above the root: ignored
		"outside/repo/.zmqlint.json":          `{"root": true, "checks": ["-sockshare"], "exclude": ["gen", "**/*_mock.go"]}`,
		"outside/repo/svc/.zmqlint.json":      `{"checks": ["sockshare", "-lifecycle/term-while-open"], "exclude": ["legacy/**"]}`,
		"outside/repo/svc/deep/x.go":          "",
		"outside/repo/other/x.go":             "",
		"outside/repo/svc/legacy/old/x.go":    "",
		"outside/repo/gen/x.go":               "",
		"outside/repo/svc/deep/nested/.keep":  "",
		"outside/repo/svc/deep/nested/a.go":   "",
		"outside/repo/svc/deep/nested/b_mock": "",
	})
	repo := filepath.Join(root, "outside", "repo")
	c := newConfigs(testCatalog)
	for _, tc := range []struct {
		file, check, category string
		flags                 bool
		want                  bool
	}{
		{"other/x.go", "lifecycle", "leaked-socket", false, true},
		{"other/x.go", "sockshare", "shared-socket", false, false},      // repo: -sockshare
		{"svc/deep/x.go", "sockshare", "shared-socket", false, true},    // svc re-enables it
		{"svc/deep/x.go", "lifecycle", "term-while-open", false, false}, // svc: -lifecycle/term-while-open
		{"svc/deep/x.go", "lifecycle", "leaked-socket", false, true},
		{"other/x.go", "sockshare", "shared-socket", true, true},            // a -NAME flag overrides "checks"
		{"svc/legacy/old/x.go", "lifecycle", "leaked-socket", false, false}, // svc's exclude
		{"svc/legacy/old/x.go", "lifecycle", "leaked-socket", true, false},  // excludes hold under flags
		{"gen/x.go", "lifecycle", "leaked-socket", false, false},            // repo's exclude
		{"svc/deep/nested/a_mock.go", "lifecycle", "leaked-socket", false, false},
		{"svc/deep/nested/a.go", "lifecycle", "leaked-socket", false, true},
	} {
		file := filepath.Join(repo, filepath.FromSlash(tc.file))
		if got := c.keep(file, tc.check, tc.category, tc.flags); got != tc.want {
			t.Errorf("keep(%s, %s/%s, flags=%v) = %v, want %v", tc.file, tc.check, tc.category, tc.flags, got, tc.want)
		}
	}
	ch, err := c.chain(filepath.Join(repo, "svc", "deep"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ch) != 2 || ch[0].dir != repo || ch[1].dir != filepath.Join(repo, "svc") {
		t.Errorf("chain of svc/deep = %v, want repo's then svc's file", ch)
	}
}

func TestConfigChainError(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		".zmqlint.json":   `{"root": true}`,
		"a/.zmqlint.json": "{\n  \"check\": [\"all\"]\n}",
	})
	_, err := newConfigs(testCatalog).chain(filepath.Join(root, "a", "b"))
	want := filepath.Join(root, "a", ".zmqlint.json") + `:2: unknown key "check"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestNormaliseMessage(t *testing.T) {
	for in, want := range map[string]string{
		"socket s is not closed on all paths: the return on line 37 leaks it (call Close)": "socket s is not closed on all paths: the return on line N leaks it (call Close)",
		"Term is reached while socket s (line 12) may still be open":                       "Term is reached while socket s (line N) may still be open",
		"on lines 3, 5 and 9":                                "on lines N",
		"see x.go:12:3 and y.go:4":                           "see x.go:N and y.go:N",
		"SetLinger(100) sets a linger of 100ns":              "SetLinger(100) sets a linger of 100ns",
		"the goroutine started on line 12 (Recv on line 14)": "the goroutine started on line N (Recv on line N)",
	} {
		if got := normaliseMessage(in); got != want {
			t.Errorf("normaliseMessage(%q) = %q, want %q", in, got, want)
		}
	}
}
