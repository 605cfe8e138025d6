package robust

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// noFix is a shape of finding that is reported without a suggested fix on
// purpose: no edit is known to be safe there. Each entry names the docs
// section that says why and what to do instead; TestFixCoverage fails on a
// finding without a fix that no entry covers, so a new fixless shape is a
// decision written down here and in the docs, not an accident.
type noFix struct {
	analyzer, category string
	message            *regexp.Regexp // matches the finding's message
	doc                string         // docs/<file>#<anchor>-ish: the file and a phrase it contains
	phrase             string
}

// noFixShapes is the documented list of findings without a fix. An entry
// is a category (narrowed by a message pattern where the category has
// fixes in other shapes) and the docs page and phrase that say why.
var noFixShapes = []noFix{
	{"directive", "unknown-check", anyMessage, "suppress.md", "which check was\nmeant is a guess"},
	{"lifecycle", "directive", regexp.MustCompile(`has no reason`), "suppress.md", "the reason is yours"},
	{"lifecycle", "leaked-socket", anyMessage, "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "leaked-context", anyMessage, "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "term-while-open", anyMessage, "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "use-after-close", anyMessage, "lifecycle.md", "## Findings without a fix"},
	{"lifecycle", "linger-unit", anyMessage, "lifecycle.md", "a local variable `time` shadows it"},
	{"multipart", "abandoned-multipart", regexp.MustCompile(`no edit is offered`), "multipart.md", "### No safe edit"},
	{"zerocopy", "modified-after-handover", anyMessage, "zerocopy.md", "No fix is offered when"},
	{"misuse", "empty-message", anyMessage, "misuse.md", "No fix when the frames are not a variable"},
	{"misuse", "frame-reuse-leak", anyMessage, "misuse.md", "No fix when\nthe flags are a constant of your own"},
	// sockshare's only edit moves a use above the go statement; a race
	// between running goroutines has no edit that keeps the program's
	// structure (docs/sockshare.md).
	{"sockshare", "shared-socket", anyMessage, "sockshare.md", "## Findings without a fix"},
	{"sockshare", "goroutines-share", anyMessage, "sockshare.md", "## Findings without a fix"},
	{"sockshare", "shared-poller", anyMessage, "sockshare.md", "## Findings without a fix"},
}

// anyMessage matches every message.
var anyMessage = regexp.MustCompile(``)

// checkTrees are the testdata/src subtrees of the checks (stubs, robust and
// helper analyzers' trees excluded).
var checkTrees = []string{"lifecycle", "multipart", "sockshare", "zerocopy", "misuse", "directive"}

// checkPackages lists the packages (directories with .go files) of trees.
func checkPackages(t *testing.T, trees ...string) []string {
	t.Helper()
	return packageDirs(t, ".go", trees)
}

// TestFixCoverage runs every check over all of its testdata and the demo
// module and requires a suggested fix on every finding, except the shapes
// of noFixShapes. It logs the coverage per check (findings with a fix /
// all), the figure the closing notes quote.
func TestFixCoverage(t *testing.T) {
	t.Parallel() // the time goes to waiting for go list
	gopath := gopathCopy(t, checkTrees...)
	findings := jsonFindings(t, filepath.Join(gopath, "src"), gopathEnv(gopath), checkPackages(t, checkTrees...)...)
	if err := exec.Command("pkg-config", "--exists", "libzmq").Run(); err != nil && os.Getenv("CI") != "true" {
		t.Log("libzmq headers not installed: the demo module is not included")
	} else {
		dir := t.TempDir()
		copyTree(t, filepath.Join(repoRoot(t), "testdata", "demo"), dir)
		findings = append(findings, jsonFindings(t, dir, demoEnv(), "./...")...)
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
		if len(f.SuggestedFixes) > 0 {
			for _, fix := range f.SuggestedFixes {
				if strings.TrimSpace(fix.Message) == "" || strings.EqualFold(fix.Message, "fix") {
					t.Errorf("%s: fix without a message a person can choose by: %q", f.Posn, fix.Message)
				}
			}
			c.fixed++
			continue
		}
		covered := false
		for i, s := range noFixShapes {
			if s.analyzer == f.analyzer && s.category == f.Category && s.message.MatchString(f.Message) {
				used[i], covered = true, true
				break
			}
		}
		if !covered {
			uncovered = append(uncovered, fmt.Sprintf("%s: %s [%s]: %s", f.Posn, f.analyzer, f.Category, f.Message))
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
	for i, s := range noFixShapes {
		if !used[i] {
			t.Errorf("noFixShapes[%d] (%s %s %q) matches no finding: test it or drop it", i, s.analyzer, s.category, s.message)
		}
		data, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", s.doc))
		if err != nil || !strings.Contains(string(data), s.phrase) {
			t.Errorf("noFixShapes[%d]: docs/%s does not say why (%q)", i, s.doc, s.phrase)
		}
	}
}
