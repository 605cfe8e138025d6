// Package driver is the zmqlint command: the standalone driver (load with
// go/packages, analyze with x/tools' checker, print text, JSON or SARIF,
// apply fixes) and the hand-off to x/tools' unitchecker when the command
// is run by "go vet -vettool".
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// Exit codes of the standalone driver.
const (
	ExitOK       = 0 // no findings (or all fixes applied, or -json/-sarif written)
	ExitError    = 1 // the packages could not be loaded or type-checked, or an analysis or a fix failed
	ExitUsage    = 2 // bad command line
	ExitFindings = 3 // findings were reported (text mode), or -fix/-diff left or showed some
)

// Main runs the zmqlint command with os.Args and exits.
//
// Under "go vet -vettool" (a single *.cfg argument) and for the protocol
// query -flags it hands over to unitchecker.Main, so the vet protocol is
// x/tools' own. -V=full, which go vet also asks, is answered by Run in
// the same form as unitchecker's, with the module version added. Anything
// else is the standalone driver.
func Main(analyzers []*analysis.Analyzer) {
	if IsVetInvocation(os.Args[1:]) {
		os.Args = append(os.Args[:1], vetArgs(os.Args[1:], analyzers)...)
		unitchecker.Main(vetAnalyzers(analyzers)...) // exits
		return
	}
	os.Exit(Run(os.Args[1:], analyzers, os.Stdout, os.Stderr))
}

// IsVetInvocation reports whether args are those of the go vet protocol
// that unitchecker answers: the -flags query, or flags followed by exactly
// one *.cfg file.
func IsVetInvocation(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		name, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "flags" {
			return true
		}
	}
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") || strings.HasPrefix(last, "-") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// options are the standalone driver's settings.
type options struct {
	fix, diff, json, sarif bool
	context                int
	tests                  bool
	tags                   string
	cache                  string // -cache: "" (on), "off" or a directory
	cpuprofile, memprofile string

	// Progress on stderr (progress.go): -v, and the mode it and stderr
	// give.
	verbose         triState
	progress        progressMode
	progressSummary bool

	// Config files and baseline (config.go, baseline.go).
	catalog          checkCatalog // the checks a config file may name
	flagsChoseChecks bool         // a -NAME flag was given: it overrides the config files' "checks"
	baseline         string
	baselineWrite    bool

	// The go command's environment and working directory (nil and "":
	// this process's); set by tests.
	env []string
	dir string
	// terminal: stderr is taken as a terminal (progress.go); set by tests.
	terminal bool
}

// Run is the standalone driver: it parses args, loads and analyzes the
// packages, prints the results to stdout (JSON, SARIF, diffs) and stderr
// (text diagnostics, errors) and returns the exit code.
func Run(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer) int {
	return run(args, all, stdout, stderr, options{})
}

// run is Run with the go command's environment and directory in base.
func run(args []string, all []*analysis.Analyzer, stdout, stderr io.Writer, base options) int {
	if code, ok := versionRequest(args, stdout, stderr); ok {
		return code
	}
	all = withFreshFlags(all)
	fs := flag.NewFlagSet("zmqlint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	opt := options{env: base.env, dir: base.dir, terminal: base.terminal}
	fs.BoolVar(&opt.fix, "fix", false, "apply the first suggested fix of each diagnostic")
	fs.BoolVar(&opt.diff, "diff", false, "with -fix (implied), print the fixes as a unified diff instead of writing files")
	fs.BoolVar(&opt.json, "json", false, "print diagnostics as JSON (the x/tools analysis JSON tree) on stdout")
	fs.BoolVar(&opt.sarif, "sarif", false, "print diagnostics as SARIF 2.1.0 on stdout")
	fs.IntVar(&opt.context, "c", -1, "display the offending line with this many lines of context (text output)")
	fs.BoolVar(&opt.tests, "test", true, "also analyze the packages' test files")
	fs.StringVar(&opt.tags, "tags", "", "a comma-separated list of build tags, as for go build and go vet")
	fs.StringVar(&opt.cache, "cache", base.cache, "the analysis cache: a directory, or off (default: $ZMQLINT_CACHE, else the user cache directory's zmqlint; see docs/cli.md)")
	fs.StringVar(&opt.cpuprofile, "cpuprofile", "", "write a CPU profile of the analysis to this file")
	fs.StringVar(&opt.memprofile, "memprofile", "", "write a heap profile to this file when the analysis ends")
	fs.Var(&opt.verbose, "v", "report progress on stderr: the packages loaded and analysed, and a summary (on a terminal, without -json/-sarif, progress is shown on one updating line by default; -v=false: never)")
	// -V, -version and -flags are answered before the flags are parsed
	// (see versionRequest and Main); declared here so that they show in the
	// usage text.
	fs.Bool("V", false, "print the version and exit (-V=full: the form go vet uses)")
	fs.Bool("version", false, "print the version and exit")
	fs.Bool("flags", false, "print the analyzer flags as JSON and exit (for go vet)")

	enabled := make(map[*analysis.Analyzer]*triState)
	for _, a := range all {
		ts := new(triState)
		enabled[a] = ts
		fs.Var(ts, a.Name, fmt.Sprintf("enable the %s check (any -NAME: only those; any -NAME=false: all but those)", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() { usage(fs, all) }

	// Baseline flags (baseline.go).
	fs.StringVar(&opt.baseline, "baseline", "", "report only the findings not accepted by this baseline file (see -baseline-write)")
	fs.BoolVar(&opt.baselineWrite, "baseline-write", false, "write the current findings to the -baseline file (create or update it) instead of reporting them")

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage // the flag package printed the error and the usage
	}
	if fs.NArg() > 0 && fs.Arg(0) == "help" {
		return help(stdout, stderr, fs, all, fs.Args()[1:])
	}
	if opt.diff {
		opt.fix = true
	}
	if opt.json && opt.sarif {
		fmt.Fprintln(stderr, "zmqlint: -json and -sarif cannot be combined")
		return ExitUsage
	}
	if opt.fix && (opt.json || opt.sarif) {
		fmt.Fprintln(stderr, "zmqlint: -fix and -diff cannot be combined with -json or -sarif")
		return ExitUsage
	}
	if opt.baselineWrite && (opt.baseline == "" || opt.fix || opt.json || opt.sarif) {
		fmt.Fprintln(stderr, "zmqlint: -baseline-write needs -baseline=FILE and cannot be combined with -fix, -diff, -json or -sarif")
		return ExitUsage
	}
	opt.catalog = catalogOf(all)
	for _, ts := range enabled {
		opt.flagsChoseChecks = opt.flagsChoseChecks || *ts != unset
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "zmqlint: no packages given (try: zmqlint ./...)")
		fmt.Fprintln(stderr, "Run 'zmqlint -help' for usage.")
		return ExitUsage
	}

	opt.progress, opt.progressSummary = progressModeFor(opt.verbose, opt.json || opt.sarif, opt.terminal || isTerminal(stderr))
	analyzers := append(selectAnalyzers(all, enabled), alwaysOn()...)
	stop, err := startProfiles(opt)
	if err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	code := analyze(fs.Args(), analyzers, opt, stdout, stderr)
	if err := stop(); err != nil {
		fmt.Fprintf(stderr, "zmqlint: %v\n", err)
		return ExitError
	}
	return code
}

// startProfiles starts the CPU profile and returns a function that stops
// it and writes the heap profile.
func startProfiles(opt options) (stop func() error, err error) {
	var cpu *os.File
	if opt.cpuprofile != "" {
		if cpu, err = os.Create(opt.cpuprofile); err != nil {
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
		if err := pprof.StartCPUProfile(cpu); err != nil {
			cpu.Close()
			return nil, fmt.Errorf("-cpuprofile: %v", err)
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return fmt.Errorf("-cpuprofile: %v", err)
			}
		}
		if opt.memprofile != "" {
			f, err := os.Create(opt.memprofile)
			if err != nil {
				return fmt.Errorf("-memprofile: %v", err)
			}
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				f.Close()
				return fmt.Errorf("-memprofile: %v", err)
			}
			return f.Close()
		}
		return nil
	}, nil
}

// selectAnalyzers applies multichecker's enable-flag semantics: if any
// -NAME flag is true, run only those; otherwise, if any is false, run all
// but those.
func selectAnalyzers(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	hasTrue := false
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
	}
	var keep []*analysis.Analyzer
	for _, a := range all {
		switch {
		case hasTrue && *enabled[a] == setTrue,
			!hasTrue && *enabled[a] != setFalse:
			keep = append(keep, a)
		}
	}
	return keep
}

// triState is a boolean flag that remembers whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) Set(value string) error {
	switch value {
	case "true", "1", "t", "T", "TRUE", "True":
		*ts = setTrue
	case "false", "0", "f", "F", "FALSE", "False":
		*ts = setFalse
	default:
		return fmt.Errorf("want true or false")
	}
	return nil
}

func (ts *triState) String() string {
	switch *ts {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (ts *triState) IsBoolFlag() bool { return true }

const usageText = `zmqlint finds ZeroMQ socket, context and message-lifetime bugs in Go code.

Usage:
  zmqlint [flags] packages...      analyze packages (e.g. ./...)
  zmqlint help [check]             list the checks, or show one check's documentation
  zmqlint help check/category      show the documentation of one code, e.g. lifecycle/leaked-socket
  zmqlint version                  print the version (also -V, -version)
  zmqlint lsp                      run as a language server for editors (LSP on stdin/stdout; docs/editors.md)
  go vet -vettool=$(command -v zmqlint) [flags] packages...

Exit codes (standalone):
  0  no findings; or -fix applied every fix; or -json/-sarif output written
  1  error: a package could not be loaded or type-checked (also with
     -json/-sarif, which then carry the error), an analysis failed, or a
     fix could not be applied (no file is changed then)
  2  bad usage (unknown flag, no packages, conflicting flags, -V=x), a
     bad .zmqlint.json config file, a missing or bad -baseline file
  3  findings reported (text output); with -fix: findings left without an
     applied fix; with -diff: the diff is not empty
Under go vet, go vet sets the exit status (1 if anything was reported).

Output: text diagnostics (file:line:col: message, sorted by file, line,
column and check) go to stderr; -json and -sarif write to stdout; -diff
writes a unified diff to stdout.

When cgo cannot build github.com/pebbe/zmq4 or goczmq here (cgo disabled,
libzmq/CZMQ headers or pkg-config missing), the packages using them are
type-checked against zmqlint's built-in API stub (one line on stderr says
so). Any other load error (no go.sum entry, no requirement, unknown
version) is reported as the go command reports it, with exit 1.

Flags:
`

func usage(fs *flag.FlagSet, all []*analysis.Analyzer) {
	w := fs.Output()
	fmt.Fprint(w, usageText)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nChecks:")
	for _, a := range all {
		fmt.Fprintf(w, "  %-14s %s\n", a.Name, firstLine(a.Doc))
	}
	fmt.Fprintln(w, "\nDocumentation: https://github.com/zmqlint/zmqlint/blob/main/docs/cli.md")
}

// help implements "zmqlint help [check...]".
func help(stdout, stderr io.Writer, fs *flag.FlagSet, all []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		fs.SetOutput(stdout)
		usage(fs, all)
		return ExitOK
	}
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range all {
		byName[a.Name] = a
	}
	code := ExitOK
	for _, name := range names {
		if strings.Contains(name, "/") {
			if !helpCategory(stdout, stderr, name) {
				code = ExitUsage
			}
			continue
		}
		a, ok := byName[name]
		if !ok {
			var known []string
			for n := range byName {
				known = append(known, n)
			}
			sort.Strings(known)
			fmt.Fprintf(stderr, "zmqlint: no check named %q (checks: %s)\n", name, strings.Join(known, ", "))
			code = ExitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s\n", strings.TrimSpace(a.Doc))
		if a.URL != "" {
			fmt.Fprintf(stdout, "\nDocumentation: %s\n", a.URL)
		}
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprintln(stdout, "\nFlags:")
				first = false
			}
			fmt.Fprintf(stdout, "  -%s.%s\n    \t%s\n", a.Name, f.Name, f.Usage)
		})
	}
	return code
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
