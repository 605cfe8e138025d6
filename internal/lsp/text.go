package lsp

import (
	"bytes"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// LSP positions are (line, character) with character counted in UTF-16
// code units; the driver's are byte offsets and byte columns. These
// functions convert between the two on a file's content.

// lineStart returns the byte offset of the start of line (0-based) in
// text, or len(text) when text has fewer lines.
func lineStart(text []byte, line int) int {
	off := 0
	for ; line > 0; line-- {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return off
}

// offsetOf returns the byte offset of an LSP position in text. A character
// past the end of its line is clamped to the line's end (the protocol
// says so); a line past the end of text gives len(text).
func offsetOf(text []byte, p protocol.Position) int {
	off := lineStart(text, int(p.Line))
	units := int(p.Character)
	for off < len(text) && units > 0 {
		if text[off] == '\n' {
			break
		}
		r, size := utf8.DecodeRune(text[off:])
		n := utf16.RuneLen(r)
		if n < 0 { // invalid UTF-8: one unit per byte, as U+FFFD
			n = 1
		}
		if n > units {
			break // inside a surrogate pair: stop before the rune
		}
		units -= n
		off += size
	}
	return off
}

// positionOf returns the LSP position of byte offset off in text.
func positionOf(text []byte, off int) protocol.Position {
	off = max(0, min(off, len(text)))
	line, start := 0, 0
	for i := 0; i < off; i++ {
		if text[i] == '\n' {
			line++
			start = i + 1
		}
	}
	units := 0
	for i := start; i < off; {
		r, size := utf8.DecodeRune(text[i:off])
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		units += n
		i += size
	}
	return protocol.Position{Line: protocol.UInteger(line), Character: protocol.UInteger(units)}
}

// positionOfLineCol returns the LSP position of a 1-based line and 1-based
// byte column (go/token's), clamped to text.
func positionOfLineCol(text []byte, line, col int) protocol.Position {
	if line < 1 {
		return protocol.Position{}
	}
	start := lineStart(text, line-1)
	end := start
	for end < len(text) && text[end] != '\n' {
		end++
	}
	return positionOf(text, min(start+max(col-1, 0), end))
}

// pathOf returns the file name of a file:// URI ("" for any other).
func pathOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/x on Windows
		p = p[1:]
	}
	return filepath.Clean(filepath.FromSlash(p))
}

// uriOf returns the file:// URI of an absolute file name.
func uriOf(name string) string {
	p := filepath.ToSlash(name)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
