package owner_test

import (
	"go/types"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/zmqlint/zmqlint/internal/testutil"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
)

func testdata(t *testing.T) string {
	dir := testutil.TestData(t)
	return dir
}

// TestFacts: the zmqOwns fact of each owner type, direct fields,
// containers, embedded structs of this package and of another (imported
// fact).
func TestFacts(t *testing.T) {
	analysistest.Run(t, testdata(t), owner.Analyzer, "owner/types", "owner/user")
}

// TestAccesses: loads, stores and address uses, attributed to the
// outermost owner through embedded fields.
func TestAccesses(t *testing.T) {
	rs := analysistest.Run(t, testdata(t), owner.Analyzer, "owner/access")
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	res := rs[0].Result.(*owner.Result)
	var got []string
	for _, a := range res.Accesses {
		got = append(got, a.String()+" root "+rootName(a.RootKind))
	}
	sort.Strings(got)
	want := []string{
		"addr T.sock in leak root param",
		"load T.base.s in embedded root param",
		"load T.ctx in close root param",
		"load T.list in each root param",
		"load T.sock in close$1 root free",
		"load T.sock in other$1 root free",
		"store T.base.s in New root alloc",
		"store T.ctx in New root alloc",
		"store T.sock in New root alloc",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("accesses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	methods := map[string]string{}
	for _, a := range res.Accesses {
		m := "-"
		if fn := a.Method(); fn != nil {
			m = fn.Name()
		}
		methods[a.String()] = m
	}
	for acc, m := range map[string]string{
		"load T.sock in close$1": "close", "load T.ctx in close": "close", "load T.sock in other$1": "-",
		"store T.sock in New": "-", "load T.base.s in embedded": "embedded",
	} {
		if methods[acc] != m {
			t.Errorf("%s: method %q, want %q", acc, methods[acc], m)
		}
	}
	for _, a := range res.Accesses {
		if a.Field.Name == "list" && len(a.Elems) != 1 {
			t.Errorf("%s: %d elements, want 1", a, len(a.Elems))
		}
	}
	// MethodsTouching: each method once, literals counted at the method
	// whose receiver they captured, constructors and other values left out.
	for _, a := range res.Accesses {
		if a.Field.Name != "sock" {
			continue
		}
		var names []string
		for _, m := range res.MethodsTouching(a.Field) {
			names = append(names, m.Name())
		}
		sort.Strings(names)
		if got, want := strings.Join(names, ","), "close,leak"; got != want {
			t.Errorf("MethodsTouching(sock) = %s, want %s", got, want)
		}
		break
	}
	if res.Of(types.Universe.Lookup("int").(*types.TypeName)) != nil {
		t.Error("int is no owner type")
	}
}

func rootName(k owner.RootKind) string {
	return map[owner.RootKind]string{owner.RootOther: "other", owner.RootParam: "param", owner.RootFree: "free",
		owner.RootAlloc: "alloc", owner.RootGlobal: "global"}[k]
}

// TestBuffers: byte-buffer fields are modelled apart from resource fields,
// with their shape, and their accesses.
func TestBuffers(t *testing.T) {
	rs := analysistest.Run(t, testdata(t), owner.Analyzer, "owner/bufs")
	if len(rs) != 1 {
		t.Fatalf("%d results", len(rs))
	}
	res := rs[0].Result.(*owner.Result)
	if len(res.Types) != 0 || len(res.Accesses) != 0 {
		t.Errorf("buffer fields leak into the resource model: %d types, %d accesses", len(res.Types), len(res.Accesses))
	}
	if len(res.BufferTypes) != 1 {
		t.Fatalf("%d buffer types, want 1", len(res.BufferTypes))
	}
	bt := res.BufferTypes[0]
	if res.BufferOf(bt.Obj) != bt {
		t.Error("BufferOf does not find the type")
	}
	var got []string
	for _, f := range bt.Fields {
		got = append(got, f.Name+" "+map[owner.BufShape]string{owner.ByteSlice: "slice", owner.ByteArray: "array",
			owner.BytesBuffer: "buffer", owner.BytesBufferPtr: "*buffer"}[f.Buf]+" "+f.Kind.String())
	}
	want := "buf slice buffer, hdr array buffer, bb buffer buffer, pb *buffer buffer"
	if strings.Join(got, ", ") != want {
		t.Errorf("fields %q, want %q", strings.Join(got, ", "), want)
	}
	var accs []string
	for _, a := range res.BufferAccesses {
		m := "-"
		if fn := a.Method(); fn != nil {
			m = fn.Name()
		}
		accs = append(accs, a.String()+" method "+m)
	}
	sort.Strings(accs)
	wantAccs := []string{
		"addr B.bb in fill method fill",
		"addr B.hdr in fill method fill",
		"load B.buf in fill method fill",
		"load B.pb in fill method fill",
		"store B.buf in fill method fill",
	}
	if strings.Join(accs, "\n") != strings.Join(wantAccs, "\n") {
		t.Errorf("accesses:\n%s\nwant:\n%s", strings.Join(accs, "\n"), strings.Join(wantAccs, "\n"))
	}
}

// TestValueReceiver: a value receiver's copy, kept in a local or not, is
// the receiver (its fields are the caller's sockets); a local copy of
// another value is not a method's access.
func TestValueReceiver(t *testing.T) {
	rs := analysistest.Run(t, testdata(t), owner.Analyzer, "owner/valrecv")
	res := rs[0].Result.(*owner.Result)
	var got []string
	for _, a := range res.Accesses {
		m := "-"
		if fn := a.Method(); fn != nil {
			m = fn.Name()
		}
		got = append(got, a.String()+" root "+rootName(a.RootKind)+" method "+m)
	}
	sort.Strings(got)
	want := []string{
		"load V.sock in copyOf root alloc method -",
		"load V.sock in plain root param method plain",
		"load V.sock in shut root param method shut",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("accesses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
