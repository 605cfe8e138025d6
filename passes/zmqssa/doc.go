// Package zmqssa is the helper pass every zmqlint check builds on.
//
// It decides cheaply, from a package's imports, whether the package can
// touch ZeroMQ at all: it imports a binding, or imports a package that
// itself touches ZeroMQ (a package fact this pass exports). Only then does it
// build the package's SSA form, once, for every check. A package that does
// not touch ZeroMQ costs one walk over its import list — unless it is part
// of the code under analysis (not the standard library, not a versioned
// dependency) and declares an exported function with a []byte, [][]byte or
// byte-array-pointer parameter: then its SSA is built as Result.Helper, only for
// the buffers pass's WritesParams facts (HelperCandidate); checks skip it.
//
// We deliberately do not Require x/tools' buildssa: since x/tools v0.39 it
// requires ctrlflow, which has facts, so under go vet SSA would be built for
// every dependency of every package.
//
// It reports nothing. Its facts: touchesZMQ (package) and noReturn
// (functions that never return normally). See docs/zmqssa.md.
package zmqssa
