package lsp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The LSP benchmarks (docs/performance.md, "Editor server"):
//
//	go test ./internal/lsp -run '^$' -bench . -benchtime 10x
//
// BenchmarkDidChange: the latency a user sees, from a didChange (an edit
// of worker/worker.go of the demo module) to the publishDiagnostics of
// that version, warm (after one run), with the default 250 ms debounce
// included. BenchmarkModule100: the same on the last package of a
// generated 100-package module (bench/gen), and the server's memory
// while it analyzes ten of its packages one after the other.

// session opens file in a server on env and waits for its first
// diagnostics; it returns the client and the file's text.
func session(b *testing.B, env []string, file string) (*client, string) {
	b.Helper()
	text, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	c := startServer(b, env, Options{})
	var init protocol.InitializeResult
	c.call("initialize", protocol.InitializeParams{}, &init)
	c.notify("initialized", struct{}{})
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uriOf(file), LanguageID: "go", Version: 1, Text: string(text)}})
	c.waitDiagnostics(uriOf(file), 1)
	return c, string(text)
}

// edit sends a whole-file change of file (text plus a comment naming
// version) and returns the time until its diagnostics arrived, the CPU
// time spent meanwhile and how many diagnostics there were.
func edit(c *client, file, text string, version int32) (wall, cpu time.Duration, n int) {
	cpu0 := cpuTime()
	start := time.Now()
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uriOf(file)}, Version: version},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: text + "\n// edit " + strconv.Itoa(int(version)) + "\n"}},
	})
	n = len(c.waitDiagnostics(uriOf(file), version))
	return time.Since(start), cpuTime() - cpu0, n
}

// reportLatency reports the median, min and max of the wall times ds and
// the median of the CPU times cs.
func reportLatency(b *testing.B, ds, cs []time.Duration) {
	slices.Sort(ds)
	slices.Sort(cs)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(ds[len(ds)/2]), "ms-median")
	b.ReportMetric(ms(ds[0]), "ms-min")
	b.ReportMetric(ms(ds[len(ds)-1]), "ms-max")
	b.ReportMetric(ms(cs[len(cs)/2]), "cpu-ms-median")
	b.ReportMetric(0, "ns/op") // the loop's time includes the client's waits; the metrics above are the result
}

func BenchmarkDidChange(b *testing.B) {
	dir, env := demoCopy(b)
	file := filepath.Join(dir, "worker", "worker.go")
	c, text := session(b, env, file)
	var ds, cs []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, cpu, n := edit(c, file, text, int32(i+2))
		if n == 0 {
			b.Fatal("no diagnostics in worker.go")
		}
		ds, cs = append(ds, d), append(cs, cpu)
	}
	b.StopTimer()
	reportLatency(b, ds, cs)
}

func BenchmarkModule100(b *testing.B) {
	dir := b.TempDir()
	gen := exec.Command("go", "run", "./bench/gen", "-n", "100", "-o", dir)
	gen.Dir = filepath.Join("..", "..")
	if out, err := gen.CombinedOutput(); err != nil {
		b.Fatalf("bench/gen: %v\n%s", err, out)
	}
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	dl := exec.Command("go", "mod", "download")
	dl.Dir, dl.Env = dir, env
	if out, err := dl.CombinedOutput(); err != nil {
		b.Fatalf("go mod download: %v\n%s", err, out)
	}
	pkg := func(i int) string { return filepath.Join(dir, fmt.Sprintf("p%04d", i), "zmq.go") }
	file := pkg(99)
	c, text := session(b, env, file)
	var ds, cs []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d, cpu, _ := edit(c, file, text, int32(i+2))
		ds, cs = append(ds, d), append(cs, cpu)
	}
	b.StopTimer()
	reportLatency(b, ds, cs)

	// Memory: after each of ten packages opened and edited in turn, the
	// live heap after a GC, and the process's peak RSS at the end (the
	// server runs in this process; the go command's go list is a child
	// and not counted).
	var heaps []float64
	for i := 90; i < 100; i++ {
		f := pkg(i)
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if i != 99 {
			c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uriOf(f), LanguageID: "go", Version: 1, Text: string(t)}})
			c.waitDiagnostics(uriOf(f), 1)
		}
		edit(c, f, string(t), 1000+int32(i))
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heaps = append(heaps, float64(ms.HeapAlloc)/(1<<20))
	}
	b.ReportMetric(heaps[0], "MB-heap-first")
	b.ReportMetric(slices.Max(heaps), "MB-heap-max")
	b.ReportMetric(heaps[len(heaps)-1], "MB-heap-last")
	if hwm, ok := peakRSS(); ok {
		b.ReportMetric(hwm, "MB-peak-RSS")
	}
}

// peakRSS is this process's VmHWM in MB (Linux).
func peakRSS() (float64, bool) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err != nil {
				return 0, false
			}
			return float64(kb) / 1024, true
		}
	}
	return 0, false
}
