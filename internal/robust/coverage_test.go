package robust

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/passes/registry"
)

// noFix is one shape of finding reported without a suggested fix on
// purpose: no edit is known to be safe there. The check marks such a
// diagnostic with the shape's name (report.NoFix); TestFixCoverage fails
// on a fixless finding whose (check, category, shape) no row lists, and
// on a row no finding of the testdata has, so every fixless shape is a
// decision written down here and in the docs, with a test case, not an
// accident.
type noFix struct {
	analyzer, category, shape string
	reason                    string // why no edit is safe, in short
	doc                       string // docs/<file> that says why ...
	phrase                    string // ... in a passage containing this
}

// noFixShapes is the documented list of findings without a fix.
var noFixShapes = []noFix{
	{"directive", "unknown-check", "unknown-name", "which check was meant is a guess", "suppress.md", "which check was\nmeant is a guess"},
	{"lifecycle", "directive", "no-reason", "the reason is the author's", "suppress.md", "the reason is yours"},
	{"lifecycle", "leaked-socket", "leak-on-path", "no Close placement is safe on every leaking path", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-context", "leak-on-path", "no Term placement is safe on every leaking path", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "leak-in-loop", "a defer in the loop body would close what the caller receives", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "field-never-closed", "the added Close would race a goroutine, or has no place", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-context", "field-never-closed", "the added Term would race a goroutine, or has no place", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "field-closed-on-some-paths", "the condition that skips the close is the author's", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "embedded-close-not-called", "the embedded Close may not be safe there", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "term-while-open", "field-term-not-reorderable", "the late close is deferred and the Term direct, or the statements are not one plain list", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "promoted-close-only-embedded", "the fix would declare a new close method of the author's type", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "term-while-open", "defers-not-swappable", "the swap would cross a defer that may wait, or a return", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "term-while-open", "term-open-socket-goroutine", "a goroutine that uses the socket runs at the Term: a Close before it would race", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "use-after-close", "closed-before-use", "the Close is not one plain statement outside loops", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "use-after-close", "field-used-after-close", "reopen, move the Close or drop the use: the author's call", "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-socket", "loop-closed-in-body", "the body closes it on some path before the early exit: neither a local close nor an in-loop defer is safe", "lifecycle.md", "no edit is\noffered at all"},
	{"lifecycle", "close-without-linger", "linger-set-on-path", "a SetLinger before the Close would override the author's", "lifecycle.md", "no linger edit is offered"},
	{"lifecycle", "linger-unit", "time-shadowed", "the time package is not reachable by its name", "lifecycle.md", "a local variable `time` shadows it"},
	{"multipart", "abandoned-multipart", "skipped-guarded-part", "the skip happens on other iterations too", "multipart.md", "### No safe edit"},
	{"multipart", "abandoned-multipart", "open-on-some-paths", "a final part there would be an extra message on the last iteration", "multipart.md", "### No safe edit"},
	{"multipart", "abandoned-multipart", "request-reply-socket", "an empty final part would be a request or reply the peer acts on", "multipart.md", "### No safe edit"},
	{"multipart", "abandoned-multipart", "no-statement-point", "the edit cannot be placed or would name another socket", "multipart.md", "### No safe edit"},
	{"zerocopy", "modified-after-handover", "no-copy-point", "the buffer is not an expression at the send", "zerocopy.md", "No fix is offered when"},
	{"misuse", "empty-message", "frames-not-variable", "the length check needs a variable", "misuse.md", "No fix when the frames are not a variable"},
	{"misuse", "frame-reuse-leak", "own-flag-constant", "the flags are a constant of the user's", "misuse.md", "No fix when\nthe flags are a constant of your own"},
	{"sockshare", "shared-socket", "launcher-use-may-block", "moving a send or receive changes the message order; no mutex guards the goroutine's use", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-poller", "launcher-use-may-block", "moving a send or poll changes the order; no mutex guards the goroutine's use", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "launcher-move-blocked", "the option call depends on what runs in between, or is not its own statement", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "launcher-close-kept", "the Close cannot be handed to the goroutine", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-poller", "launcher-close-kept", "the reactor runs handlers that may close the socket", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "launcher-several-uses", "no single statement to move, lock or hand over", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "launcher-go-in-loop", "the moved or handed-over use would race the previous iteration's goroutine", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "launcher-callback", "a callback may run at any time, or never: nothing to hand over to", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "method-no-common-mutex", "the loop holds no mutex; locking it changes its blocking", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "method-promoted", "the outer type's lock is out of the embedded method's reach", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-socket", "method-lock-may-deadlock", "a caller in the package may hold the mutex", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "goroutines-share", "handler-self-race", "a handler races with itself: a new mutex or owner goroutine is structure", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "goroutines-share", "loop-goroutines", "an owner goroutine outside the loop is structure", "sockshare.md", "## Findings without a fix"},
	{"sockshare", "goroutines-share", "two-goroutines", "two running goroutines: merging them is structure", "sockshare.md", "## Findings without a fix"},
}

// checkTrees are the testdata/src subtrees of the checks (stubs, robust and
// helper analyzers' trees excluded).
var checkTrees = []string{"lifecycle", "multipart", "sockshare", "zerocopy", "misuse", "directive"}

// checkPackages lists the packages (directories with .go files) of trees.
func checkPackages(t *testing.T, trees ...string) []string {
	t.Helper()
	return packageDirs(t, ".go", trees)
}

// coverageFinding is one diagnostic of the coverage run: its check, and
// the no-fix shape its check recorded for it ("" for none).
type coverageFinding struct {
	analyzer, category, posn, message, shape string
	fixMessages                              []string
}

// coverageFindings runs the suite (the always-on directive pass included)
// in-process over pkgs and returns every root diagnostic with its shape,
// read from the check's *registry.Result.
func coverageFindings(t *testing.T, pkgs []*packages.Package) []coverageFinding {
	t.Helper()
	graph, err := checker.Analyze(append(analyzers.All(), analyzers.Always()...), pkgs, &checker.Options{})
	if err != nil {
		t.Fatalf("checker.Analyze: %v", err)
	}
	var out []coverageFinding
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
			continue
		}
		if !act.IsRoot {
			continue
		}
		shapes := map[string]string{}
		if res, ok := act.Result.(*registry.Result); ok && res != nil {
			for _, s := range res.NoFix {
				shapes[fmt.Sprint(s.Pos, s.Category, s.Message)] = s.Shape
			}
		}
		for _, d := range act.Diagnostics {
			f := coverageFinding{
				analyzer: act.Analyzer.Name, category: d.Category, message: d.Message,
				posn:  act.Package.Fset.Position(d.Pos).String(),
				shape: shapes[fmt.Sprint(d.Pos, d.Category, d.Message)],
			}
			for _, fix := range d.SuggestedFixes {
				f.fixMessages = append(f.fixMessages, fix.Message)
			}
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].posn+out[i].message < out[j].posn+out[j].message })
	return out
}

// TestFixCoverage runs every check over all of its testdata and the demo
// module and requires a suggested fix on every finding, except the shapes
// of noFixShapes. It logs the coverage per check (findings with a fix /
// all), the figures docs/reliability.md quotes.
func TestFixCoverage(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list
	gopath := gopathCopy(t, checkTrees...)
	findings := coverageFindings(t, loadGOPATH(t, gopath, checkPackages(t, checkTrees...)...))
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil && os.Getenv("CI") != "true" {
		t.Log("libzmq headers not installed: the demo module is not included")
	} else {
		dir := t.TempDir()
		copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo"), dir)
		cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: demoEnv()}
		pkgs, err := packages.Load(cfg, "./...")
		if err != nil || packages.PrintErrors(pkgs) > 0 {
			t.Fatalf("loading the demo module: %v", err)
		}
		findings = append(findings, coverageFindings(t, pkgs)...)
	}
	type count struct{ fixed, all int }
	per := map[string]*count{}
	used := make([]bool, len(noFixShapes))
	var uncovered []string
	for _, f := range findings {
		c := per[f.analyzer]
		if c == nil {
			c = &count{}
			per[f.analyzer] = c
		}
		c.all++
		if len(f.fixMessages) > 0 {
			for _, m := range f.fixMessages {
				if strings.TrimSpace(m) == "" || strings.EqualFold(m, "fix") {
					t.Errorf("%s: fix without a message a person can choose by: %q", f.posn, m)
				}
			}
			c.fixed++
			continue
		}
		covered := false
		for i, s := range noFixShapes {
			if s.analyzer == f.analyzer && s.category == f.category && s.shape == f.shape {
				used[i], covered = true, true
				break
			}
		}
		if !covered {
			shape := f.shape
			if shape == "" {
				shape = "no shape: mark it with report.NoFix"
			}
			uncovered = append(uncovered, fmt.Sprintf("%s: %s/%s (%s): %s", f.posn, f.analyzer, f.category, shape, f.message))
		}
	}
	var names []string
	for n := range per {
		names = append(names, n)
	}
	sort.Strings(names)
	all, fixed := 0, 0
	for _, n := range names {
		c := per[n]
		all, fixed = all+c.all, fixed+c.fixed
		t.Logf("%-10s %3d of %3d findings have a fix (%.0f%%)", n, c.fixed, c.all, 100*float64(c.fixed)/float64(c.all))
	}
	if all > 0 {
		t.Logf("%-10s %3d of %3d findings have a fix (%.0f%%)", "all", fixed, all, 100*float64(fixed)/float64(all))
	}
	for _, u := range uncovered {
		t.Errorf("no fix, and not a documented no-fix shape (noFixShapes): %s", u)
	}
	seen := map[[3]string]bool{}
	for i, s := range noFixShapes {
		k := [3]string{s.analyzer, s.category, s.shape}
		if seen[k] {
			t.Errorf("noFixShapes[%d] (%s/%s %s) is listed twice", i, s.analyzer, s.category, s.shape)
		}
		seen[k] = true
		if !used[i] {
			t.Errorf("noFixShapes[%d] (%s/%s %s) matches no finding: test it or drop it", i, s.analyzer, s.category, s.shape)
		}
		data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", s.doc))
		if err != nil || !strings.Contains(string(data), s.phrase) {
			t.Errorf("noFixShapes[%d]: docs/%s does not say why (%q)", i, s.doc, s.phrase)
		}
		if !strings.Contains(string(data), "`"+s.shape+"`") {
			t.Errorf("noFixShapes[%d]: docs/%s does not name the shape `%s`", i, s.doc, s.shape)
		}
	}
}
