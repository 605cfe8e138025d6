// Package registry is the one list of zmqlint's checks: their names, docs
// pages and diagnostic categories with the docs anchors they link to.
//
// Everything that names a check or a category derives from it: the
// //zmqlint:ignore directive (passes/internal/suppress), the docs URL of
// each diagnostic and the per-category flags (passes/internal/report), the
// standalone driver's flags and text output, the golangci-lint plugin's
// settings and SARIF's rules. A check's analyzer (its Doc, Run, facts)
// stays in its own package; the registry holds only data, so that the
// lowest layers can import it.
//
// A finding's code is "check/category", e.g. "lifecycle/leaked-socket":
// what the text output prints after each message, what SARIF uses as the
// rule id, and what a directive or a setting may name instead of a whole
// check.
//
// It is not a check: it reports nothing and has no Analyzer. The
// directive pass (passes/directive, docs/suppress.md) reports directives
// that name no check or category of this list.
package registry
