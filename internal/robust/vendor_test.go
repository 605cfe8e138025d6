package robust

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVendoredBinding: in GOPATH mode a vendored binding is the package
// "<dir>/vendor/github.com/pebbe/zmq4"; the model must know it by its
// import path, so every check reports on lifecycle/vendored exactly what
// it reports on the same file importing the GOPATH copy of the binding.
func TestVendoredBinding(t *testing.T) {
	t.Parallel() // the time goes to loading and type-checking
	gopath := gopathCopy(t, "lifecycle/vendored")
	src := filepath.Join(gopath, "src", "lifecycle", "vendored", "vendored.go")
	plain := filepath.Join(gopath, "src", "plainbinding")
	if err := os.MkdirAll(plain, 0o755); err != nil {
		t.Fatal(err)
	}
	data := readFile(t, src)
	if err := os.WriteFile(filepath.Join(plain, "vendored.go"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	byPkg := map[string][]string{}
	for _, d := range analyzeAll(t, loadGOPATH(t, gopath, "lifecycle/vendored", "plainbinding")) {
		pkg := filepath.Base(filepath.Dir(d.file))
		d.file = filepath.Base(d.file)
		byPkg[pkg] = append(byPkg[pkg], d.String())
	}
	vendored, plainDiags := strings.Join(byPkg["vendored"], "\n"), strings.Join(byPkg["plainbinding"], "\n")
	if vendored != plainDiags {
		t.Errorf("findings with the vendored binding:\n%s\nwith the binding from GOPATH:\n%s", vendored, plainDiags)
	}
	for _, a := range []string{"lifecycle", "multipart", "sockshare"} {
		if !strings.Contains(vendored, "["+a+"]") {
			t.Errorf("no %s finding on the vendored binding; the comparison would be vacuous:\n%s", a, vendored)
		}
	}
}
