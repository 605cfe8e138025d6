package robust

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/imports"

	"github.com/zmqlint/zmqlint/internal/testutil"
)

// TestGoldensFormatted: every .golden file (what a fix produces) is gofmt'ed
// and grouped as goimports groups imports (standard library first, then
// the rest), so that a fixed file passes gofmt -l and goimports -l. Issue
// 17 found std imports added into the third-party group.
func TestGoldensFormatted(t *testing.T) {
	root := repoRoot(t)
	n := 0
	for _, src := range testutil.SrcDirs(t) {
		err := filepath.Walk(src, func(path string, info os.FileInfo, err error) error {
			if err != nil || info.IsDir() || !strings.HasSuffix(path, ".go.golden") {
				return err
			}
			n++
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if formatted, err := format.Source(src); err != nil {
				t.Errorf("%s: does not parse: %v", rel, err)
			} else if !bytes.Equal(formatted, src) {
				t.Errorf("%s: not gofmt'ed (gofmt -d shows how)", rel)
			}
			grouped, err := imports.Process(strings.TrimSuffix(path, ".golden"), src, &imports.Options{FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8})
			if err == nil && !bytes.Equal(grouped, src) {
				t.Errorf("%s: imports not grouped as goimports groups them:\n%s", rel, grouped)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n == 0 {
		t.Fatal("no .golden files found")
	}
}
