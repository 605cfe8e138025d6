package driver

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"

	"github.com/zmqlint/zmqlint/passes/registry"
)

// The -fix self-check compares the findings of the fixed code with those
// of the original. A finding of the fixed code is "the same" as one of
// the original when check, category and file agree and its position is
// the original's position carried through the applied edits (a finding
// below an inserted line has moved, not appeared). Messages are not
// compared first: they name lines, which the edits move. Only a finding
// that has no such counterpart is matched, second, by its enclosing
// function and its message with numbers masked (a finding inside a
// statement that a fix moved, such as the other socket's report at a
// swapped defer).

// A fileChange is one fixed file: its content before (old), after the
// edits (raw) and as written (new: raw gofmt'ed when old was), and the
// edits, sorted.
type fileChange struct {
	name          string
	old, raw, new []byte
	edits         []edit

	oldDecls, newDecls   []declRange // top-level declarations, parsed on demand
	parsedOld, parsedNew bool
}

// isSpace: the bytes gofmt may add, remove or change.
func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// forward maps an offset of old to the offset of new at which the same
// byte stands; an offset inside a replaced range maps to the start of its
// replacement.
func (c *fileChange) forward(off int) int {
	shift := 0
	for _, e := range c.edits {
		if off < e.start {
			break
		}
		if off < e.end {
			off = e.start
			break
		}
		shift += len(e.text) - (e.end - e.start)
	}
	return respace(c.raw, c.new, off+shift)
}

// backward maps an offset of new to old; an offset inside inserted text
// maps to the start of the edit that inserted it.
func (c *fileChange) backward(off int) int {
	raw := respace(c.new, c.raw, off)
	shift := 0
	for _, e := range c.edits {
		start := e.start + shift
		if raw < start {
			break
		}
		if raw < start+len(e.text) {
			return e.start
		}
		shift += len(e.text) - (e.end - e.start)
	}
	return raw - shift
}

// respace maps offset off of a to the offset of b that holds the same
// non-space byte, when b differs from a only in white space (gofmt): the
// k-th non-space byte of one is the k-th of the other.
func respace(a, b []byte, off int) int {
	if len(a) == len(b) && string(a) == string(b) {
		return off
	}
	k := 0
	for i := 0; i < off && i < len(a); i++ {
		if !isSpace(a[i]) {
			k++
		}
	}
	for i := 0; i < len(b); i++ {
		if isSpace(b[i]) {
			continue
		}
		if k == 0 {
			return i
		}
		k--
	}
	return len(b)
}

// A declRange is a top-level declaration's byte range and name (a
// function's name with its receiver type; "" for other declarations).
type declRange struct {
	start, end int
	name       string
}

func parseDecls(name string, src []byte) []declRange {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if f == nil {
		return nil
	}
	_ = err // a partial file still has its earlier declarations
	tf := fset.File(f.Pos())
	var out []declRange
	for _, d := range f.Decls {
		r := declRange{start: tf.Offset(d.Pos()), end: tf.Offset(d.End())}
		if fd, ok := d.(*ast.FuncDecl); ok {
			r.name = fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				r.name = recvName(fd.Recv.List[0].Type) + "." + r.name
			}
		}
		out = append(out, r)
	}
	return out
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.IndexExpr:
		return recvName(e.X)
	case *ast.IndexListExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return ""
}

// decl returns the top-level declaration of old (or new) around off.
func (c *fileChange) decl(off int, inNew bool) (declRange, bool) {
	var decls []declRange
	if inNew {
		if !c.parsedNew {
			c.newDecls, c.parsedNew = parseDecls(c.name, c.new), true
		}
		decls = c.newDecls
	} else {
		if !c.parsedOld {
			c.oldDecls, c.parsedOld = parseDecls(c.name, c.old), true
		}
		decls = c.oldDecls
	}
	for _, d := range decls {
		if d.start <= off && off < d.end {
			return d, true
		}
	}
	return declRange{}, false
}

// A place is where a finding is, in terms of the files a fix changes.
type place struct {
	file string // a changed file, or "" (then posn is the key)
	off  int    // offset in that file (its old content for a finding of the original)
	posn string // the reported position, for a finding in an unchanged file
	fn   string // the enclosing top-level function ("" if none or unknown)
}

// placeOf locates f, a finding of the original (inNew false) or of the
// fixed code. A finding in a changed file is located by its real offset;
// one reported through a //line mapping into a changed file (cgo's copy
// of a user's file) by its reported line and column; any other by its
// reported position.
func placeOf(f finding, changes map[string]*fileChange, inNew bool) place {
	if tf := f.fset.File(f.diag.Pos); tf != nil {
		if c := changes[tf.Name()]; c != nil {
			return place{file: c.name, off: tf.Offset(f.diag.Pos), fn: c.fnAt(tf.Offset(f.diag.Pos), inNew)}
		}
	}
	if c := changes[f.posn.Filename]; c != nil && f.posn.Line > 0 {
		src := c.old
		if inNew {
			src = c.new
		}
		if off, ok := lineColOffset(src, f.posn.Line, f.posn.Column); ok {
			return place{file: c.name, off: off, fn: c.fnAt(off, inNew)}
		}
	}
	return place{posn: f.posn.String()}
}

func (c *fileChange) fnAt(off int, inNew bool) string {
	d, _ := c.decl(off, inNew)
	return d.name
}

// lineColOffset returns the offset of 1-based line and column in src.
func lineColOffset(src []byte, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(string(src[off:]), '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	if col > 0 {
		off += col - 1
	}
	return off, off <= len(src)
}

type exactKey struct {
	analyzer, category, file string
	off                      int
	posn                     string
}

type looseKey struct {
	analyzer, category, file, fn, msg string
}

func looseKeyOf(f finding, p place) looseKey {
	file := p.file
	if file == "" {
		file = f.posn.Filename
	}
	return looseKey{f.analyzer.Name, f.diag.Category, file, p.fn, stripDigits(f.diag.Message)}
}

// introducedFindings returns the findings of after (the fixed code, whose
// changed files are changes) that before (the original) did not have,
// with multiplicity: first matched by check, category and position carried
// through the edits, then the rest by check, category, enclosing
// function and message with numbers masked.
func introducedFindings(before, after []finding, changes map[string]*fileChange) []finding {
	exact := make(map[exactKey]int)
	var left []finding // of before, not matched yet
	var leftPlaces []place
	beforePlaces := make([]place, len(before))
	for i, f := range before {
		p := placeOf(f, changes, false)
		beforePlaces[i] = p
		exact[exactKeyOf(f, p, changes)]++
	}
	// At one position, a finding whose message (numbers masked) is the
	// same is matched first: two findings of one category can share a
	// position (a socket's field finding and its path leak, both at the
	// creation), and the one left over must be the one that is new, or
	// the refusal names a finding the original has (red team 2, B1).
	type msgKey struct {
		exactKey
		msg string
	}
	sameMsg := make(map[msgKey]int)
	for i, f := range before {
		sameMsg[msgKey{exactKeyOf(f, beforePlaces[i], changes), stripDigits(f.diag.Message)}]++
	}
	afterPlaces := make([]place, len(after))
	matched := make([]bool, len(after))
	for i, f := range after {
		p := placeOf(f, changes, true)
		afterPlaces[i] = p
		k := exactKey{f.analyzer.Name, f.diag.Category, p.file, p.off, p.posn}
		if mk := (msgKey{k, stripDigits(f.diag.Message)}); sameMsg[mk] > 0 && exact[k] > 0 {
			sameMsg[mk]--
			exact[k]--
			matched[i] = true
		}
	}
	var unmatched []finding
	var unmatchedPlaces []place
	for i, f := range after {
		if matched[i] {
			continue
		}
		p := afterPlaces[i]
		k := exactKey{f.analyzer.Name, f.diag.Category, p.file, p.off, p.posn}
		if exact[k] > 0 {
			exact[k]--
			continue
		}
		unmatched = append(unmatched, f)
		unmatchedPlaces = append(unmatchedPlaces, p)
	}
	// The findings of before that found no counterpart at their place.
	for i, f := range before {
		k := exactKeyOf(f, beforePlaces[i], changes)
		if exact[k] > 0 {
			exact[k]--
			left = append(left, f)
			leftPlaces = append(leftPlaces, beforePlaces[i])
		}
	}
	loose := make(map[looseKey]int)
	for i, f := range left {
		loose[looseKeyOf(f, leftPlaces[i])]++
	}
	var added []finding
	for i, f := range unmatched {
		k := looseKeyOf(f, unmatchedPlaces[i])
		if loose[k] > 0 {
			loose[k]--
			continue
		}
		added = append(added, f)
	}
	return added
}

// exactKeyOf is the key of a finding of the original at place p, with
// its offset carried into the fixed file.
func exactKeyOf(f finding, p place, changes map[string]*fileChange) exactKey {
	off := p.off
	if p.file != "" {
		off = changes[p.file].forward(p.off)
	}
	return exactKey{f.analyzer.Name, f.diag.Category, p.file, off, p.posn}
}

func stripDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			if i == 0 || s[i-1] < '0' || s[i-1] > '9' {
				b.WriteByte('N')
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// code is a finding's check/category, as the text output prints it.
func code(f finding) string { return registry.Code(f.analyzer.Name, f.diag.Category) }

// sortedNames returns the keys of m in order.
func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// untouched reports whether finding a of the fixed code is reported on
// bytes no edit wrote: outside (and not right after) every inserted or
// replaced text. Such a finding may be one the original code had but did
// not report (the finding being fixed hid it: one report per creation)
// rather than one the fix caused; the self-check cannot tell the two
// apart, so it still drops the fix (a new finding may be a regression)
// and only says so.
func untouched(a finding, changes map[string]*fileChange) bool {
	p := placeOf(a, changes, true)
	c := changes[p.file]
	if c == nil {
		return false // another package or file: no offset to compare
	}
	raw := respace(c.new, c.raw, p.off)
	shift := 0
	for _, e := range c.edits {
		start := e.start + shift
		if raw < start {
			break
		}
		if raw <= start+len(e.text) {
			return false
		}
		shift += len(e.text) - (e.end - e.start)
	}
	return true
}
