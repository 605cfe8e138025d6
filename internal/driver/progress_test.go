package driver

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zmqlint/zmqlint/analyzers"
	"github.com/zmqlint/zmqlint/internal/testutil"
)

// progressModule writes a GOPATH tree with the pure-Go pebbe stub and a
// package with a leak (a finding, so that -json is not empty) and returns
// the package's directory and the go command's environment.
func progressModule(t *testing.T) (string, []string) {
	t.Helper()
	stub := testutil.PebbeStub(t)
	gopath := writeTempModule(t, map[string]string{
		"src/github.com/pebbe/zmq4/zmq4.go": stub,
		"src/m/main.go":                     testutil.LeakSrc,
	})
	return filepath.Join(gopath, "src", "m"), testEnv("GO111MODULE=off", "GOPATH="+gopath, "PKG_CONFIG=false")
}

// phaseLines are the lines -v prints off a terminal, in order.
var phaseLines = []*regexp.Regexp{
	regexp.MustCompile(`^zmqlint: loading packages \(go list\)\.\.\.$`),
	regexp.MustCompile(`^zmqlint: parsing and type-checking \(go list took \d+\.\ds\)\.\.\.$`),
	regexp.MustCompile(`^zmqlint: loaded \d+ packages \(1 named, \d+ files\) in \d+\.\ds$`),
	regexp.MustCompile(`^zmqlint: analysing \d+ packages\.\.\.$`),
	regexp.MustCompile(`^zmqlint: analysed \d+ packages \(1 named\) in \d+\.\ds \(loading \d+\.\ds, analysis \d+\.\ds\)$`),
}

func isProgressLine(l string) bool {
	for _, re := range phaseLines {
		if re.MatchString(l) {
			return true
		}
	}
	return false
}

// TestVerboseProgress: -v off a terminal prints one line per phase and
// the summary, in order, on stderr, before the findings; nothing on
// stdout; and the findings are those of a run without -v.
func TestVerboseProgress(t *testing.T) {
	t.Parallel()
	dir, env := progressModule(t)
	plain := runDriver(t, dir, env, ".")
	r := runDriver(t, dir, env, "-v", ".")
	if r.code != ExitFindings || r.stdout != "" {
		t.Fatalf("-v: exit %d, stdout %q, stderr:\n%s\nwant exit 3 and no stdout", r.code, r.stdout, r.stderr)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) < len(phaseLines) {
		t.Fatalf("-v stderr:\n%s\nwant the %d phase lines first", r.stderr, len(phaseLines))
	}
	for i, re := range phaseLines {
		if !re.MatchString(lines[i]) {
			t.Errorf("-v stderr line %d: %q, want %s", i+1, lines[i], re)
		}
	}
	if rest := strings.Join(lines[len(phaseLines):], "\n") + "\n"; rest != plain.stderr {
		t.Errorf("-v findings:\n%s\nwithout -v:\n%s", rest, plain.stderr)
	}
}

// TestVerboseJSONProgress: -json output on stdout is byte-identical with
// and without -v; -v adds only its lines, on stderr.
func TestVerboseJSONProgress(t *testing.T) {
	t.Parallel()
	dir, env := progressModule(t)
	for _, mode := range []string{"-json", "-sarif"} {
		plain := runDriver(t, dir, env, mode, ".")
		r := runDriver(t, dir, env, mode, "-v", ".")
		if !strings.Contains(plain.stdout, "leaked-socket") || plain.stderr != "" {
			t.Fatalf("%s: stdout:\n%s\nstderr:\n%s\nwant the finding and no stderr", mode, plain.stdout, plain.stderr)
		}
		if r.stdout != plain.stdout || r.code != plain.code {
			t.Errorf("%s -v: exit %d, stdout:\n%s\nwithout -v: exit %d, stdout:\n%s", mode, r.code, r.stdout, plain.code, plain.stdout)
		}
		for _, l := range strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n") {
			if !isProgressLine(l) {
				t.Errorf("%s -v: stderr line %q is not a progress line", mode, l)
			}
		}
		if n := strings.Count(r.stderr, "\n"); n != len(phaseLines) {
			t.Errorf("%s -v: %d stderr lines, want %d:\n%s", mode, n, len(phaseLines), r.stderr)
		}
	}
}

// TestNoProgressByDefault: off a terminal (tests never have one), no
// progress is printed without -v, nor with -v=false.
func TestNoProgressByDefault(t *testing.T) {
	t.Parallel()
	dir, env := progressModule(t)
	for _, args := range [][]string{{"."}, {"-v=false", "."}, {"-json", "."}} {
		r := runDriver(t, dir, env, args...)
		for _, l := range strings.Split(r.stderr, "\n") {
			if isProgressLine(l) || strings.Contains(l, "\r") {
				t.Errorf("%v: progress on stderr: %q", args, l)
			}
		}
		if strings.Contains(r.stdout, "analys") && !strings.Contains(r.stdout, "{") {
			t.Errorf("%v: stdout %q", args, r.stdout)
		}
	}
}

func TestProgressModeFor(t *testing.T) {
	for _, tc := range []struct {
		v                 triState
		machine, terminal bool
		mode              progressMode
		summary           bool
	}{
		{unset, false, false, progressOff, false},
		{unset, true, false, progressOff, false},
		{unset, false, true, progressLive, false},
		{unset, true, true, progressOff, false}, // -json on a terminal: nothing unless -v
		{setTrue, false, false, progressLog, true},
		{setTrue, true, false, progressLog, true},
		{setTrue, false, true, progressLive, true},
		{setTrue, true, true, progressLive, true},
		{setFalse, false, true, progressOff, false},
		{setFalse, false, false, progressOff, false},
	} {
		mode, summary := progressModeFor(tc.v, tc.machine, tc.terminal)
		if mode != tc.mode || summary != tc.summary {
			t.Errorf("progressModeFor(%v, machine %v, terminal %v) = %v, %v; want %v, %v", tc.v, tc.machine, tc.terminal, mode, summary, tc.mode, tc.summary)
		}
	}
}

// TestProgressLiveLine: the live line is bounded to liveWidth, a shorter
// line overwrites a longer one completely, anything written to stderr
// first erases it, and stop erases it for good (no summary by default).
func TestProgressLiveLine(t *testing.T) {
	var buf bytes.Buffer
	start := time.Unix(0, 0)
	p := &progress{mode: progressLive, w: &buf, start: start, now: func() time.Time { return start.Add(1500 * time.Millisecond) }}

	p.mu.Lock()
	p.phase = phaseTypeCheck
	p.files.Store(1234567890123456789)
	p.draw()
	long := p.drawn
	p.phase = phaseList
	p.draw()
	p.mu.Unlock()
	if long > liveWidth || p.drawn != long {
		t.Errorf("drawn widths %d then %d, want <= %d and the second padded to the first", long, p.drawn, liveWidth)
	}
	want := "\rzmqlint: loading packages (go list)... 1.5s"
	if got := buf.String(); !strings.Contains(got, want+strings.Repeat(" ", long-len(want)+1)) {
		t.Errorf("output %q, want %q padded to %d", got, want, long)
	}

	buf.Reset()
	w := p.writer(&buf)
	w.Write([]byte("zmqlint: a note\n"))
	if got, want := buf.String(), "\r"+strings.Repeat(" ", long)+"\rzmqlint: a note\n"; got != want {
		t.Errorf("note written as %q, want %q", got, want)
	}
	buf.Reset()
	w.Write([]byte("more\n"))
	if got := buf.String(); got != "more\n" {
		t.Errorf("with no line on screen: %q, want %q", got, "more\n")
	}

	p.mu.Lock()
	p.phase = phaseAnalyse
	p.total = 10
	p.analysed.Store(3)
	p.draw()
	p.mu.Unlock()
	buf.Reset()
	p.stop()
	p.stop()
	if got, want := buf.String(), "\r"+strings.Repeat(" ", len("zmqlint: analysing 3/10 packages... 1.5s"))+"\r"; got != want {
		t.Errorf("stop wrote %q, want %q", got, want)
	}
	var nilp *progress
	nilp.listing()
	nilp.parsed()
	nilp.ran(nil)
	nilp.stop()
	if nilp.writer(&buf) != &buf {
		t.Error("a nil progress wraps stderr")
	}
}

// screen returns what a terminal shows after out: a carriage return moves
// to the start of the line, later text overwrites earlier text, trailing
// blanks are dropped.
func screen(out string) string {
	var lines []string
	var line []byte
	col := 0
	for i := 0; i < len(out); i++ {
		switch c := out[i]; c {
		case '\r':
			col = 0
		case '\n':
			lines = append(lines, strings.TrimRight(string(line), " "))
			line, col = line[:0], 0
		default:
			if col < len(line) {
				line[col] = c
			} else {
				line = append(line, c)
			}
			col++
		}
	}
	if s := strings.TrimRight(string(line), " "); s != "" {
		lines = append(lines, s)
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

func runOnTerminal(t *testing.T, dir string, env []string, args ...string) runResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, analyzers.All(), &stdout, &stderr, options{env: env, dir: dir, terminal: true})
	return runResult{stdout.String(), stderr.String(), code}
}

// TestProgressOnTerminal: on a terminal the live line leaves nothing on
// the screen by default (what remains is the output of a run off a
// terminal), with -v only the summary line before the findings, and with
// -json nothing at all unless -v is given.
func TestProgressOnTerminal(t *testing.T) {
	t.Parallel()
	dir, env := progressModule(t)
	plain := runDriver(t, dir, env, ".")
	r := runOnTerminal(t, dir, env, ".")
	if r.code != plain.code || r.stdout != "" || screen(r.stderr) != plain.stderr {
		t.Errorf("on a terminal: exit %d, stdout %q, screen:\n%s\nwant exit %d and:\n%s", r.code, r.stdout, screen(r.stderr), plain.code, plain.stderr)
	}
	t.Logf("live output: %q", r.stderr)

	v := runOnTerminal(t, dir, env, "-v", ".")
	lines := strings.SplitN(screen(v.stderr), "\n", 2)
	if !phaseLines[len(phaseLines)-1].MatchString(lines[0]) || len(lines) != 2 || lines[1] != plain.stderr {
		t.Errorf("-v on a terminal: screen:\n%s\nwant the summary line, then:\n%s", screen(v.stderr), plain.stderr)
	}

	plainJSON := runDriver(t, dir, env, "-json", ".")
	j := runOnTerminal(t, dir, env, "-json", ".")
	if j.stdout != plainJSON.stdout || j.stderr != "" {
		t.Errorf("-json on a terminal: stderr %q, stdout equal: %v", j.stderr, j.stdout == plainJSON.stdout)
	}
}
