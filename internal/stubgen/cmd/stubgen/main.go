// Command stubgen regenerates the stubs of the Go ZeroMQ bindings in
// internal/testutil/testdata/stubs/src from the real packages pinned by
// testdata/realapi. It needs cgo, libzmq and CZMQ (pkg-config libzmq libczmq).
//
// Run it from the repository root:
//
//	go run ./internal/stubgen/cmd/stubgen -w
//
// Without -w it reports which stubs are out of date and exits with status 1
// if any is.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zmqlint/zmqlint/internal/stubgen"
	"github.com/zmqlint/zmqlint/passes/zmqapi"
)

func main() {
	write := flag.Bool("w", false, "write the stubs (default: only check them)")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if err := run(*root, *write); err != nil {
		fmt.Fprintln(os.Stderr, "stubgen:", err)
		os.Exit(1)
	}
}

func run(root string, write bool) error {
	pkgs, err := stubgen.Load(filepath.Join(root, stubgen.RealAPIDir), zmqapi.BindingPaths...)
	if err != nil {
		return err
	}
	stubs, err := stubgen.GenerateAll(pkgs)
	if err != nil {
		return err
	}
	stale := 0
	for _, s := range stubs {
		src := s.Src
		file := filepath.Join(root, stubgen.StubRoot, stubgen.StubFile(s.Path))
		old, _ := os.ReadFile(file)
		if bytes.Equal(old, src) {
			continue
		}
		if !write {
			fmt.Printf("%s is out of date\n", file)
			stale++
			continue
		}
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, src, 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s\n", file)
	}
	if stale > 0 {
		return fmt.Errorf("%d stub(s) out of date; run go run ./internal/stubgen/cmd/stubgen -w", stale)
	}
	return nil
}
