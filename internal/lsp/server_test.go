package lsp

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/zmqlint/zmqlint/analyzers"
)

// leakSrc leaks s on the return of line 15; the finding is at the "(" of
// NewSocket on line 10, after a comment with a two-byte and a four-byte
// (surrogate pair in UTF-16) character: byte column 38, UTF-16 character
// 34 (0-based).
const leakSrc = `package leak

import (
	"fmt"

	zmq "github.com/pebbe/zmq4"
)

func Leak() error {
	/* é😀 */ s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect("tcp://localhost:5555"); err != nil {
		return err
	}
	fmt.Println("ok")
	return nil
}
`

// demoCopy copies the demo module (testdata/demo) into a temporary
// directory and makes sure its dependencies are in the module cache.
func demoCopy(t testing.TB) (dir string, env []string) {
	t.Helper()
	dir = t.TempDir()
	src := filepath.Join("..", "..", "testdata", "demo")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go mod download in the demo module: %v\n%s", err, out)
	}
	return dir, env
}

// client is the test's end of an in-process session.
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	mu   sync.Mutex
	diag map[string][]protocol.PublishDiagnosticsParams // by URI, in arrival order
	raw  map[string][]string                            // the same, as sent
	at   map[string][]time.Time                         // the same, arrival times
	note chan struct{}
	code chan int // the server's exit code
	reg  []string // the params of each client/registerCapability
}

type pipe struct {
	io.Reader
	io.WriteCloser
}

func startServer(t testing.TB, env []string, opt Options) *client {
	t.Helper()
	sr, cw := io.Pipe()
	cr, sw := io.Pipe()
	c := &client{t: t, diag: make(map[string][]protocol.PublishDiagnosticsParams), raw: make(map[string][]string), at: make(map[string][]time.Time), note: make(chan struct{}, 1), code: make(chan int, 1)}
	opt.Env = env
	go func() { c.code <- Serve(context.Background(), pipe{sr, sw}, analyzers.All(), opt) }()
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(pipe{cr, cw}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == string(protocol.ServerClientRegisterCapability) && req.Params != nil {
				c.mu.Lock()
				c.reg = append(c.reg, string(*req.Params))
				c.mu.Unlock()
				return nil, nil
			}
			if req.Method == string(protocol.ServerTextDocumentPublishDiagnostics) && req.Params != nil {
				var p protocol.PublishDiagnosticsParams
				if err := json.Unmarshal(*req.Params, &p); err != nil {
					t.Errorf("publishDiagnostics: %v", err)
					return nil, nil
				}
				c.mu.Lock()
				c.diag[p.URI] = append(c.diag[p.URI], p)
				c.raw[p.URI] = append(c.raw[p.URI], string(*req.Params))
				c.at[p.URI] = append(c.at[p.URI], time.Now())
				c.mu.Unlock()
				select {
				case c.note <- struct{}{}:
				default:
				}
			}
			return nil, nil
		}))
	t.Cleanup(func() { c.conn.Close() })
	return c
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitDiagnostics waits for a publishDiagnostics of uri for version.
func (c *client) waitDiagnostics(uri string, version int32) []protocol.Diagnostic {
	d, _ := c.waitRaw(uri, version)
	return d
}

// waitUnversioned waits for a publishDiagnostics of uri without a
// version (a file that is not open).
func (c *client) waitUnversioned(uri string) []protocol.Diagnostic {
	c.t.Helper()
	deadline := time.After(3 * time.Minute)
	for {
		c.mu.Lock()
		for _, p := range c.diag[uri] {
			if p.Version == nil {
				c.mu.Unlock()
				return p.Diagnostics
			}
		}
		c.mu.Unlock()
		select {
		case <-c.note:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

// waitRaw is waitDiagnostics, with the params as the server sent them.
func (c *client) waitRaw(uri string, version int32) ([]protocol.Diagnostic, string) {
	c.t.Helper()
	deadline := time.After(3 * time.Minute)
	for {
		c.mu.Lock()
		for i, p := range c.diag[uri] {
			if p.Version != nil && int32(*p.Version) == version {
				raw := c.raw[uri][i] // read under the lock: the handler appends
				c.mu.Unlock()
				return p.Diagnostics, raw
			}
		}
		c.mu.Unlock()
		select {
		case <-c.note:
		case <-deadline:
			c.t.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

// applyEdits applies LSP text edits (UTF-16 positions) to text, the way
// a client does: last edit first. Written against the protocol's
// definition, independently of the server's conversion.
func applyEdits(t testing.TB, text string, edits []protocol.TextEdit) string {
	off := func(p protocol.Position) int {
		lines := strings.SplitAfter(text, "\n")
		o := 0
		for i := 0; i < int(p.Line); i++ {
			o += len(lines[i])
		}
		units := 0
		for i, r := range lines[p.Line] {
			if units >= int(p.Character) {
				return o + i
			}
			if r >= 0x10000 {
				units += 2
			} else {
				units++
			}
		}
		return o + len(lines[p.Line])
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		s, en := off(e.Range.Start), off(e.Range.End)
		text = text[:s] + e.NewText + text[en:]
	}
	return text
}

// TestSession: initialize, open a file with a leak, get its diagnostic
// (UTF-16 range after non-ASCII text, code, docs link, related
// positions), ask for the code action, apply its edit as the client
// would and send it as an incremental change: the diagnostics go away. A
// syntax error then gives one load-error diagnostic, and the server
// survives it; shutdown and exit end the session with code 0.
func TestSession(t *testing.T) {
	dir, env := demoCopy(t)
	name := filepath.Join(dir, "leak", "leak.go")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(leakSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := uriOf(name)
	c := startServer(t, env, Options{Debounce: 50 * time.Millisecond})

	var init protocol.InitializeResult
	rootURI := uriOf(dir)
	var initParams protocol.InitializeParams
	if err := json.Unmarshal([]byte(`{"capabilities":{"workspace":{"didChangeWatchedFiles":{"dynamicRegistration":true}}}}`), &initParams); err != nil {
		t.Fatal(err)
	}
	initParams.RootURI = &rootURI
	c.call("initialize", initParams, &init)
	raw, _ := json.Marshal(init.Capabilities)
	for _, want := range []string{`"codeActionProvider":{"codeActionKinds":["quickfix"]}`, `"change":2`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("capabilities lack %s: %s", want, raw)
		}
	}
	c.notify("initialized", struct{}{})
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: leakSrc}})

	diags, draw := c.waitRaw(uri, 1)
	if len(diags) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(diags), diags)
	}
	d := diags[0]
	want := protocol.Range{Start: protocol.Position{Line: 9, Character: 34}, End: protocol.Position{Line: 9, Character: 34}}
	if d.Range != want {
		t.Errorf("range %+v, want %+v (UTF-16 columns after é and 😀)", d.Range, want)
	}
	for _, want := range []string{
		`"code":"lifecycle/leaked-socket"`,
		`"codeDescription":{"href":"https://github.com/zmqlint/zmqlint/blob/main/docs/lifecycle.md#leaked-socket"}`,
		`"severity":2`, `"source":"zmqlint"`,
		`"message":"socket s is not closed on all paths: the return on line 15 leaks it (call Close)"`,
	} {
		if !strings.Contains(draw, want) {
			t.Errorf("diagnostic lacks %s:\n%s", want, draw)
		}
	}

	if r := d.RelatedInformation; len(r) != 2 || r[0].Location.URI != uri || r[0].Location.Range.Start != (protocol.Position{Line: 14, Character: 2}) || r[0].Message != "s leaks here" {
		t.Errorf("related information %+v", r)
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: uri},
		// The cursor on the finding's line, as Neovim sends it.
		Range: protocol.Range{Start: protocol.Position{Line: 9, Character: 3}, End: protocol.Position{Line: 9, Character: 3}},
	}, &actions)
	if len(actions) != 1 {
		t.Fatalf("got %d code actions, want 1: %+v", len(actions), actions)
	}
	a := actions[0]
	if a.Title != "Defer s.Close() after its creation" || a.Kind == nil || *a.Kind != protocol.CodeActionKindQuickFix || a.Edit == nil {
		t.Fatalf("code action %+v", a)
	}
	edits := a.Edit.Changes[uri]
	if len(edits) != 1 || len(a.Edit.Changes) != 1 {
		t.Fatalf("edit %+v", a.Edit)
	}
	fixed := applyEdits(t, leakSrc, edits)
	if wantFixed := strings.Replace(leakSrc, "return err\n\t}\n", "return err\n\t}\n\tdefer s.Close()\n", 1); fixed != wantFixed {
		t.Fatalf("after the edit:\n%s\nwant:\n%s", fixed, wantFixed)
	}
	// The edit, sent back as the client's incremental change.
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: 2},
		ContentChanges: []any{protocol.TextDocumentContentChangeEvent{Range: &edits[0].Range, Text: edits[0].NewText}},
	})
	if diags := c.waitDiagnostics(uri, 2); len(diags) != 0 {
		t.Fatalf("after the fix: %+v", diags)
	}

	// A file created outside the editor (not open), announced by the
	// watcher the server registered: its findings are published.
	c.mu.Lock()
	reg := strings.Join(c.reg, "\n")
	c.mu.Unlock()
	if !strings.Contains(reg, `"method":"workspace/didChangeWatchedFiles"`) || !strings.Contains(reg, `"globPattern":"**/*.go"`) {
		t.Errorf("no watcher registered: %q", reg)
	}
	other := filepath.Join(dir, "leak", "other.go")
	if err := os.WriteFile(other, []byte(strings.Replace(leakSrc, "func Leak()", "func Other()", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uriOf(other), Type: protocol.FileChangeTypeCreated}}})
	if diags := c.waitUnversioned(uriOf(other)); len(diags) != 1 {
		t.Fatalf("other.go: %+v", diags)
	}

	// A syntax error: one diagnostic, the server keeps going.
	broken := strings.Replace(fixed, "return nil\n}", "return nil\n", 1)
	c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: 3},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: broken}},
	})
	diags = c.waitDiagnostics(uri, 3)
	if len(diags) != 1 || diags[0].Severity == nil || *diags[0].Severity != protocol.DiagnosticSeverityError || !strings.Contains(diags[0].Message, "syntax error") {
		t.Fatalf("broken file: %+v", diags)
	}
	if diags[0].Range.Start.Line == 0 {
		t.Errorf("the load error is not at its position in the file: %+v", diags[0].Range)
	}

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case code := <-c.code:
		if code != 0 {
			t.Errorf("exit code %d after shutdown, want 0", code)
		}
	case <-time.After(time.Minute):
		t.Fatal("the server did not exit")
	}
}

// TestStaleRunsDropped: edits in quick succession are analyzed once (the
// debounce), an edit that arrives while a run is in progress makes that
// run stale (its diagnostics are never published), and requests are
// answered while a run is in progress (the message loop never waits on
// analysis). A hook holds the run of version 6 after its analysis until the
// test releases it, so "during a run" is not a matter of timing.
func TestStaleRunsDropped(t *testing.T) {
	dir, env := demoCopy(t)
	name := filepath.Join(dir, "leak", "leak.go")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(leakSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := uriOf(name)
	started, release := make(chan struct{}), make(chan struct{})
	var holdMu sync.Mutex
	holding := false
	hold := func(on bool) {
		holdMu.Lock()
		holding = on
		holdMu.Unlock()
	}
	c := startServer(t, env, Options{Debounce: 300 * time.Millisecond, afterAnalyze: func() {
		holdMu.Lock()
		h := holding
		holdMu.Unlock()
		if h {
			started <- struct{}{}
			<-release
		}
	}})
	step := func(what string) {
		t.Helper()
		select {
		case <-started:
		case <-time.After(3 * time.Minute):
			t.Fatalf("no run for %s", what)
		}
	}
	var init protocol.InitializeResult
	c.call("initialize", protocol.InitializeParams{}, &init)
	c.notify("initialized", struct{}{})
	c.notify("textDocument/didOpen", protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: leakSrc}})
	change := func(v int32) {
		c.notify("textDocument/didChange", protocol.DidChangeTextDocumentParams{
			TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: v},
			ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: leakSrc + strings.Repeat("\n", int(v))}},
		})
	}
	codeAction := func() []protocol.CodeAction {
		var actions []protocol.CodeAction
		c.call("textDocument/codeAction", protocol.CodeActionParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri}}, &actions)
		return actions
	}
	// Versions 1-5 at once: one run, for 5.
	for v := int32(2); v <= 5; v++ {
		change(v)
	}
	if d := c.waitDiagnostics(uri, 5); len(d) != 1 {
		t.Fatalf("version 5: %+v", d)
	}
	// Version 6; while its run is held, version 7 and a request, which
	// is answered (and, answered in order, proves 7 was received).
	hold(true)
	change(6)
	step("version 6")
	change(7)
	if a := codeAction(); len(a) != 0 {
		t.Errorf("code actions for a version not analyzed yet: %+v", a)
	}
	hold(false)
	release <- struct{}{}
	if d := c.waitDiagnostics(uri, 7); len(d) != 1 {
		t.Fatalf("version 7: %+v", d)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range c.diag[uri] {
		if v := int32(*p.Version); v != 5 && v != 7 {
			t.Errorf("diagnostics published for stale version %d", v)
		}
	}
}
