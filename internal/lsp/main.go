package lsp

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/tools/go/analysis"
)

// Main implements "zmqlint lsp [-debounce=D]": an LSP server on stdin and
// stdout, logging to stderr. It returns the exit code.
func Main(args []string, checks []*analysis.Analyzer, stdin io.ReadCloser, stdout io.WriteCloser, stderr io.Writer) int {
	fs := flag.NewFlagSet("zmqlint lsp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	debounce := fs.Duration("debounce", DefaultDebounce, "quiet time after an edit before the package is analyzed again")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: zmqlint lsp [-debounce=250ms]")
		fmt.Fprintln(stderr, "Runs a Language Server Protocol server on stdin/stdout (see docs/editors.md).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Serve(ctx, stdio{stdin, stdout}, checks, Options{Debounce: *debounce, Log: stderr})
}

// stdio is stdin and stdout as one stream.
type stdio struct {
	in  io.ReadCloser
	out io.WriteCloser
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error {
	err := s.in.Close()
	if err2 := s.out.Close(); err == nil {
		err = err2
	}
	return err
}
