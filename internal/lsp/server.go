package lsp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
	"golang.org/x/tools/go/analysis"

	"github.com/zmqlint/zmqlint/internal/driver"
	"github.com/zmqlint/zmqlint/internal/version"
)

// Options configure a server.
type Options struct {
	// Debounce is how long the server waits after the last edit before it
	// analyzes (0: DefaultDebounce).
	Debounce time.Duration
	// Env is the go command's environment (nil: this process's).
	Env []string
	// Log receives the server's log lines (nil: discarded). The command
	// passes stderr, which editors show in their LSP log.
	Log io.Writer
	// OnPublish, when set, is called after each publishDiagnostics with
	// the file and the time since the edit that started the run (for the
	// benchmark).
	OnPublish func(file string, sinceEdit time.Duration)

	// afterAnalyze, when set (by tests), is called by the worker after
	// each analysis, before its result is checked for staleness.
	afterAnalyze func()
}

// DefaultDebounce is the quiet time after an edit before analysis starts.
const DefaultDebounce = 250 * time.Millisecond

// document is an open editor buffer.
type document struct {
	uri     string
	version int32
	text    []byte
}

// published is what the last run said about one file: the diagnostics
// sent and, for code actions, the fixes with their edits already in LSP
// positions of the content that was analyzed (at version).
type published struct {
	dir     string
	version int32 // the document's version analysed; -1: the file on disk
	items   []item
}

type item struct {
	diag    protocol.Diagnostic
	actions []protocol.CodeAction
}

// server is one LSP session.
type server struct {
	checks []*analysis.Analyzer
	opt    Options
	conn   *jsonrpc2.Conn

	ctx  context.Context // cancelled when the session ends
	stop context.CancelFunc
	kick chan struct{} // buffered(1): something is pending
	done chan struct{} // closed when the worker has returned

	mu        sync.Mutex
	docs      map[string]*document  // by file name
	pending   map[string]time.Time  // directories to analyze: time of the edit that asked
	gen       map[string]uint64     // by directory: bumped on every change
	running   string                // directory being analyzed
	cancelRun context.CancelFunc    // cancels the running load
	results   map[string]*published // by file name
	shutdown  bool
	// watch: the client can register file watchers dynamically; the
	// server asks for them once initialized.
	watch bool
}

// Serve runs an LSP session on rw (stdin/stdout for "zmqlint lsp") until
// the client sends exit or closes the stream. It returns the exit code the
// protocol asks for: 0 after shutdown, 1 otherwise.
func Serve(ctx context.Context, rw io.ReadWriteCloser, checks []*analysis.Analyzer, opt Options) int {
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	s := &server{
		checks:  checks,
		opt:     opt,
		kick:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		docs:    make(map[string]*document),
		pending: make(map[string]time.Time),
		gen:     make(map[string]uint64),
		results: make(map[string]*published),
	}
	s.ctx, s.stop = context.WithCancel(ctx)
	defer s.stop()
	handler := s.protocolHandler()
	s.conn = jsonrpc2.NewConn(s.ctx, jsonrpc2.NewBufferedStream(rw, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			return s.handle(ctx, conn, req, handler)
		}))
	go s.worker()
	select {
	case <-s.conn.DisconnectNotify():
	case <-ctx.Done():
		s.conn.Close()
	}
	s.stop()
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown {
		return 0
	}
	return 1
}

func (s *server) logf(format string, args ...any) {
	fmt.Fprintf(s.opt.Log, "zmqlint lsp: "+format+"\n", args...)
}

// handle runs in the connection's read loop, one message at a time, in
// order: every handler only updates state and returns; analysis runs in
// the worker goroutine.
func (s *server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request, h *protocol.Handler) (any, error) {
	if req.Method == string(protocol.MethodExit) {
		// Handled here: the protocol handler refuses every method but
		// initialize after shutdown.
		return nil, conn.Close()
	}
	gctx := glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) {
			if err := conn.Notify(ctx, method, params); err != nil {
				s.logf("%s: %v", method, err)
			}
		},
		Call: func(method string, params, result any) {
			if err := conn.Call(s.ctx, method, params, result); err != nil {
				s.logf("%s: %v", method, err)
			}
		},
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	r, validMethod, validParams, err := h.Handle(&gctx)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *server) protocolHandler() *protocol.Handler {
	return &protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    s.initializedNotification,
		Shutdown:                       s.shutdownRequest,
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		CancelRequest:                  func(*glsp.Context, *protocol.CancelParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidSave:            s.didSave,
		TextDocumentDidClose:           s.didClose,
		WorkspaceDidChangeWatchedFiles: s.didChangeWatchedFiles,
		WorkspaceDidChangeConfiguration: func(*glsp.Context, *protocol.DidChangeConfigurationParams) error {
			return nil
		},
		TextDocumentCodeAction: s.codeAction,
	}
}

func (s *server) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	if w := p.Capabilities.Workspace; w != nil && w.DidChangeWatchedFiles != nil && w.DidChangeWatchedFiles.DynamicRegistration != nil {
		s.mu.Lock()
		s.watch = *w.DidChangeWatchedFiles.DynamicRegistration
		s.mu.Unlock()
	}
	change := protocol.TextDocumentSyncKindIncremental
	yes := true
	ver := version.String()
	return protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			TextDocumentSync: protocol.TextDocumentSyncOptions{
				OpenClose: &yes,
				Change:    &change,
				Save:      protocol.SaveOptions{IncludeText: new(bool)},
			},
			CodeActionProvider: protocol.CodeActionOptions{
				CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix},
			},
		},
		ServerInfo: &protocol.InitializeResultServerInfo{Name: "zmqlint", Version: &ver},
	}, nil
}

// watchedGlobs are the files whose change (outside the editor: a git
// checkout, go get, a generator) makes the server analyze again.
var watchedGlobs = []string{"**/*.go", "**/go.mod", "**/go.sum", "**/go.work", "**/.zmqlint.json"}

// initializedNotification asks a client that can register file watchers
// dynamically for workspace/didChangeWatchedFiles on watchedGlobs. The
// request is sent from its own goroutine: waiting for its answer here
// would stop the message loop that reads it.
func (s *server) initializedNotification(ctx *glsp.Context, _ *protocol.InitializedParams) error {
	s.mu.Lock()
	watch := s.watch
	s.mu.Unlock()
	if !watch {
		return nil
	}
	var watchers []protocol.FileSystemWatcher
	for _, g := range watchedGlobs {
		watchers = append(watchers, protocol.FileSystemWatcher{GlobPattern: g})
	}
	params := protocol.RegistrationParams{Registrations: []protocol.Registration{{
		ID:              "zmqlint-watched-files",
		Method:          string(protocol.MethodWorkspaceDidChangeWatchedFiles),
		RegisterOptions: protocol.DidChangeWatchedFilesRegistrationOptions{Watchers: watchers},
	}}}
	go ctx.Call(string(protocol.ServerClientRegisterCapability), params, nil)
	return nil
}

func (s *server) shutdownRequest(*glsp.Context) error {
	s.mu.Lock()
	s.shutdown = true
	if s.cancelRun != nil {
		s.cancelRun()
	}
	s.mu.Unlock()
	return nil
}

func (s *server) didOpen(_ *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	name := pathOf(p.TextDocument.URI)
	if name == "" || !strings.HasSuffix(name, ".go") {
		return nil
	}
	s.mu.Lock()
	s.docs[name] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.changedLocked(filepath.Dir(name))
	s.mu.Unlock()
	return nil
}

func (s *server) didChange(_ *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	name := pathOf(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[name]
	if d == nil {
		return nil // not opened (or not a Go file)
	}
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			start, end := offsetOf(d.text, c.Range.Start), offsetOf(d.text, c.Range.End)
			if end < start {
				start, end = end, start
			}
			var b bytes.Buffer
			b.Grow(len(d.text) - (end - start) + len(c.Text))
			b.Write(d.text[:start])
			b.WriteString(c.Text)
			b.Write(d.text[end:])
			d.text = b.Bytes()
		}
	}
	d.version = p.TextDocument.Version
	s.changedLocked(filepath.Dir(name))
	return nil
}

func (s *server) didSave(_ *glsp.Context, p *protocol.DidSaveTextDocumentParams) error {
	name := pathOf(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[name]
	if d != nil && p.Text != nil && *p.Text != string(d.text) {
		d.text = []byte(*p.Text)
		d.version = -2 // not a version any run analyzed
	}
	if d != nil && s.results[name] != nil && s.results[name].version == d.version {
		// The buffer saved is the one the last run analyzed (as an
		// overlay): the result stands, no run is needed.
		return nil
	}
	if strings.HasSuffix(name, ".go") {
		s.changedLocked(filepath.Dir(name))
	}
	return nil
}

func (s *server) didClose(ctx *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	name := pathOf(p.TextDocument.URI)
	s.mu.Lock()
	_, open := s.docs[name]
	delete(s.docs, name)
	delete(s.results, name)
	if open {
		// The buffer is gone: its diagnostics are cleared, and the
		// package is analyzed again with the file as it is on disk
		// (which publishes the disk version's findings, as for any
		// file of the package that is not open).
		s.changedLocked(filepath.Dir(name))
	}
	s.mu.Unlock()
	if open {
		ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{},
		})
	}
	return nil
}

func (s *server) didChangeWatchedFiles(_ *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range p.Changes {
		name := pathOf(c.URI)
		switch base := filepath.Base(name); {
		case strings.HasSuffix(name, ".go"):
			s.changedLocked(filepath.Dir(name))
		case base == "go.mod" || base == "go.sum" || base == "go.work" || strings.HasPrefix(base, ".zmqlint"):
			// Could change any package: analyze again every package
			// with an open file.
			for doc := range s.docs {
				s.changedLocked(filepath.Dir(doc))
			}
		}
	}
	return nil
}

// changedLocked records that the package in dir changed: a run of it in
// progress is stale (its load is cancelled, its result dropped) and dir
// is analyzed after the debounce.
func (s *server) changedLocked(dir string) {
	s.gen[dir]++
	if _, ok := s.pending[dir]; !ok {
		s.pending[dir] = time.Now()
	}
	if s.running == dir && s.cancelRun != nil {
		s.cancelRun()
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// worker analyzes the pending packages, one run at a time, after the
// debounce: a run starts only once no change arrived for opt.Debounce.
func (s *server) worker() {
	defer close(s.done)
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.kick:
			timer.Reset(s.opt.Debounce)
			continue
		case <-timer.C:
		}
		for {
			dir, since, ok := s.next()
			if !ok {
				break
			}
			s.run(dir, since)
			if s.ctx.Err() != nil {
				return
			}
			// A change during the run restarts the debounce first.
			select {
			case <-s.kick:
				timer.Reset(s.opt.Debounce)
			default:
				continue
			}
			break
		}
	}
}

// next takes the first pending directory (in name order).
func (s *server) next() (string, time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown || len(s.pending) == 0 {
		return "", time.Time{}, false
	}
	dirs := make([]string, 0, len(s.pending))
	for d := range s.pending {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	since := s.pending[dirs[0]]
	delete(s.pending, dirs[0])
	return dirs[0], since, true
}

// run analyzes the package in dir with the open buffers as overlays and
// publishes the diagnostics of its files, unless a change made the run
// stale meanwhile (then dir is pending again and the result is dropped).
func (s *server) run(dir string, since time.Time) {
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	s.mu.Lock()
	gen := s.gen[dir]
	s.running, s.cancelRun = dir, cancel
	buffers := make(map[string][]byte)
	versions := make(map[string]int32)
	tests := false
	for name, d := range s.docs {
		if filepath.Dir(name) == dir {
			versions[name] = d.version
			tests = tests || strings.HasSuffix(name, "_test.go")
		}
		buffers[name] = d.text // never modified in place: edits build a new slice
	}
	s.mu.Unlock()
	// Only buffers that differ from the file on disk are overlaid (the go
	// command refuses overlays of files in the module cache, which an
	// editor may well have open, unchanged).
	overlay := make(map[string][]byte)
	for name, text := range buffers {
		if disk, err := os.ReadFile(name); err != nil || !bytes.Equal(disk, text) {
			overlay[name] = text
		}
	}

	res, err := analyze(ctx, driver.Request{Patterns: []string{"."}, Dir: dir, Env: s.opt.Env, Overlay: overlay, Tests: tests}, s.checks)
	if s.opt.afterAnalyze != nil {
		s.opt.afterAnalyze()
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.running, s.cancelRun = "", nil
	if s.gen[dir] != gen || s.shutdown {
		return // stale: dir is pending again
	}
	for _, n := range resNotes(res) {
		s.logf("%s", n)
	}
	files := newContents(overlay)
	byFile := make(map[string]*published)
	get := func(name string) *published {
		p := byFile[name]
		if p == nil {
			v, ok := versions[name]
			if !ok {
				v = -1
			}
			p = &published{dir: dir, version: v}
			byFile[name] = p
		}
		return p
	}
	if res != nil {
		for _, name := range res.Files {
			if filepath.Dir(name) == dir {
				get(name)
			}
		}
		for _, f := range res.Findings {
			if filepath.Dir(f.Posn.Filename) != dir {
				continue
			}
			p := get(f.Posn.Filename)
			p.items = append(p.items, s.toItem(f, files))
		}
	}
	// A load that failed, or errors of the package or its dependencies:
	// one diagnostic on each open file of dir, at the first error in that
	// file if there is one.
	var problems []driver.Problem
	if err != nil {
		problems = []driver.Problem{{Message: err.Error()}}
	} else {
		problems = res.Errors
	}
	if len(problems) > 0 {
		for name := range versions {
			p := get(name)
			p.items = append(p.items, item{diag: loadDiagnostic(name, problems, files)})
		}
	}
	// Files this directory reported on before and not now (deleted,
	// excluded by a build tag) are cleared.
	for name, old := range s.results {
		if old.dir == dir && byFile[name] == nil {
			get(name)
		}
	}
	names := make([]string, 0, len(byFile))
	for n := range byFile {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		p := byFile[name]
		s.results[name] = p
		diags := make([]protocol.Diagnostic, 0, len(p.items))
		for _, it := range p.items {
			diags = append(diags, it.diag)
		}
		params := protocol.PublishDiagnosticsParams{URI: s.uriLocked(name), Diagnostics: diags}
		if p.version >= 0 {
			v := protocol.UInteger(p.version)
			params.Version = &v
		}
		if err := s.conn.Notify(s.ctx, protocol.ServerTextDocumentPublishDiagnostics, params); err != nil {
			s.logf("publishDiagnostics: %v", err)
		}
		if s.opt.OnPublish != nil {
			s.opt.OnPublish(name, time.Since(since))
		}
	}
}

// analyze is driver.Analyze, with a panic outside the checks (which the
// driver guards) turned into an error: the session survives it as a load
// error diagnostic.
func analyze(ctx context.Context, req driver.Request, checks []*analysis.Analyzer) (res *driver.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("internal error: %v (please report it)", r)
		}
	}()
	return driver.Analyze(ctx, req, checks)
}

func resNotes(res *driver.Result) []string {
	if res == nil {
		return nil
	}
	return res.Notes
}

// uriLocked returns the URI the client used for an open file, else the
// file's URI.
func (s *server) uriLocked(name string) string {
	if d := s.docs[name]; d != nil {
		return d.uri
	}
	return uriOf(name)
}

// contents reads the files positions are converted on: the overlay's
// content (what was analyzed) or the file on disk, each once.
type contents struct {
	overlay map[string][]byte
	read    map[string][]byte
}

func newContents(overlay map[string][]byte) *contents {
	return &contents{overlay: overlay, read: make(map[string][]byte)}
}

func (c *contents) get(name string) []byte {
	if b, ok := c.overlay[name]; ok {
		return b
	}
	if b, ok := c.read[name]; ok {
		return b
	}
	b, _ := os.ReadFile(name)
	c.read[name] = b
	return b
}

var (
	severityWarning = protocol.DiagnosticSeverityWarning
	severityError   = protocol.DiagnosticSeverityError
	source          = "zmqlint"
)

// toItem converts a finding: its diagnostic (UTF-16 range, code, docs
// link, related positions) and one quickfix per suggested fix.
func (s *server) toItem(f driver.Finding, files *contents) item {
	text := files.get(f.Posn.Filename)
	rng := protocol.Range{
		Start: positionOfLineCol(text, f.Posn.Line, f.Posn.Column),
		End:   positionOfLineCol(text, f.End.Line, f.End.Column),
	}
	d := protocol.Diagnostic{
		Range:    rng,
		Severity: &severityWarning,
		Code:     &protocol.IntegerOrString{Value: f.Code},
		Source:   &source,
		Message:  f.Message,
	}
	if f.URL != "" {
		d.CodeDescription = &protocol.CodeDescription{HRef: f.URL}
	}
	for _, r := range f.Related {
		if r.Posn.Filename == "" {
			continue
		}
		rt := files.get(r.Posn.Filename)
		d.RelatedInformation = append(d.RelatedInformation, protocol.DiagnosticRelatedInformation{
			Location: protocol.Location{
				URI: s.uriLocked(r.Posn.Filename),
				Range: protocol.Range{
					Start: positionOfLineCol(rt, r.Posn.Line, r.Posn.Column),
					End:   positionOfLineCol(rt, r.End.Line, r.End.Column),
				},
			},
			Message: r.Message,
		})
	}
	it := item{diag: d}
	kind := protocol.CodeActionKindQuickFix
	for i, fix := range f.Fixes {
		changes := make(map[protocol.DocumentUri][]protocol.TextEdit)
		for _, e := range fix.Edits {
			et := files.get(e.Filename)
			uri := s.uriLocked(e.Filename)
			changes[uri] = append(changes[uri], protocol.TextEdit{
				Range:   protocol.Range{Start: positionOf(et, e.Start), End: positionOf(et, e.End)},
				NewText: e.New,
			})
		}
		preferred := i == 0
		it.actions = append(it.actions, protocol.CodeAction{
			Title:       fix.Message,
			Kind:        &kind,
			Diagnostics: []protocol.Diagnostic{d},
			IsPreferred: &preferred,
			Edit:        &protocol.WorkspaceEdit{Changes: changes},
		})
	}
	return it
}

// loadDiagnostic is the one diagnostic that says the package could not be
// (fully) loaded: at the first problem located in file name, else at the
// top of the file; the message lists the problems.
func loadDiagnostic(name string, problems []driver.Problem, files *contents) protocol.Diagnostic {
	var rng protocol.Range
	for _, p := range problems {
		if p.Posn.Filename == name {
			text := files.get(name)
			start := positionOfLineCol(text, p.Posn.Line, max(p.Posn.Column, 1))
			rng = protocol.Range{Start: start, End: start}
			break
		}
	}
	const most = 5
	var b strings.Builder
	b.WriteString("zmqlint could not analyze this package completely: ")
	for i, p := range problems {
		if i == most {
			fmt.Fprintf(&b, "\n(and %d more)", len(problems)-most)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(p.Message)
	}
	return protocol.Diagnostic{Range: rng, Severity: &severityError, Source: &source, Message: b.String()}
}

// codeAction returns the quick fixes of the diagnostics on the lines of
// the requested range (editors send the cursor position, or a selection)
// and of those the client lists in the request's context, from the last
// run, if that run analyzed the version of the document the editor has
// now (else the fixes' positions could be wrong: none are offered until
// the next run).
func (s *server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	if len(p.Context.Only) > 0 && !wantsQuickFix(p.Context.Only) {
		return []protocol.CodeAction{}, nil
	}
	name := pathOf(p.TextDocument.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	pub := s.results[name]
	out := []protocol.CodeAction{}
	if pub == nil {
		return out, nil
	}
	if d := s.docs[name]; d != nil && d.version != pub.version {
		return out, nil
	}
	for _, it := range pub.items {
		if onLines(it.diag.Range, p.Range) || listed(it.diag, p.Context.Diagnostics) {
			out = append(out, it.actions...)
		}
	}
	return out, nil
}

func wantsQuickFix(only []protocol.CodeActionKind) bool {
	for _, k := range only {
		if k == protocol.CodeActionKindQuickFix || k == "" {
			return true
		}
	}
	return false
}

// onLines reports whether a diagnostic's range shares a line with the
// requested range.
func onLines(diag, req protocol.Range) bool {
	return diag.Start.Line <= req.End.Line && req.Start.Line <= diag.End.Line
}

// listed reports whether the client's context names the diagnostic (same
// range and message; the client echoes what was published).
func listed(d protocol.Diagnostic, ctx []protocol.Diagnostic) bool {
	for _, c := range ctx {
		if c.Range == d.Range && c.Message == d.Message {
			return true
		}
	}
	return false
}
