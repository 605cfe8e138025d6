package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The stress shapes: one package, stress, whose size is n. Each is a
// shape whose analysis cost once grew faster than the code (issues 18 and
// 19); bench/stress.sh times each at a few sizes, and docs/performance.md
// records the ratios.
//
//   - ring: n functions calling each other in a ring; F<i> starts
//     F<i+1> on a goroutine and calls F<i+1> and F<i+2>. A per-function
//     summary that is not memoized on call cycles is exponential here.
//   - sockets: one function creating n sockets, each closed by a defer
//     and some leaked on an early return.
//   - goroutines: one function with n sockets, each used by its own
//     goroutine and by the launcher.
//   - switch: one switch with n cases, each sending a two-frame message
//     with SNDMORE, some of them abandoning it on an error.
var shapes = map[string]func(n int) string{
	"ring":       ringSrc,
	"sockets":    socketsSrc,
	"goroutines": goroutinesSrc,
	"switch":     switchSrc,
}

// generateShape writes a one-package module with the named stress shape.
func generateShape(dir, shape string, n int) error {
	src, ok := shapes[shape]
	if !ok {
		return fmt.Errorf("unknown shape %q (want suite, ring, sockets, goroutines or switch)", shape)
	}
	files := map[string]string{
		"go.mod":           goMod,
		"go.sum":           goSum,
		"stress/stress.go": src(n),
	}
	for rel, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

const stressHeader = `// Code for zmqlint's stress benchmarks (bench/gen -shape %s -n %d).
package stress

import (
	"errors"

	zmq "github.com/pebbe/zmq4"
)

var errStop = errors.New("stop")

`

func ringSrc(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, stressHeader, "ring", n)
	b.WriteString(`// Start runs the ring on a socket it owns.
func Start(endpoint string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Connect(endpoint); err != nil {
		return err
	}
	F0(3, s)
	return errStop
}
`)
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `
func F%d(n int, s *zmq.Socket) {
	if n <= 0 {
		s.Send("tick", 0)
		return
	}
	go F%d(n-1, s)
	F%d(n-1, s)
	F%d(n-1, s)
}
`, i, (i+1)%n, (i+1)%n, (i+2)%n)
	}
	return b.String()
}

func socketsSrc(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, stressHeader, "sockets", n)
	b.WriteString("// Many creates and uses n sockets in one function.\nfunc Many(endpoint string, fail bool) error {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `	s%d, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
`, i)
		if i%100 == 99 {
			// leaked when the next Connect fails
			fmt.Fprintf(&b, "\tif fail {\n\t\treturn errStop\n\t}\n\ts%d.Close()\n", i)
			continue
		}
		fmt.Fprintf(&b, `	defer s%d.Close()
	if err := s%d.Connect(endpoint); err != nil {
		return err
	}
`, i, i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

func goroutinesSrc(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, stressHeader, "goroutines", n)
	b.WriteString("// Fan starts a goroutine per socket and uses each socket itself too.\nfunc Fan(endpoint string) error {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `	s%d, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	defer s%d.Close()
	go func() {
		s%d.Send("from goroutine", 0)
	}()
	s%d.Send("from launcher", 0)
`, i, i, i, i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

func switchSrc(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, stressHeader, "switch", n)
	b.WriteString("// Dispatch sends one two-frame message chosen by k.\nfunc Dispatch(s *zmq.Socket, k int, body string) error {\n\tswitch k {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tcase %d:\n\t\tif _, err := s.Send(\"h%d\", zmq.SNDMORE); err != nil {\n\t\t\treturn err\n\t\t}\n", i, i)
		if i%50 == 49 {
			// abandoned: returns between the frames
			b.WriteString("\t\tif body == \"\" {\n\t\t\treturn errStop\n\t\t}\n")
		}
		b.WriteString("\t\t_, err := s.Send(body, 0)\n\t\treturn err\n")
	}
	b.WriteString("\t}\n\treturn nil\n}\n")
	return b.String()
}
