package zmqapi_test

import (
	"go/constant"
	"go/types"
	"testing"

	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

// TestTrapsMatchRealBindings checks the misuse check's tables
// (zmqapi/misuse.go) against the real bindings: every trap row resolves
// to a function of the expected signature, the leaking flag is a non-zero
// integer constant that fits the flags parameter, and the socket types
// named are constructors' types.
func TestTrapsMatchRealBindings(t *testing.T) {
	pkgs := typesByPath(t)
	m := zmqapi.Default
	for _, r := range m.TrapRows() {
		id := r.Pkg + " " + r.Recv + "." + r.Name
		pkg := pkgs[r.Pkg]
		if pkg == nil {
			t.Errorf("%s: package not loaded", id)
			continue
		}
		fn, why := lookupFunc(pkg, r.Recv, r.Name)
		if fn == nil {
			t.Errorf("%s: %s", id, why)
			continue
		}
		if got := zmqapi.SigString(fn.Type().(*types.Signature), pkg); got != r.Sig {
			t.Errorf("%s: signature\n\treal:  %s\n\ttable: %s", id, got, r.Sig)
		}
		if got := m.TrapOf(fn); got != r.Trap {
			t.Errorf("%s: TrapOf = %v, want %v", id, got, r.Trap)
		}
	}

	goczmq := pkgs["github.com/go-zeromq/goczmq/v4"]
	if goczmq == nil {
		t.Fatal("goczmq not loaded")
	}
	fn, why := lookupFunc(goczmq, "Sock", "SendFrame")
	if fn == nil {
		t.Fatal(why)
	}
	lf, ok := m.LeakFlagOf(fn)
	if !ok {
		t.Fatal("SendFrame has no leak flag")
	}
	sig := fn.Type().(*types.Signature)
	c, ok := goczmq.Scope().Lookup(lf.Flag).(*types.Const)
	switch {
	case !ok:
		t.Errorf("no constant %s", lf.Flag)
	case c.Val().Kind() != constant.Int || constant.Sign(c.Val()) == 0:
		t.Errorf("%s = %s, want a non-zero integer", lf.Flag, c.Val())
	case lf.Arg >= sig.Params().Len() || !types.AssignableTo(c.Type(), sig.Params().At(lf.Arg).Type()):
		t.Errorf("%s does not fit argument %d of SendFrame", lf.Flag, lf.Arg)
	case !lf.Has(goczmq, c.Val()):
		t.Errorf("Has(%s) = false", lf.Flag)
	}
	more, _ := goczmq.Scope().Lookup("FlagMore").(*types.Const)
	if more != nil && lf.Has(goczmq, more.Val()) {
		t.Errorf("Has(FlagMore) = true")
	}

	ctorTypes := map[string]bool{}
	for _, e := range m.Entries() {
		if e.Binding == zmqapi.GoZeromq && e.Role == zmqapi.NewSocket {
			ctorTypes[e.SocketType] = true
		}
	}
	for _, typ := range []string{"PUB", "XPUB", "ROUTER"} {
		if !ctorTypes[typ] || !m.EmptyMsgPanics(zmqapi.GoZeromq, typ) {
			t.Errorf("go-zeromq %s: constructor %v, EmptyMsgPanics %v", typ, ctorTypes[typ], m.EmptyMsgPanics(zmqapi.GoZeromq, typ))
		}
	}
	if i, ok := m.SharedRecvFrame(zmqapi.GoZeromq, "ROUTER"); !ok || i != 0 || !ctorTypes["ROUTER"] {
		t.Errorf("SharedRecvFrame(ROUTER) = %d, %v", i, ok)
	}
}
