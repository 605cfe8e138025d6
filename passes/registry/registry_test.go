package registry_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zmqlint/zmqlint/passes/registry"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in, check, cat, err string
	}{
		{"lifecycle", "lifecycle", "", ""},
		{"lifecycle/leaked-socket", "lifecycle", "leaked-socket", ""},
		{"sockshare/directive", "sockshare", "directive", ""},
		{"lifecylce", "", "", `unknown check "lifecylce"`},
		{"lifecycle/leaked-sockets", "", "", `check lifecycle has no category "leaked-sockets" (its categories: leaked-socket,`},
		{"lifecycle/", "", "", `check lifecycle has no category ""`},
		{"directive", "", "", `unknown check "directive"`},
		{"", "", "", `unknown check ""`},
	} {
		check, cat, err := registry.Parse(tc.in)
		if check != tc.check || cat != tc.cat || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Parse(%q) = %q, %q, %v; want %q, %q, error containing %q", tc.in, check, cat, err, tc.check, tc.cat, tc.err)
		}
	}
}

func TestURLAndCode(t *testing.T) {
	base := registry.DocsBase
	for _, tc := range []struct{ check, cat, url, code string }{
		{"lifecycle", "leaked-socket", base + "lifecycle.md#leaked-socket", "lifecycle/leaked-socket"},
		{"lifecycle", "directive", base + "suppress.md#directive", "lifecycle/directive"},
		{"directive", "unknown-check", base + "suppress.md#unknown-check", "directive/unknown-check"},
		{"zerocopy", "", base + "zerocopy.md", "zerocopy"},
		{"zerocopy", "nosuch", base + "zerocopy.md", "zerocopy/nosuch"},
		{"other", "x", base + "other.md", "other/x"},
	} {
		if got := registry.URL(tc.check, tc.cat); got != tc.url {
			t.Errorf("URL(%q, %q) = %q, want %q", tc.check, tc.cat, got, tc.url)
		}
		if got := registry.Code(tc.check, tc.cat); got != tc.code {
			t.Errorf("Code(%q, %q) = %q, want %q", tc.check, tc.cat, got, tc.code)
		}
	}
	if got := registry.WithCode("m", "lifecycle", "linger-unit"); got != "m (lifecycle/linger-unit)" {
		t.Errorf("WithCode = %q", got)
	}
}

func TestFlags(t *testing.T) {
	fs := registry.Flags("lifecycle")
	c, _ := registry.Lookup("lifecycle")
	for _, cat := range c.Categories {
		if !registry.Enabled(&fs, cat.Name) {
			t.Errorf("category %s is off by default", cat.Name)
		}
	}
	if err := fs.Parse([]string{"-linger-unit=false"}); err != nil {
		t.Fatal(err)
	}
	if registry.Enabled(&fs, "linger-unit") || !registry.Enabled(&fs, "leaked-socket") {
		t.Errorf("-linger-unit=false: want only linger-unit off")
	}
	if !registry.Enabled(&fs, "no-such-category") {
		t.Errorf("a category without a flag is off")
	}
	// Each call is a new set: flags of one run do not leak into another.
	if again := registry.Flags("lifecycle"); !registry.Enabled(&again, "linger-unit") {
		t.Errorf("Flags shares state between calls")
	}
}

// TestChecksMatchSources: the categories each check package declares (its
// cat* constants) are exactly the registry's, directive aside.
func TestChecksMatchSources(t *testing.T) {
	for _, c := range registry.Checks() {
		var want []string
		for _, cat := range c.Categories {
			if cat.Name != registry.DirectiveCategory {
				want = append(want, cat.Name)
			}
		}
		got := categoryConsts(t, filepath.Join("..", c.Name))
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("passes/%s declares categories %v, the registry %v", c.Name, got, want)
		}
	}
	if got, want := registry.Names(), []string{"lifecycle", "zerocopy", "multipart", "sockshare", "misuse"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
}

// categoryConsts returns the string constants named cat* of the package
// in dir.
func categoryConsts(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var cats []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range vs.Names {
				if !strings.HasPrefix(id.Name, "cat") || i >= len(vs.Values) {
					continue
				}
				if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, _ := strconv.Unquote(lit.Value)
					cats = append(cats, s)
				}
			}
			return true
		})
	}
	return cats
}
