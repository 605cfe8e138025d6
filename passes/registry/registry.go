package registry

import (
	"flag"
	"fmt"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// DocsBase is where the docs pages live.
const DocsBase = "https://github.com/zmqlint/zmqlint/blob/main/docs/"

// SuppressPage documents the //zmqlint:ignore directive.
const SuppressPage = DocsBase + "suppress.md"

// Category is one kind of report of a check.
type Category struct {
	// Name is the diagnostic's Category and the heading of its section
	// of the check's docs page.
	Name string
	// Summary says in one line what is reported.
	Summary string
	// Page, if set, is the docs page of the section instead of the
	// check's (the directive category is documented with the directive).
	Page string
}

// Check is one user-facing check (one analyzer).
type Check struct {
	Name       string
	Page       string // docs page URL
	Categories []Category
}

// DirectiveCategory is the category of every check's reports about its own
// //zmqlint:ignore directives (no reason, silences nothing).
const DirectiveCategory = "directive"

// directive is the category every check shares.
var directive = Category{
	Name:    DirectiveCategory,
	Summary: "a zmqlint:ignore directive for this check has no reason or silences nothing",
	Page:    SuppressPage,
}

// checks is the registry, in the order drivers show the checks.
var checks = []Check{
	{Name: "lifecycle", Page: DocsBase + "lifecycle.md", Categories: []Category{
		{Name: "leaked-socket", Summary: "a socket is not closed on some path, or is replaced in a loop before it is closed"},
		{Name: "leaked-context", Summary: "a context is not terminated on some path"},
		{Name: "term-while-open", Summary: "Term is reached while a socket of its context may still be open"},
		{Name: "close-without-linger", Summary: "a socket that sent is closed with the default infinite linger before a Term"},
		{Name: "linger-unit", Summary: "SetLinger is given a number of nanoseconds where milliseconds were meant"},
		{Name: "use-after-close", Summary: "a socket is used after every path closed it"},
		directive,
	}},
	{Name: "zerocopy", Page: DocsBase + "zerocopy.md", Categories: []Category{
		{Name: "modified-after-handover", Summary: "bytes are modified after a send that keeps a reference to them"},
		{Name: "resent-after-modification", Summary: "a buffer handed over once is modified and sent again"},
		{Name: "reused-after-handover", Summary: "a buffer the program does not own (bufio.Scanner.Bytes, bytes.Buffer.Bytes, a sync.Pool buffer) is reused by its owner after a send that keeps a reference to it"},
		directive,
	}},
	{Name: "multipart", Page: DocsBase + "multipart.md", Categories: []Category{
		{Name: "abandoned-multipart", Summary: "a return is reached with a multipart message left open (SNDMORE without the last part)"},
		{Name: "frames-reused", Summary: "the frames of a handed-over message are replaced or modified"},
		directive,
	}},
	{Name: "sockshare", Page: DocsBase + "sockshare.md", Categories: []Category{
		{Name: "shared-socket", Summary: "a socket is used by a goroutine and by the function that started it"},
		{Name: "goroutines-share", Summary: "two goroutines (or one go statement in a loop) use the same socket"},
		{Name: "shared-poller", Summary: "a socket is polled in one goroutine and used in another"},
		directive,
	}},
	{Name: "misuse", Page: DocsBase + "misuse.md", Categories: []Category{
		{Name: "empty-message", Summary: "a go-zeromq PUB, XPUB or ROUTER send of a message that may have no frames (the binding panics)"},
		{Name: "auth-not-stopped", Summary: "a Term of pebbe's default context runs while AuthStart's handler is running (Term hangs)"},
		{Name: "frame-reuse-leak", Summary: "goczmq SendFrame with FlagReuse leaks a C frame on every call"},
		{Name: "shared-id-frame", Summary: "a received go-zeromq ROUTER id frame, shared by every message of its peer, is written"},
		{Name: "closed-while-polled", Summary: "a socket is closed while still registered with a pebbe Poller that is polled again"},
		directive,
	}},
}

// Directive is the pass that reports directives naming no known check or
// category, whichever checks run (analyzers/directive).
var Directive = Check{
	Name: "directive",
	Page: SuppressPage,
	Categories: []Category{
		{Name: "unknown-check", Summary: "a zmqlint:ignore directive names no known check or category", Page: SuppressPage},
	},
}

// Checks returns the checks, in the order drivers show them. The slice is
// a copy; the Categories slices are shared and must not be modified.
func Checks() []Check { return slices.Clone(checks) }

// Names returns the checks' names in order.
func Names() []string {
	ns := make([]string, len(checks))
	for i, c := range checks {
		ns[i] = c.Name
	}
	return ns
}

// Lookup returns the check named name (the directive pass included).
func Lookup(name string) (Check, bool) {
	if name == Directive.Name {
		return Directive, true
	}
	for _, c := range checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Category returns the category named name of c.
func (c Check) Category(name string) (Category, bool) {
	for _, cat := range c.Categories {
		if cat.Name == name {
			return cat, true
		}
	}
	return Category{}, false
}

// URL is the docs link of a diagnostic of check with category: the section
// of the check's page (or of the page the category names), or the page if
// the category is unknown or empty.
func URL(check, category string) string {
	c, ok := Lookup(check)
	if !ok {
		return DocsBase + check + ".md"
	}
	cat, ok := c.Category(category)
	if !ok {
		return c.Page
	}
	page := c.Page
	if cat.Page != "" {
		page = cat.Page
	}
	return page + "#" + cat.Name
}

// Code is a finding's code, "check/category", or the check's name for a
// diagnostic without category.
func Code(check, category string) string {
	if category == "" {
		return check
	}
	return check + "/" + category
}

// Parse resolves a name given by a user (a directive, a setting): a check
// ("lifecycle") or a check and one of its categories
// ("lifecycle/leaked-socket"). The error says what the known names are.
func Parse(name string) (check, category string, err error) {
	check, category, _ = strings.Cut(name, "/")
	c, ok := Lookup(check)
	if !ok || c.Name == Directive.Name {
		return "", "", fmt.Errorf("unknown check %q (known: %s; or check/category, e.g. lifecycle/leaked-socket)", check, strings.Join(Names(), ", "))
	}
	if strings.Contains(name, "/") {
		if _, ok := c.Category(category); !ok {
			return "", "", fmt.Errorf("check %s has no category %q (its categories: %s)", check, category, strings.Join(c.categoryNames(), ", "))
		}
	}
	return check, category, nil
}

func (c Check) categoryNames() []string {
	ns := make([]string, len(c.Categories))
	for i, cat := range c.Categories {
		ns[i] = cat.Name
	}
	return ns
}

// Flags returns a new flag set with one boolean flag per category of the
// check, all true: an analyzer's Flags. Drivers show them as
// -check.category (e.g. -lifecycle.leaked-socket=false turns that kind
// of report off; go vet passes them the same way), and report.Flush drops
// the diagnostics of a category whose flag is false.
func Flags(check string) flag.FlagSet {
	fs := flag.NewFlagSet(check, flag.ContinueOnError)
	c, _ := Lookup(check)
	for _, cat := range c.Categories {
		fs.Bool(cat.Name, true, fmt.Sprintf("%s: %s (on by default; =false turns this category off)", Code(check, cat.Name), cat.Summary))
	}
	return *fs
}

// Enabled reports whether fs, an analyzer's Flags made by [Flags], leaves
// category on. Categories without a flag are on.
func Enabled(fs *flag.FlagSet, category string) bool {
	f := fs.Lookup(category)
	if f == nil {
		return true
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return true
	}
	on, ok := g.Get().(bool)
	return !ok || on
}

// WithCode appends a finding's code to its message, the way the text
// outputs show it: "message (lifecycle/leaked-socket)". Like staticcheck's
// codes, it tells the reader what to name in a //zmqlint:ignore directive
// or a setting; "file:line:col: message" stays go vet's format.
func WithCode(message, check, category string) string {
	return message + " (" + Code(check, category) + ")"
}

// Result is every check's analysis result: the diagnostics that
// //zmqlint:ignore directives silenced, with their reasons, in position
// order. Drivers that can show suppressed findings (SARIF, as results
// with suppressions) read it from the check's action.
type Result struct {
	Suppressed []Suppressed
	// NoFix lists the reported diagnostics that carry no suggested fix on
	// purpose, each with the name of its shape (see NoFix). No output
	// shows it; internal/robust's TestFixCoverage reads it to require that
	// every fixless finding is a shape documented with its reason.
	NoFix []NoFixShape
}

// NoFixShape names the shape of one diagnostic reported without a fix.
type NoFixShape struct {
	Pos      token.Pos
	Category string
	Message  string
	Shape    string // stable identifier, unique within the check and category
}

// shapeMark separates a category from the no-fix shape NoFix attaches to
// it until SplitShape takes it off again (report.Flush, before anything
// reads the category). A NUL byte cannot appear in a category name.
const shapeMark = "\x00nofix:"

// NoFix returns d marked as reported without a suggested fix on purpose,
// in the named shape (a short stable identifier such as
// "handler-self-race"; the docs say why each shape has no safe edit).
// The mark rides on d.Category and is removed by SplitShape in the
// check's report funnel, so no user sees it; a d that has fixes keeps
// them and the mark is dropped there.
func NoFix(d analysis.Diagnostic, shape string) analysis.Diagnostic {
	d.Category, _ = SplitShapeCategory(d.Category)
	d.Category += shapeMark + shape
	return d
}

// SplitShape returns d without NoFix's mark, and the shape it named (""
// when d was not marked).
func SplitShape(d analysis.Diagnostic) (analysis.Diagnostic, string) {
	var shape string
	d.Category, shape = SplitShapeCategory(d.Category)
	return d, shape
}

// SplitShapeCategory is SplitShape on a category.
func SplitShapeCategory(category string) (string, string) {
	cat, shape, _ := strings.Cut(category, shapeMark)
	return cat, shape
}

// Suppressed is a diagnostic a directive silenced.
type Suppressed struct {
	Diagnostic analysis.Diagnostic
	Reason     string // the directive's reason
}
