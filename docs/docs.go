// Package docs embeds zmqlint's documentation pages, so that the binary
// can give each rule's help in SARIF from the same text as the docs.
package docs

import (
	"embed"
	"regexp"
	"strings"
)

//go:embed *.md
var pages embed.FS

// relLink matches a Markdown link to another page of docs/.
var relLink = regexp.MustCompile(`\]\(([A-Za-z0-9_.-]+\.md(?:#[^)\s]*)?)\)`)

// Section returns the Markdown of the section of page (e.g.
// "lifecycle.md") under the "## heading" line, without that line, up to
// the next "## " heading; with heading "", the page's introduction before
// its first "## " heading, without the title. Links to other pages are
// made absolute with base, so the text reads the same outside the
// repository. It returns false if there is no such page or section.
func Section(page, heading, base string) (string, bool) {
	data, err := pages.ReadFile(page)
	if err != nil {
		return "", false
	}
	text := "\n" + strings.ReplaceAll(string(data), "\r\n", "\n")
	start := 0
	if heading == "" {
		if strings.HasPrefix(text, "\n# ") {
			start = strings.Index(text[1:], "\n") + 1
		}
	} else {
		i := strings.Index(text, "\n## "+heading+"\n")
		if i < 0 {
			return "", false
		}
		start = i + len("\n## "+heading+"\n")
	}
	body := text[start:]
	if end := strings.Index(body, "\n## "); end >= 0 {
		body = body[:end]
	}
	body = relLink.ReplaceAllString(body, "]("+base+"$1)")
	return strings.TrimSpace(body), true
}
