package driver

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkParse measures what parser.SkipObjectResolution saves when
// parsing (load's ParseFile; go/packages' default resolves objects):
// the non-test files of a few large standard packages, parsed with the
// mode go/packages uses and with the flag added (docs/performance.md).
func BenchmarkParse(b *testing.B) {
	type file struct {
		name string
		src  []byte
	}
	var files []file
	size := 0
	for _, pkg := range []string{"net/http", "go/types", "runtime", "encoding/json"} {
		names, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", filepath.FromSlash(pkg), "*.go"))
		for _, n := range names {
			if strings.HasSuffix(n, "_test.go") {
				continue
			}
			src, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, file{n, src})
			size += len(src)
		}
	}
	if len(files) == 0 {
		b.Skip("no GOROOT sources")
	}
	for _, mode := range []struct {
		name string
		mode parser.Mode
	}{
		{"resolve", parser.AllErrors | parser.ParseComments},
		{"skip", parser.AllErrors | parser.ParseComments | parser.SkipObjectResolution},
	} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				fset := token.NewFileSet()
				for _, f := range files {
					if _, err := parser.ParseFile(fset, f.name, f.src, mode.mode); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
