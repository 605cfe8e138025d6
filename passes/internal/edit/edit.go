// Package edit is the one vocabulary in which zmqlint's checks write their
// suggested fixes: insert a statement before or after another, delete a
// statement's whole lines, move statements, add an import. Every edit is
// computed from the file's real byte offsets, never from line numbers a
// //line directive has remapped (a template's or cgo's), and inserted text
// takes the file's indentation and line ending (CRLF files stay CRLF).
//
// Finalize, run on every diagnostic by the report funnel, then makes
// each fix name the file the user edits (see its comment): no edit lands
// in a generated file or in cgo's processed copy of a source file.
package edit

import (
	"bytes"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A File is one source file of a pass with its text, for computing edits.
type File struct {
	tf  *token.File
	src []byte
	eol string // "\n" or "\r\n"
}

// FileOf returns the file of pass holding pos, read through pass.ReadFile.
// It returns nil when the file's text cannot be read (the driver does not
// allow it, or the size differs from what was parsed): then no edit can be
// computed safely.
func FileOf(pass *analysis.Pass, pos token.Pos) *File {
	tf := pass.Fset.File(pos)
	if tf == nil {
		return nil
	}
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return nil
	}
	return NewFile(tf, src)
}

// NewFile returns the File of tf whose text is src (len(src) == tf.Size()).
func NewFile(tf *token.File, src []byte) *File {
	return &File{tf: tf, src: src, eol: lineEnding(src)}
}

// lineEnding returns the line ending of the file's first line: "\r\n" if
// it ends so, "\n" otherwise. gofmt'ed files and most editors use one
// ending throughout; the first line decides, as editors do.
func lineEnding(src []byte) string {
	if i := bytes.IndexByte(src, '\n'); i > 0 && src[i-1] == '\r' {
		return "\r\n"
	}
	return "\n"
}

// EOL returns the file's line ending.
func (f *File) EOL() string { return f.eol }

// Offset returns the byte offset of pos in the file.
func (f *File) Offset(pos token.Pos) int { return f.tf.Offset(pos) }

// Pos returns the position of byte offset off.
func (f *File) Pos(off int) token.Pos { return f.tf.Pos(off) }

// Line returns the real (not //line-adjusted) line number of pos.
func (f *File) Line(pos token.Pos) int { return f.tf.PositionFor(pos, false).Line }

// lineStartOff returns the offset of the start of the line holding offset off.
func (f *File) lineStartOff(off int) int {
	for off > 0 && f.src[off-1] != '\n' {
		off--
	}
	return off
}

// lineEndOff returns the offset of the end of the line holding off: the
// "\n", or the "\r" of a "\r\n", or the end of the file.
func (f *File) lineEndOff(off int) int {
	for off < len(f.src) && f.src[off] != '\n' {
		off++
	}
	if off > 0 && off <= len(f.src) && f.src[off-1] == '\r' && (off == len(f.src) || f.src[off] == '\n') {
		off--
	}
	return off
}

// Text returns the source text of n.
func (f *File) Text(n ast.Node) string {
	start, end := f.tf.Offset(n.Pos()), f.tf.Offset(n.End())
	if start < 0 || end > len(f.src) || start > end {
		return ""
	}
	return string(f.src[start:end])
}

// Indent returns the leading blanks of the line holding pos.
func (f *File) Indent(pos token.Pos) string {
	start := f.lineStartOff(f.tf.Offset(pos))
	end := start
	for end < len(f.src) && (f.src[end] == ' ' || f.src[end] == '\t') {
		end++
	}
	return string(f.src[start:end])
}

// Lines converts text written with "\n" to the file's line ending.
func (f *File) Lines(text string) string {
	if f.eol == "\n" {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", f.eol)
}

// afterLineComment returns the offset after the blanks and // comment that
// follow off on its line, or off when something else follows.
func (f *File) afterLineComment(off int) int {
	rest := off
	for rest < len(f.src) && (f.src[rest] == ' ' || f.src[rest] == '\t') {
		rest++
	}
	if rest+1 < len(f.src) && f.src[rest] == '/' && f.src[rest+1] == '/' {
		return f.lineEndOff(rest)
	}
	return off
}

// InsertBefore returns an edit adding text (one or more lines, "\n"
// separated) as statements before st, at st's indentation.
func (f *File) InsertBefore(st ast.Node, text string) analysis.TextEdit {
	indent := f.Indent(st.Pos())
	text = strings.ReplaceAll(text, "\n", "\n"+indent)
	return analysis.TextEdit{Pos: st.Pos(), End: st.Pos(), NewText: []byte(f.Lines(text + "\n" + indent))}
}

// InsertAfter returns an edit adding text as statements after st, at st's
// indentation. The new lines go after a // comment that ends st's line.
func (f *File) InsertAfter(st ast.Node, text string) analysis.TextEdit {
	at := f.Pos(f.afterLineComment(f.tf.Offset(st.End())))
	indent := f.Indent(st.Pos())
	text = strings.ReplaceAll(text, "\n", "\n"+indent)
	return analysis.TextEdit{Pos: at, End: at, NewText: []byte(f.Lines("\n" + indent + text))}
}

// WholeLines widens [pos, end) to the whole lines holding it, with the
// final line ending, when only blanks precede pos on its line and only
// blanks or a // comment follow end on its. ok is false otherwise.
func (f *File) WholeLines(pos, end token.Pos) (start, stop token.Pos, ok bool) {
	s, e := f.tf.Offset(pos), f.tf.Offset(end)
	ls := f.lineStartOff(s)
	for i := ls; i < s; i++ {
		if f.src[i] != ' ' && f.src[i] != '\t' {
			return 0, 0, false
		}
	}
	le := f.afterLineComment(e)
	for le < len(f.src) && (f.src[le] == ' ' || f.src[le] == '\t') {
		le++
	}
	switch {
	case le == len(f.src):
	case f.src[le] == '\n':
		le++
	case f.src[le] == '\r' && le+1 < len(f.src) && f.src[le+1] == '\n':
		le += 2
	default:
		return 0, 0, false // code follows end on its line
	}
	return f.Pos(ls), f.Pos(le), true
}

// DeleteLines returns an edit deleting the whole lines of [pos, end) (see
// WholeLines), and the deleted text without its leading indentation and
// final line ending.
func (f *File) DeleteLines(pos, end token.Pos) (analysis.TextEdit, string, bool) {
	start, stop, ok := f.WholeLines(pos, end)
	if !ok {
		return analysis.TextEdit{}, "", false
	}
	text := string(f.src[f.tf.Offset(pos):f.tf.Offset(stop)])
	text = strings.TrimRight(text, "\r\n")
	text = strings.TrimRight(text, " \t")
	return analysis.TextEdit{Pos: start, End: stop}, text, true
}

// DeleteComment returns an edit deleting comment c: its whole line when it
// stands alone on it, or else the comment and the blanks before it (an
// end-of-line comment), keeping the line ending.
func (f *File) DeleteComment(c *ast.Comment) analysis.TextEdit {
	if e, _, ok := f.DeleteLines(c.Pos(), c.End()); ok {
		return e
	}
	s := f.tf.Offset(c.Pos())
	for s > 0 && (f.src[s-1] == ' ' || f.src[s-1] == '\t') {
		s--
	}
	return analysis.TextEdit{Pos: f.Pos(s), End: c.End()}
}

// Move returns the edits moving the whole lines of each statement range
// (in source order, each [first.Pos, last.End)) to just before statement
// to, of the same statement list (up or down), in their order. The moved
// text keeps its own indentation; ok is false if any range does not stand
// on whole lines, to does not start its line, or to is inside a range.
func (f *File) Move(ranges [][2]ast.Node, to ast.Stmt) ([]analysis.TextEdit, bool) {
	var edits []analysis.TextEdit
	var moved bytes.Buffer
	for _, r := range ranges {
		start, stop, ok := f.WholeLines(r[0].Pos(), r[1].End())
		if !ok {
			return nil, false
		}
		moved.Write(f.src[f.tf.Offset(start):f.tf.Offset(stop)])
		edits = append(edits, analysis.TextEdit{Pos: start, End: stop})
	}
	at, _, ok := f.WholeLines(to.Pos(), to.Pos())
	if !ok {
		// to.Pos() on an empty range: only the blanks before it matter.
		s := f.tf.Offset(to.Pos())
		ls := f.lineStartOff(s)
		for i := ls; i < s; i++ {
			if f.src[i] != ' ' && f.src[i] != '\t' {
				return nil, false
			}
		}
		at = f.Pos(ls)
	}
	for _, e := range edits {
		if e.Pos < at && at < e.End {
			return nil, false
		}
	}
	text := moved.Bytes()
	if len(text) > 0 && text[len(text)-1] != '\n' {
		text = append(text, f.eol...) // the last line of the file had no ending
	}
	return append(edits, analysis.TextEdit{Pos: at, End: at, NewText: text}), true
}

// Pass-level shorthands, for a check that has no File at hand. When the
// file cannot be read they fall back to no indentation and "\n" (the
// driver's gofmt pass indents a gofmt'ed file).

// InsertBefore is File.InsertBefore on st's file.
func InsertBefore(pass *analysis.Pass, st ast.Node, text string) analysis.TextEdit {
	if f := FileOf(pass, st.Pos()); f != nil {
		return f.InsertBefore(st, text)
	}
	return analysis.TextEdit{Pos: st.Pos(), End: st.Pos(), NewText: []byte(text + "\n")}
}

// InsertAfter is File.InsertAfter on st's file.
func InsertAfter(pass *analysis.Pass, st ast.Node, text string) analysis.TextEdit {
	if f := FileOf(pass, st.Pos()); f != nil {
		return f.InsertAfter(st, text)
	}
	return analysis.TextEdit{Pos: st.End(), End: st.End(), NewText: []byte("\n" + text)}
}

// Indent is File.Indent on pos's file.
func Indent(pass *analysis.Pass, pos token.Pos) string {
	if f := FileOf(pass, pos); f != nil {
		return f.Indent(pos)
	}
	return ""
}

// CallOn returns the edit that replaces expression x, whose source text
// is text, by a call of method on it ("msg" -> "msg.Clone()"), with
// parentheses when x is not a primary expression ("*p" -> "(*p).Clone()";
// a composite literal needs none as a call's argument). Two checks
// that copy the same send argument (zerocopy and multipart on a go-zeromq
// Send(msg), red team 2 B3) write their edit through this one function, so
// the edits are identical and the driver applies them once instead of
// composing "msg.Clone().Clone()".
func CallOn(x ast.Expr, text, method string) analysis.TextEdit {
	switch x.(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr, *ast.IndexListExpr,
		*ast.ParenExpr, *ast.SliceExpr, *ast.TypeAssertExpr, *ast.CompositeLit:
	default:
		text = "(" + text + ")"
	}
	return analysis.TextEdit{Pos: x.Pos(), End: x.End(), NewText: []byte(text + "." + method + "()")}
}
