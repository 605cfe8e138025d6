// Package directive defines the always-on pass that reports
// //zmqlint:ignore directives naming no known check or category.
//
// Each check reports its own directives that have no reason or silence
// nothing; a name that is no check belongs to none of them, so it is
// reported here, and every driver runs this pass whichever checks are
// selected (the standalone driver and the golangci-lint plugin always add
// it; under go vet, selecting checks with -NAME adds -directive). A typo
// such as "lifecylce" would otherwise silence nothing without a word.
//
// Reported: a //zmqlint:ignore directive whose list names something that
// is neither a check nor check/category (code directive/unknown-check,
// documented in docs/suppress.md), or that names nothing at all. No fix
// is offered: which check was meant is a guess. Not reported here: directives without a reason and directives
// that silence nothing; each check reports those of its own names, since
// only the check knows what it would have reported.
package directive
