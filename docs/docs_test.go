package docs

import (
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// TestEveryCategoryHasASection: each category of the registry is a
// heading of the page its diagnostics link to, and SARIF's help text
// comes from there.
func TestEveryCategoryHasASection(t *testing.T) {
	for _, c := range append(registry.Checks(), registry.Directive) {
		for _, cat := range c.Categories {
			url := registry.URL(c.Name, cat.Name)
			page, anchor, _ := strings.Cut(strings.TrimPrefix(url, registry.DocsBase), "#")
			if text, ok := Section(page, anchor, registry.DocsBase); !ok || text == "" {
				t.Errorf("%s/%s links to %s, which has no section %q", c.Name, cat.Name, page, anchor)
			}
		}
		if intro, ok := Section(c.Name+".md", "", registry.DocsBase); c.Name != registry.Directive.Name && (!ok || intro == "") {
			t.Errorf("docs/%s.md: no introduction", c.Name)
		}
	}
}

func TestSection(t *testing.T) {
	got, ok := Section("suppress.md", "directive", "https://example.com/docs/")
	if !ok || strings.Contains(got, "\n## ") || strings.HasPrefix(got, "## ") {
		t.Fatalf("Section(suppress.md, directive) = %q, %v", got, ok)
	}
	if _, ok := Section("suppress.md", "no such heading", ""); ok {
		t.Error("a missing heading was found")
	}
	if _, ok := Section("nosuch.md", "", ""); ok {
		t.Error("a missing page was found")
	}
	intro, _ := Section("lifecycle.md", "", "https://example.com/docs/")
	if strings.HasPrefix(intro, "# ") || strings.Contains(intro, "\n## ") {
		t.Errorf("introduction of lifecycle.md:\n%s", intro)
	}
	if strings.Contains(intro, "](suppress.md") || strings.Contains(got, "](suppress.md") {
		t.Errorf("relative links are left:\n%s", intro)
	}
}
