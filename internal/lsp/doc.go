// Package lsp is "zmqlint lsp": a Language Server Protocol server over
// stdin/stdout that editors run next to gopls. It publishes zmqlint's
// findings for the unsaved buffers and offers each suggested fix as a
// quickfix code action.
//
// Methods: initialize (incremental text sync, save notifications,
// quickfix code actions), initialized (registers file watchers when the
// client can), textDocument/didOpen, didChange, didSave, didClose,
// workspace/didChangeWatchedFiles, textDocument/codeAction, shutdown and
// exit; the server sends textDocument/publishDiagnostics (range in
// UTF-16, severity warning, code check/category, codeDescription.href the
// docs URL, relatedInformation) and client/registerCapability.
//
// Analysis is internal/driver's Analyze on the package of the changed
// file, with the open buffers as overlays: one run at a time, after a
// debounce, in a worker goroutine; the message loop only records changes.
// A change to the running package cancels its load and drops its result.
// A package that does not load is one error diagnostic per open file of
// it. Set-up for editors: docs/editors.md; design: docs/design.md ("The
// editor server"); numbers: docs/performance.md.
package lsp
