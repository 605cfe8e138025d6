package spawn_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/zmqlint/zmqlint/passes/internal/spawn"
)

// TestRowsMatchRealPackages checks every row against the real standard
// library and golang.org/x/sync: the function exists, and its callback
// argument is a function (Func) or an http.Handler (Handler).
func TestRowsMatchRealPackages(t *testing.T) {
	if testing.Short() {
		t.Skip("loads net/http")
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes}
	pkgs, err := packages.Load(cfg, "net/http", "time", "context", "sync", "golang.org/x/sync/errgroup")
	if err != nil {
		t.Fatal(err)
	}
	funcs := map[string]*types.Func{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			obj := scope.Lookup(name)
			if fn, ok := obj.(*types.Func); ok {
				funcs[fn.FullName()] = fn
			}
			if tn, ok := obj.(*types.TypeName); ok {
				ms := types.NewMethodSet(types.NewPointer(tn.Type()))
				for i := range ms.Len() {
					if fn, ok := ms.At(i).Obj().(*types.Func); ok {
						funcs[fn.FullName()] = fn
					}
				}
			}
		}
	}
	isHandler := func(t types.Type) bool {
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Handler"
	}
	for _, r := range spawn.Rows {
		fn, ok := funcs[r.Func]
		if !ok {
			t.Errorf("row %s: no such function", r.Func)
			continue
		}
		if got, ok := spawn.Lookup(fn); !ok || got.Func != r.Func {
			t.Errorf("row %s: Lookup does not find it", r.Func)
		}
		sig := fn.Type().(*types.Signature)
		switch r.Kind {
		case spawn.ServerHandler:
			if sig.Recv() == nil || !strings.Contains(sig.Recv().Type().String(), "net/http.Server") {
				t.Errorf("row %s: ServerHandler on a non-Server method", r.Func)
			}
			continue
		case spawn.Func, spawn.Handler:
		default:
			t.Errorf("row %s: unknown kind", r.Func)
			continue
		}
		if r.Arg >= sig.Params().Len() {
			t.Errorf("row %s: argument %d out of range", r.Func, r.Arg)
			continue
		}
		pt := sig.Params().At(r.Arg).Type()
		_, isFunc := pt.Underlying().(*types.Signature)
		if r.Kind == spawn.Func && !isFunc {
			t.Errorf("row %s: argument %d is %s, not a function", r.Func, r.Arg, pt)
		}
		if r.Kind == spawn.Handler && !isHandler(pt) {
			t.Errorf("row %s: argument %d is %s, not an http.Handler", r.Func, r.Arg, pt)
		}
		if r.Cancel == spawn.TimerStop && !strings.HasSuffix(sig.Results().String(), "*time.Timer)") {
			t.Errorf("row %s: TimerStop but returns %s", r.Func, sig.Results())
		}
		if r.Cancel == spawn.CallResult && sig.Results().String() != "(stop func() bool)" {
			t.Errorf("row %s: CallResult but returns %s", r.Func, sig.Results())
		}
	}
	for _, w := range spawn.Wrappers {
		fn, ok := funcs[w.Func]
		if !ok {
			t.Errorf("wrapper %s: no such function", w.Func)
			continue
		}
		sig := fn.Type().(*types.Signature)
		if w.Arg >= sig.Params().Len() || !isHandler(sig.Params().At(w.Arg).Type()) || sig.Results().Len() != 1 || !isHandler(sig.Results().At(0).Type()) {
			t.Errorf("wrapper %s: argument %d is not the wrapped Handler", w.Func, w.Arg)
		}
	}
	if fn, ok := funcs[spawn.TimerStopMethod]; !ok || !spawn.IsTimerStop(fn) {
		t.Errorf("%s: not found", spawn.TimerStopMethod)
	}
	// Not rows: (*sync.Once).Do runs f on the caller's goroutine.
	if fn, ok := funcs["(*sync.Once).Do"]; !ok {
		t.Error("(*sync.Once).Do: not found")
	} else if _, ok := spawn.Lookup(fn); ok {
		t.Error("(*sync.Once).Do must not be a row")
	}
}
