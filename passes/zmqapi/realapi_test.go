package zmqapi_test

import (
	"bytes"
	"go/constant"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/internal/stubgen"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// The real bindings are loaded (with cgo, against the installed libzmq and
// CZMQ) once for all tests of this file.
var real struct {
	once sync.Once
	pkgs []*packages.Package
	err  error
}

const repoRoot = "../.."

// realBindings returns the real binding packages, pinned by the
// testdata/realapi module. Without libzmq and CZMQ the test is skipped,
// except on CI (CI=true), where that is a failure.
func realBindings(t *testing.T) []*packages.Package {
	t.Helper()
	if err := exec.Command("pkg-config", "--exists", "libzmq", "libczmq").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pkg-config --exists libzmq libczmq: %v; CI must install libzmq3-dev, libczmq-dev and pkg-config", err)
		}
		t.Skipf("libzmq/CZMQ development files not found (pkg-config --exists libzmq libczmq: %v)", err)
	}
	real.once.Do(func() {
		real.pkgs, real.err = stubgen.Load(filepath.Join(repoRoot, stubgen.RealAPIDir), zmqapi.BindingPaths...)
	})
	if real.err != nil {
		t.Fatal(real.err)
	}
	return real.pkgs
}

func typesByPath(t *testing.T) map[string]*types.Package {
	m := map[string]*types.Package{}
	for _, p := range realBindings(t) {
		m[p.PkgPath] = p.Types
	}
	return m
}

// lookupFunc finds the function or method an entry names.
func lookupFunc(pkg *types.Package, recv, name string) (*types.Func, string) {
	if recv == "" {
		fn, ok := pkg.Scope().Lookup(name).(*types.Func)
		if !ok {
			return nil, "no package-level func " + name
		}
		return fn, ""
	}
	tn, ok := pkg.Scope().Lookup(recv).(*types.TypeName)
	if !ok {
		return nil, "no type " + recv
	}
	var t types.Type = tn.Type()
	if !types.IsInterface(t) {
		t = types.NewPointer(t) // the method set of *T holds every method
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, pkg, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return nil, "no method " + recv + "." + name
	}
	return fn, ""
}

func TestTablesMatchRealBindings(t *testing.T) {
	pkgs := typesByPath(t)
	m := zmqapi.Default
	for _, e := range m.Entries() {
		id := e.Pkg + " " + e.Recv + "." + e.Name
		if e.Recv == "" {
			id = e.Pkg + " " + e.Name
		}
		if slices.Contains(zmqapi.LegacyPaths, e.Pkg) {
			continue // not served by the module proxy: cannot be checked
		}
		pkg := pkgs[e.Pkg]
		if pkg == nil {
			t.Errorf("%s: package not loaded", id)
			continue
		}
		fn, why := lookupFunc(pkg, e.Recv, e.Name)
		if fn == nil {
			t.Errorf("%s: %s", id, why)
			continue
		}
		if got := zmqapi.RecvTypeName(fn); got != e.Recv {
			t.Errorf("%s: declared on %q (promoted method?), table says %q", id, got, e.Recv)
		}
		sig := fn.Type().(*types.Signature)
		if got := zmqapi.SigString(sig, pkg); got != e.Sig {
			t.Errorf("%s: signature\n\treal:  %s\n\ttable: %s", id, got, e.Sig)
		}
		if got := m.Lookup(fn); got == nil || got.Role != e.Role {
			t.Errorf("%s: Model.Lookup = %v, want role %v", id, got, e.Role)
		}
		nparams := sig.Params().Len()
		for _, a := range []struct {
			name string
			i    int
		}{{"FlagArg", e.FlagArg}, {"BufArg", e.BufArg}, {"SocketTypeArg", e.SocketTypeArg}} {
			if a.i >= nparams {
				t.Errorf("%s: %s = %d, but it has %d parameters", id, a.name, a.i, nparams)
			}
		}
		if e.MoreFlag != "" {
			c, ok := pkg.Scope().Lookup(e.MoreFlag).(*types.Const)
			switch {
			case !ok:
				t.Errorf("%s: no constant %s", id, e.MoreFlag)
			case c.Val().Kind() != constant.Int || constant.Sign(c.Val()) == 0:
				t.Errorf("%s: constant %s = %s, want a non-zero integer", id, e.MoreFlag, c.Val())
			case e.FlagArg < 0 || e.FlagArg >= nparams:
				t.Errorf("%s: MoreFlag without a valid FlagArg (%d)", id, e.FlagArg)
			case !types.AssignableTo(c.Type(), sig.Params().At(e.FlagArg).Type()):
				t.Errorf("%s: %s of type %s does not fit flags parameter of type %s",
					id, e.MoreFlag, c.Type(), sig.Params().At(e.FlagArg).Type())
			case !e.HasMoreFlag(pkg, c.Val()):
				t.Errorf("%s: HasMoreFlag(%s) = false", id, e.MoreFlag)
			}
		}
	}

	for _, s := range m.SocketTypes() {
		if slices.Contains(zmqapi.LegacyPaths, s.Pkg) {
			continue
		}
		pkg := pkgs[s.Pkg]
		if pkg == nil {
			t.Errorf("socket type %s.%s: package not loaded", s.Pkg, s.Name)
			continue
		}
		tn, ok := pkg.Scope().Lookup(s.Name).(*types.TypeName)
		if !ok || !tn.Exported() {
			t.Errorf("socket type %s.%s: no such exported type", s.Pkg, s.Name)
			continue
		}
		if !m.IsSocketType(tn.Type()) || !m.IsSocketType(types.NewPointer(tn.Type())) {
			t.Errorf("socket type %s.%s: IsSocketType = false", s.Pkg, s.Name)
		}
	}

	for _, f := range m.Fields() {
		if slices.Contains(zmqapi.LegacyPaths, f.Pkg) {
			continue
		}
		id := f.Pkg + " " + f.Recv + "." + f.Name
		pkg := pkgs[f.Pkg]
		if pkg == nil {
			t.Errorf("%s: package not loaded", id)
			continue
		}
		tn, ok := pkg.Scope().Lookup(f.Recv).(*types.TypeName)
		if !ok {
			t.Errorf("%s: no type %s", id, f.Recv)
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(tn.Type(), false, pkg, f.Name)
		v, ok := obj.(*types.Var)
		if !ok || !v.IsField() {
			t.Errorf("%s: no such field", id)
			continue
		}
		if got := m.FieldRole(v); got != f.Role {
			t.Errorf("%s: FieldRole = %v, want %v", id, got, f.Role)
		}
		if f.Role.IsSend() {
			if ch, ok := v.Type().Underlying().(*types.Chan); !ok || ch.Dir() == types.RecvOnly {
				t.Errorf("%s: a send field must be a channel one can send on, is %s", id, v.Type())
			}
		}
	}

	// The one model of Msg.Frames (each binding table's msgs rows) names the real Msg's [][]byte.
	if pkg := pkgs["github.com/go-zeromq/zmq4"]; pkg != nil {
		tn, _ := pkg.Scope().Lookup("Msg").(*types.TypeName)
		if tn == nil {
			t.Error("go-zeromq: no type Msg")
		} else if i, ok := m.MsgFramesField(tn.Type()); !ok {
			t.Error("go-zeromq Msg: MsgFramesField finds no frames field")
		} else if f := tn.Type().Underlying().(*types.Struct).Field(i); f.Type().String() != "[][]byte" {
			t.Errorf("go-zeromq Msg.%s: type %s, want [][]byte", f.Name(), f.Type())
		}
	}
}

func TestStubsMatchRealBindings(t *testing.T) {
	stubs, err := stubgen.GenerateAll(realBindings(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stubs {
		file := filepath.Join(repoRoot, stubgen.StubRoot, stubgen.StubFile(s.Path))
		old, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("stub of %s: %v; regenerate the stubs with: go run ./internal/stubgen/cmd/stubgen -w", s.Path, err)
			continue
		}
		if !bytes.Equal(old, s.Src) {
			t.Errorf("%s does not match the real %s; regenerate the stubs with: go run ./internal/stubgen/cmd/stubgen -w\n%s",
				file, s.Path, firstDiff(old, s.Src))
		}
	}
}

// firstDiff describes the first line where the committed stub differs.
func firstDiff(old, new []byte) string {
	a, b := bytes.Split(old, []byte("\n")), bytes.Split(new, []byte("\n"))
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y []byte
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if !bytes.Equal(x, y) {
			return "first difference at line " + strconv.Itoa(i+1) + ":\n\tcommitted: " + string(x) + "\n\tgenerated: " + string(y)
		}
	}
	return ""
}
