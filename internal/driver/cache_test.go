package driver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/testutil"
)

// TestMain turns the analysis cache off for the package's tests, which
// compare the output of runs (-v's lines among them): the cache tests
// below name their own directories.
func TestMain(m *testing.M) {
	os.Setenv(cacheEnv, "off")
	os.Exit(m.Run())
}

// TestCacheFactCodec: every fact type of every analyzer of the suite (the
// helper passes' too) survives the cache's encoding with every field set.
func TestCacheFactCodec(t *testing.T) {
	n := 0
	for _, a := range analyzerGraph(append(analyzers.All(), analyzers.Always()...)) {
		for _, ft := range a.FactTypes {
			n++
			fact := reflect.New(reflect.TypeOf(ft).Elem())
			fill(fact.Elem(), 0)
			data, err := encodeFact(fact.Interface().(analysis.Fact))
			if err != nil {
				t.Errorf("%s: encoding %T: %v", a.Name, ft, err)
				continue
			}
			got, err := decodeFact(a, factTypeName(reflect.TypeOf(ft)), data)
			if err != nil {
				t.Errorf("%s: decoding %T: %v", a.Name, ft, err)
				continue
			}
			if !reflect.DeepEqual(got, fact.Interface()) {
				t.Errorf("%s: %T round trip: got %+v, want %+v", a.Name, ft, got, fact.Interface())
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d fact types found", n)
	}
}

// fill sets every field of v to a value that is not zero.
func fill(v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(depth + 1))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(depth + 1))
	case reflect.String:
		v.SetString("s" + strconv.Itoa(depth))
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		if depth > 3 {
			return
		}
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			fill(v.Index(i), depth+1)
		}
	}
}

// cacheModule is a GOPATH tree with the pure-Go pebbe stub and three
// packages: a (a finding, and helpers whose facts b needs: Open creates
// a socket, Shut closes its parameter), b (imports a; one finding that
// only a's facts give, one leak a's facts clear) and c (a finding and a
// suppressed one, for SARIF).
func cacheModule(t *testing.T) (string, []string) {
	t.Helper()
	stub := testutil.PebbeStub(t)
	gopath := writeTempModule(t, map[string]string{
		"src/github.com/pebbe/zmq4/zmq4.go": stub,
		"src/example.com/a/a.go": `package a

import zmq "github.com/pebbe/zmq4"

func Open() (*zmq.Socket, error) { return zmq.NewSocket(zmq.PUSH) }

func Shut(s *zmq.Socket) { s.Close() }

// ShutAny and Box are generic: their facts are on the origin objects.
func ShutAny[T any](s *zmq.Socket, _ T) { s.Close() }

type Box[T any] struct{ S *zmq.Socket }

func (b *Box[T]) Shut() { b.S.Close() }

func Leak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	return s.Close()
}
`,
		"src/example.com/b/b.go": `package b

import "example.com/a"

func Use() error {
	s, err := a.Open()
	if err != nil {
		return err
	}
	defer a.Shut(s)
	return s.Connect("tcp://localhost:5555")
}

func Leak() error {
	s, err := a.Open()
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	a.Shut(s)
	return nil
}

func UseGeneric() error {
	s, err := a.Open()
	if err != nil {
		return err
	}
	defer a.ShutAny(s, 0)
	return s.Connect("tcp://localhost:5555")
}

func UseBox() error {
	s, err := a.Open()
	if err != nil {
		return err
	}
	b := &a.Box[int]{S: s}
	defer b.Shut()
	return s.Connect("tcp://localhost:5555")
}
`,
		"src/example.com/c/c.go": `package c

import zmq "github.com/pebbe/zmq4"

func Leak() error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	return s.Close()
}

func Quiet() error {
	s, err := zmq.NewSocket(zmq.PUSH) //zmqlint:ignore lifecycle the test wants a suppressed finding
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	return s.Close()
}
`,
	})
	return filepath.Join(gopath, "src", "example.com"), testEnv("GO111MODULE=off", "GOPATH="+gopath, "PKG_CONFIG=false")
}

var summaryRE = regexp.MustCompile(`analysed (\d+) packages? \((\d+) named(?:, (\d+) from the cache)?\)`)

// cacheHits returns how many packages -v's summary says were analysed and
// how many of them came from the cache.
func cacheHits(t *testing.T, stderr string) (all, hits int) {
	t.Helper()
	m := summaryRE.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no summary line in:\n%s", stderr)
	}
	all, _ = strconv.Atoi(m[1])
	hits, _ = strconv.Atoi(m[3]) // "" when none
	return all, hits
}

// TestCacheReplay: a second run replays every package from the cache with
// byte-identical -json, -sarif and text output; an edit misses the edited
// package and its importers only; a flag that changes what a check
// reports misses everything; corrupt entries are misses, not errors.
func TestCacheReplay(t *testing.T) {
	t.Parallel()
	dir, env := cacheModule(t)
	cache := "-cache=" + t.TempDir()
	outputs := func(args ...string) [3]string {
		t.Helper()
		var out [3]string
		for i, mode := range []string{"-json", "-sarif", "-c=1"} {
			r := runDriver(t, dir, env, append(append([]string{mode}, args...), "./...")...)
			out[i] = r.stdout + r.stderr
		}
		return out
	}
	want := outputs("-cache=off")
	if want[0] == "" || !regexp.MustCompile(`"suppressions"`).MatchString(want[1]) {
		t.Fatalf("the fixture should have findings and a suppressed one:\n%s\n%s", want[0], want[1])
	}
	check := func(step string, wantMisses int, args ...string) {
		t.Helper()
		r := runDriver(t, dir, env, append(append([]string{"-v", "-json", cache}, args...), "./...")...)
		all, hits := cacheHits(t, r.stderr)
		if wantMisses >= 0 && all-hits != wantMisses {
			t.Errorf("%s: %d of %d packages from the cache, want %d misses\n%s", step, hits, all, wantMisses, r.stderr)
		}
	}
	check("first run", -1)
	all, _ := cacheHits(t, runDriver(t, dir, env, "-v", "-json", "-cache=off", "./...").stderr)
	check("second run", 0)
	if got := outputs(cache); got != want {
		t.Errorf("cached outputs differ from uncached:\n%s\nwant:\n%s", got, want)
	}

	appendTo := func(name string) {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(f, "// edited")
		f.Close()
	}
	appendTo("a/a.go")
	check("after editing a", 2) // a and b
	appendTo("c/c.go")
	check("after editing c", 1)
	// b analysed again on a's replayed facts: its finding comes from them.
	appendTo("b/b.go")
	check("after editing b", 1)
	if got, want := outputs(cache), outputs("-cache=off"); got != want {
		t.Errorf("after the edits, cached outputs differ from uncached:\n%s\nwant:\n%s", got, want)
	}
	check("a category flag", all, "-lifecycle.leaked-socket=false")
	check("a category flag, again", 0, "-lifecycle.leaked-socket=false")

	entries, _ := filepath.Glob(filepath.Join(cache[len("-cache="):], "*", "*-e"))
	if len(entries) == 0 {
		t.Fatal("no cache entries written")
	}
	for _, e := range entries {
		if err := os.WriteFile(e, []byte("not an entry"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("corrupt entries", all)
	want = outputs("-cache=off")
	if got := outputs(cache); got != want {
		t.Errorf("after corrupt entries, cached outputs differ from uncached:\n%s\nwant:\n%s", got, want)
	}

	// Truncated export data: a miss too, not a load error.
	exports, _ := filepath.Glob(filepath.Join(cache[len("-cache="):], "*", "*-x"))
	for _, x := range exports {
		data, err := os.ReadFile(x)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(x, data[:len(data)/2], 0o644); err != nil {
			t.Fatal(err)
		}
	}
	check("truncated export data", all)
	if got := outputs(cache); got != want {
		t.Errorf("after truncated export data, cached outputs differ from uncached:\n%s\nwant:\n%s", got, want)
	}

	// A config file and a baseline filter replayed findings as new ones;
	// neither is in the keys (they apply after the analysis).
	if err := os.WriteFile(filepath.Join(dir, ".zmqlint.json"), []byte(`{"exclude": ["c"]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	baseline := filepath.Join(t.TempDir(), "baseline.json")
	if r := runDriver(t, filepath.Join(dir, "a"), env, "-cache=off", "-baseline="+baseline, "-baseline-write", "."); r.code != ExitOK {
		t.Fatalf("-baseline-write: exit %d\n%s", r.code, r.stderr)
	}
	// -baseline-write on replayed findings writes the same file.
	baseline2 := filepath.Join(t.TempDir(), "baseline.json")
	if r := runDriver(t, filepath.Join(dir, "a"), env, cache, "-baseline="+baseline2, "-baseline-write", "."); r.code != ExitOK {
		t.Fatalf("-baseline-write: exit %d\n%s", r.code, r.stderr)
	}
	b1, _ := os.ReadFile(baseline)
	b2, _ := os.ReadFile(baseline2)
	if string(b1) != string(b2) || len(b1) == 0 {
		t.Errorf("baseline written with the cache:\n%s\nwithout:\n%s", b2, b1)
	}
	check("config file and baseline", 0, "-baseline="+baseline)
	want = outputs("-cache=off", "-baseline="+baseline)
	if got := outputs(cache, "-baseline="+baseline); got != want {
		t.Errorf("with a config file and a baseline, cached outputs differ from uncached:\n%s\nwant:\n%s", got, want)
	}
	if regexp.MustCompile(`[ac]\.go:`).MatchString(want[2]) {
		t.Errorf("the config file or the baseline did not apply:\n%s", want[2])
	}
}

// TestCacheAnalyze: the library entry point the editor server uses
// (Analyze) replays from the cache with the same Result, and an overlay
// is part of the key: a buffer that differs from the file on disk is
// analysed, not answered from the disk file's entry.
func TestCacheAnalyze(t *testing.T) {
	t.Parallel()
	dir, env := cacheModule(t)
	cache := t.TempDir()
	req := Request{Patterns: []string{"./..."}, Dir: dir, Env: env, Cache: "off"}
	want, err := Analyze(context.Background(), req, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	req.Cache = cache
	for i := range 2 {
		got, err := Analyze(context.Background(), req, analyzers.All())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("run %d with the cache:\n%+v\nwant\n%+v", i+1, got, want)
		}
	}
	entries, _ := filepath.Glob(filepath.Join(cache, "*", "*-e"))
	if len(entries) == 0 {
		t.Fatal("Analyze wrote no cache entries")
	}

	// The buffer of c.go without the leak: c's finding goes, the others stay.
	cgo := filepath.Join(dir, "c", "c.go")
	src, err := os.ReadFile(cgo)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.Replace(string(src), "\t\treturn err\n\t}\n\treturn s.Close()", "\t\ts.Close()\n\t\treturn err\n\t}\n\treturn s.Close()", 1)
	req.Overlay = map[string][]byte{cgo: []byte(fixed)}
	got, err := Analyze(context.Background(), req, analyzers.All())
	if err != nil {
		t.Fatal(err)
	}
	off := req
	off.Cache = "off"
	if want, err := Analyze(context.Background(), off, analyzers.All()); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("with the overlay and the cache:\n%+v\nwithout the cache:\n%+v (%v)", got, want, err)
	}
	if len(got.Findings) != len(want.Findings)-1 {
		t.Errorf("with the overlay: %d findings, want %d: %+v", len(got.Findings), len(want.Findings)-1, got.Findings)
	}
	for _, f := range got.Findings {
		if f.Posn.Filename == cgo {
			t.Errorf("finding of the file on disk, not the overlay: %+v", f)
		}
	}
}

// TestCacheTrim: trimming removes the entries not used for trimUnused and
// a crashed writer's temporary files, keeps the others, and runs at most
// once per trimInterval.
func TestCacheTrim(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	files := map[string]time.Time{
		"ab/old-e":       now.Add(-trimUnused - time.Hour),
		"ab/fresh-e":     now.Add(-time.Hour),
		"cd/x-e.tmp123":  now.Add(-2 * time.Hour),
		"cd/new-e.tmp45": now,
	}
	for name, mtime := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	trimCache(dir, now)
	for name, keep := range map[string]bool{"ab/old-e": false, "ab/fresh-e": true, "cd/x-e.tmp123": false, "cd/new-e.tmp45": true} {
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if got := err == nil; got != keep {
			t.Errorf("%s kept %v, want %v", name, got, keep)
		}
	}
	// Within the interval, nothing is trimmed.
	old := filepath.Join(dir, "ab", "old2-e")
	os.WriteFile(old, nil, 0o644)
	os.Chtimes(old, now.Add(-trimUnused-time.Hour), now.Add(-trimUnused-time.Hour))
	trimCache(dir, now.Add(time.Hour))
	if _, err := os.Stat(old); err != nil {
		t.Errorf("trimmed again within %s", trimInterval)
	}
}

// TestAnalyzeOverlayNames: the checks read the overlay, not the file on
// disk, when they take a name from the source: with the leaking body moved
// down in the buffer, the message names s (the disk file has other bytes
// at the buffer's offsets).
func TestAnalyzeOverlayNames(t *testing.T) {
	t.Parallel()
	dir, env := cacheModule(t)
	cgo := filepath.Join(dir, "c", "c.go")
	src, err := os.ReadFile(cgo)
	if err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(string(src), "func Leak() error {", "func Leak() error {\n\treturn nil\n}\n\nfunc leak() error {", 1)
	for _, cache := range []string{"off", t.TempDir()} {
		req := Request{Patterns: []string{"./c"}, Dir: dir, Env: env, Cache: cache, Overlay: map[string][]byte{cgo: []byte(moved)}}
		res, err := Analyze(context.Background(), req, analyzers.All())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Findings) != 1 || !strings.HasPrefix(res.Findings[0].Message, "socket s is not closed") {
			t.Errorf("cache %s: findings %+v, want one naming s", cache, res.Findings)
		}
	}
}

// TestCacheTestdata: on a copy of every analysistest package and stub
// (the checks' test packages: generics, cgo-free stubs of every binding,
// suppressions, fixes, //line files), a run that fills the cache and a
// run that replays it print the -json of a run without the cache, byte
// for byte.
func TestCacheTestdata(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses every testdata package three times")
	}
	t.Parallel()
	gopath := testutil.CopyGOPATH(t, testutil.Trees(t)...)
	dir := filepath.Join(gopath, "src")
	env := testEnv("GO111MODULE=off", "GOPATH="+gopath, "PKG_CONFIG=false")
	cache := "-cache=" + t.TempDir()
	want := runDriver(t, dir, env, "-cache=off", "-json", "./...").stdout
	for _, step := range []string{"filling the cache", "replaying it"} {
		r := runDriver(t, dir, env, cache, "-v", "-json", "./...")
		if r.stdout != want {
			t.Errorf("%s: -json differs from the run without the cache", step)
		}
		if step == "replaying it" {
			if all, hits := cacheHits(t, r.stderr); hits < all*9/10 {
				t.Errorf("replay: %d of %d packages from the cache", hits, all)
			}
		}
	}
}
