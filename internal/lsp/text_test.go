package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// TestUTF16 converts between byte offsets and LSP positions on a line
// with a two-byte, a three-byte and a four-byte (two UTF-16 units)
// character, and clamps what lies outside the text.
func TestUTF16(t *testing.T) {
	text := []byte("ab\n\té€😀x\nlast")
	for _, tc := range []struct {
		off  int
		line uint32
		char uint32
	}{
		{0, 0, 0}, {2, 0, 2}, {3, 1, 0}, {4, 1, 1},
		{6, 1, 2},  // after é (2 bytes, 1 unit)
		{9, 1, 3},  // after € (3 bytes, 1 unit)
		{13, 1, 5}, // after 😀 (4 bytes, 2 units)
		{14, 1, 6}, {15, 2, 0}, {19, 2, 4},
	} {
		p := positionOf(text, tc.off)
		if p.Line != tc.line || p.Character != tc.char {
			t.Errorf("positionOf(%d) = %d:%d, want %d:%d", tc.off, p.Line, p.Character, tc.line, tc.char)
		}
		if got := offsetOf(text, p); got != tc.off {
			t.Errorf("offsetOf(%d:%d) = %d, want %d", p.Line, p.Character, got, tc.off)
		}
	}
	for _, tc := range []struct {
		p    protocol.Position
		want int
	}{
		{protocol.Position{Line: 0, Character: 99}, 2}, // past the line's end: its end
		{protocol.Position{Line: 1, Character: 4}, 9},  // inside the surrogate pair: before the rune
		{protocol.Position{Line: 9, Character: 0}, 19}, // past the last line: the end
	} {
		if got := offsetOf(text, tc.p); got != tc.want {
			t.Errorf("offsetOf(%d:%d) = %d, want %d", tc.p.Line, tc.p.Character, got, tc.want)
		}
	}
	// go/token's 1-based byte columns.
	if p := positionOfLineCol(text, 2, 11); p.Line != 1 || p.Character != 5 {
		t.Errorf("positionOfLineCol(2, 11) = %d:%d, want 1:5", p.Line, p.Character)
	}
	if got := pathOf(uriOf("/tmp/a b/é.go")); got != "/tmp/a b/é.go" {
		t.Errorf("pathOf(uriOf) = %q", got)
	}
}
