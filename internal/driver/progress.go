package driver

import (
	"fmt"
	"go/types"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Progress of a standalone run, on stderr (never stdout, which may carry
// -json, -sarif or a diff).
//
// A run has three phases: the go command lists the packages (go list);
// go/packages parses and type-checks them, with their dependencies; the
// checker analyses them. go/packages does both of the first two in one
// call and says nothing until it returns, so the only signal inside it is
// the driver's own ParseFile hook: the first file parsed ends go list, and
// the count of files parsed is what the type-checking phase shows (the
// number of packages is known only when it ends). The analysis phase
// counts, through the guard wrapper of each user-facing check, the
// packages on which every check expected to run there has finished: all
// the checks on the named packages, the checks with facts on their
// dependencies (those are the actions the checker creates). Packages with
// load errors, on which the checks do not run, are not counted.
//
// Modes (progressModeFor):
//   - live: stderr is a terminal (TERM is not "dumb") and -v or the
//     default: one line, redrawn at most every 100ms by one goroutine and
//     erased before anything else is written to stderr and at the end;
//     with -v the summary line remains.
//   - log: -v and stderr is not a terminal: one line per phase and the
//     summary, nothing redrawn.
//   - off: no -v and not a terminal, or -json/-sarif without -v, or -v=false.
//
// A nil *progress is off: every method does nothing.
type progress struct {
	mode    progressMode
	summary bool // print the final summary line
	w       io.Writer
	start   time.Time
	now     func() time.Time

	mu       sync.Mutex
	phase    phase
	listTook time.Duration // go list's share of the load
	loadTook time.Duration
	drawn    int // width of the live line on the screen; 0: none
	stopped  bool
	quit     chan struct{}
	ticking  sync.WaitGroup

	files     atomic.Int64 // files parsed
	analysed  atomic.Int64 // packages whose expected checks all finished
	total     int64        // packages expected to be analysed
	cached    int          // packages replayed from the analysis cache
	remaining map[*types.Package]*atomic.Int32
}

type progressMode int

const (
	progressOff progressMode = iota
	progressLog
	progressLive
)

type phase int

const (
	phaseNone phase = iota
	phaseList
	phaseTypeCheck
	phaseAnalyse
)

// liveWidth bounds the live line, so that it never wraps on an 80-column
// terminal (a wrapped line cannot be erased with a carriage return).
const liveWidth = 79

// progressModeFor decides the mode from -v (unset, true or false),
// whether the output is machine-readable (-json, -sarif) and whether
// stderr is a terminal; summary says whether the final line is printed.
func progressModeFor(v triState, machine, terminal bool) (mode progressMode, summary bool) {
	switch {
	case v == setFalse:
		return progressOff, false
	case v == setTrue && terminal:
		return progressLive, true
	case v == setTrue:
		return progressLog, true
	case terminal && !machine:
		return progressLive, false
	}
	return progressOff, false
}

// isTerminal reports whether w is a terminal: an *os.File that is a
// character device, with TERM not "dumb" (an editor's compilation buffer,
// which shows a carriage return as ^M). golang.org/x/term is not a
// dependency of zmqlint, and a character device is what it takes to
// redraw a line; /dev/null is one too, where the line is harmlessly lost.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newProgress returns the progress reporter of a run writing to w, nil
// when mode is off. A live reporter's goroutine runs until stop.
func newProgress(w io.Writer, mode progressMode, summary bool) *progress {
	if mode == progressOff {
		return nil
	}
	p := &progress{mode: mode, summary: summary, w: w, now: time.Now}
	p.start = p.now()
	if mode == progressLive {
		p.quit = make(chan struct{})
		p.ticking.Add(1)
		go p.tick()
	}
	return p
}

func (p *progress) tick() {
	defer p.ticking.Done()
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.quit:
			return
		case <-t.C:
			p.mu.Lock()
			if !p.stopped {
				p.draw()
			}
			p.mu.Unlock()
		}
	}
}

// writer returns w, which must be the reporter's stderr, such that what
// is written to it first erases the live line (the next tick redraws it
// below).
func (p *progress) writer(w io.Writer) io.Writer {
	if p == nil || p.mode != progressLive {
		return w
	}
	return erasingWriter{p, w}
}

type erasingWriter struct {
	p *progress
	w io.Writer
}

func (e erasingWriter) Write(b []byte) (int, error) {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	e.p.erase()
	return e.w.Write(b)
}

// listing starts the load.
func (p *progress) listing() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phase = phaseList
	p.logf("loading packages (go list)...")
}

// parsed counts one file parsed; the first ends go list. It may be called
// from several goroutines.
func (p *progress) parsed() {
	if p == nil || p.files.Add(1) != 1 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.phase == phaseList {
		p.phase = phaseTypeCheck
		p.listTook = p.now().Sub(p.start)
		p.logf("parsing and type-checking (go list took %s)...", seconds(p.listTook))
	}
}

// loaded ends the load of pkgs.
func (p *progress) loaded(pkgs []*packages.Package) {
	if p == nil {
		return
	}
	all := 0
	packages.Visit(pkgs, nil, func(*packages.Package) { all++ })
	p.mu.Lock()
	defer p.mu.Unlock()
	p.loadTook = p.now().Sub(p.start)
	p.logf("loaded %s (%d named, %d files) in %s", plural(all, "package"), namedPackages(pkgs), p.files.Load(), seconds(p.loadTook))
}

// analysing starts the analysis of pkgs by the user-facing checks
// guarded (see the type's comment for what is counted); le says which
// packages have load errors.
func (p *progress) analysing(pkgs []*packages.Package, guarded []*analysis.Analyzer, le loadReport) {
	if p == nil {
		return
	}
	withFacts := 0
	for _, a := range guarded {
		if len(a.FactTypes) > 0 {
			withFacts++
		}
	}
	root := make(map[*packages.Package]bool)
	for _, q := range pkgs {
		root[q] = true
	}
	remaining := make(map[*types.Package]*atomic.Int32)
	packages.Visit(pkgs, nil, func(q *packages.Package) {
		n := withFacts
		if root[q] {
			n = len(guarded)
		}
		if n == 0 || q.Types == nil || len(le.why[q]) > 0 {
			return
		}
		c := new(atomic.Int32)
		c.Store(int32(n))
		remaining[q.Types] = c
	})
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remaining = remaining // read-only from here on
	p.total = int64(len(remaining))
	p.phase = phaseAnalyse
	p.logf("analysing %s...", plural(len(remaining), "package"))
}

// fromCache records that n of the packages analysed come from the
// analysis cache (replayed, not analysed again).
func (p *progress) fromCache(n int) {
	if p == nil || n == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cached = n
	p.logf("%s from the cache", plural(n, "package"))
}

// ran counts one guarded check finished on pkg. It is called from the
// checker's goroutines.
func (p *progress) ran(pkg *types.Package) {
	if p == nil {
		return
	}
	if c := p.remaining[pkg]; c != nil && c.Add(-1) == 0 {
		p.analysed.Add(1)
	}
}

// finish ends the report: it erases the live line and prints the summary
// of graph, the analysis of the named packages pkgs by the checks facing.
func (p *progress) finish(graph *checker.Graph, pkgs []*packages.Package, facing map[*analysis.Analyzer]bool) {
	if p == nil {
		return
	}
	p.stop()
	if !p.summary {
		return
	}
	failed := make(map[*packages.Package]bool)
	for act := range graph.All() {
		if facing[act.Analyzer] {
			failed[act.Package] = failed[act.Package] || act.Err != nil
		}
	}
	bad := 0
	for _, f := range failed {
		if f {
			bad++
		}
	}
	took := p.now().Sub(p.start)
	named := fmt.Sprintf("%d named", namedPackages(pkgs))
	if p.cached > 0 {
		named += fmt.Sprintf(", %d from the cache", p.cached)
	}
	msg := fmt.Sprintf("analysed %s (%s) in %s (loading %s, analysis %s)", plural(len(failed)-bad, "package"), named, seconds(took), seconds(p.loadTook), seconds(took-p.loadTook))
	if bad > 0 {
		msg += fmt.Sprintf("; %d could not be analysed (see the errors)", bad)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "zmqlint: %s\n", msg)
}

// stop erases the live line and ends its goroutine; it may be called more
// than once.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		return
	}
	p.stopped = true
	p.erase()
	p.mu.Unlock()
	if p.quit != nil {
		close(p.quit)
		p.ticking.Wait()
	}
}

// logf prints one phase line in log mode. p.mu is held.
func (p *progress) logf(format string, args ...any) {
	if p.mode == progressLog {
		fmt.Fprintf(p.w, "zmqlint: "+format+"\n", args...)
	}
}

// line is the live line's text. p.mu is held.
func (p *progress) line() string {
	elapsed := seconds(p.now().Sub(p.start))
	var s string
	switch p.phase {
	case phaseList:
		s = "zmqlint: loading packages (go list)... " + elapsed
	case phaseTypeCheck:
		s = fmt.Sprintf("zmqlint: parsing and type-checking, %s... %s", plural(int(p.files.Load()), "file"), elapsed)
	case phaseAnalyse:
		s = fmt.Sprintf("zmqlint: analysing %d/%d packages... %s", p.analysed.Load(), p.total, elapsed)
	}
	if len(s) > liveWidth {
		s = s[:liveWidth]
	}
	return s
}

// draw redraws the live line. p.mu is held.
func (p *progress) draw() {
	s := p.line()
	if s == "" {
		return
	}
	pad := max(p.drawn-len(s), 0)
	fmt.Fprintf(p.w, "\r%s%s", s, strings.Repeat(" ", pad))
	p.drawn = len(s) + pad
}

// erase clears the live line, leaving the cursor at the start of the
// line. p.mu is held.
func (p *progress) erase() {
	if p.drawn == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", p.drawn))
	p.drawn = 0
}

// namedPackages counts the packages the patterns matched, by import path,
// not counting test variants and the generated test mains separately.
func namedPackages(pkgs []*packages.Package) int {
	seen := make(map[string]bool)
	for _, q := range pkgs {
		if q.Name == "main" && strings.HasSuffix(q.ID, ".test") {
			continue // the generated test main
		}
		seen[q.PkgPath] = true
	}
	return len(seen)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.1fs", d.Seconds())
}
