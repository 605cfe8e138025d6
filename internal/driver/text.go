package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// printText writes findings the way go vet does — "file:line:col:
// message" — with the finding's code at the end of the message, like
// staticcheck's "(lifecycle/leaked-socket)", followed by one indented
// line per related position. With context >= 0 it also shows the
// offending line and that many lines around it. Last, one line per code
// that occurred gives the URL of its docs section.
func printText(w io.Writer, findings []finding, context int) {
	var buf bytes.Buffer
	files := make(map[string][][]byte)
	docs := make(map[string]string)
	for _, f := range findings {
		code := registry.Code(f.analyzer.Name, f.diag.Category)
		fmt.Fprintf(&buf, "%s: %s (%s)\n", f.posn, f.diag.Message, code)
		docs[code] = cmp.Or(f.diag.URL, registry.URL(f.analyzer.Name, f.diag.Category))
		if context >= 0 {
			printContext(&buf, files, f, context)
		}
		for _, r := range f.diag.Related {
			fmt.Fprintf(&buf, "\t%s: %s\n", f.fset.Position(r.Pos), r.Message)
		}
	}
	for _, code := range slices.Sorted(maps.Keys(docs)) {
		fmt.Fprintf(&buf, "zmqlint: about %s: %s\n", code, docs[code])
	}
	w.Write(buf.Bytes())
}

// printContext writes the lines around f's position, numbered, with the
// offending line marked.
func printContext(buf *bytes.Buffer, files map[string][][]byte, f finding, context int) {
	name := f.posn.Filename
	lines, ok := files[name]
	if !ok {
		data, err := os.ReadFile(name)
		if err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		files[name] = lines
	}
	if len(lines) == 0 || f.posn.Line < 1 {
		return
	}
	lo := max(f.posn.Line-context, 1)
	hi := min(f.posn.Line+context, len(lines))
	for l := lo; l <= hi; l++ {
		mark := " "
		if l == f.posn.Line {
			mark = ">"
		}
		fmt.Fprintf(buf, "%s%5d\t%s\n", mark, l, strings.TrimRight(string(lines[l-1]), "\r"))
	}
}
