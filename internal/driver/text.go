package driver

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// printText writes findings the way go vet does — "file:line:col:
// message" — followed by one indented line per related position. With
// context >= 0 it also shows the offending line and that many lines
// around it.
func printText(w io.Writer, findings []finding, context int) {
	var buf bytes.Buffer
	files := make(map[string][][]byte)
	for _, f := range findings {
		fmt.Fprintf(&buf, "%s: %s\n", f.posn, f.diag.Message)
		if context >= 0 {
			printContext(&buf, files, f, context)
		}
		for _, r := range f.diag.Related {
			fmt.Fprintf(&buf, "\t%s: %s\n", f.fset.Position(r.Pos), r.Message)
		}
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
