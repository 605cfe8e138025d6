// Command gen writes a synthetic Go module for zmqlint's benchmarks.
//
//	go run ./bench/gen -n 200 -o /tmp/zbench200
//	go run ./bench/gen -shape ring -n 400 -o /tmp/ring400   # a stress shape: see stress.go
//
// The module (example.com/zbench) has one shared helper package, zhelp,
// that wraps github.com/pebbe/zmq4, and n packages p0000 … p<n-1>. Each
// package holds:
//
//   - zmq.go: pebbe/zmq4 sockets created and closed (deferred and on every
//     path), leaked on an early return, multipart sequences with SNDMORE
//     (complete and abandoned), a socket used from a goroutine, sockets
//     handed to zhelp and to the previous package's helpers (facts across
//     packages), a context terminated with a socket still open;
//   - gozmq.go: go-zeromq/zmq4 PUB/PUSH sockets sending buffers (one buffer
//     modified after the send), and a receive loop;
//   - plain.go: about three hundred lines of ordinary Go (types, methods,
//     parsing, sorting, maps, generics, errors) that never touches ZeroMQ.
//
// Package p<i> imports p<i-1> unless i is a multiple of 8, so helper facts
// flow along chains of bounded depth and the work grows linearly with n.
// The go.mod pins the bindings zmqlint is tested against; building the
// module needs the libzmq headers (cgo), as pebbe/zmq4 does.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

const modulePath = "example.com/zbench"

func main() {
	n := flag.Int("n", 50, "number of packages (-shape suite), or the size of a stress shape")
	out := flag.String("o", "", "output directory (created; must not exist or be empty)")
	shape := flag.String("shape", "suite", "suite: the synthetic module below; ring, sockets, goroutines or switch: one stress package (see stress.go)")
	flag.Parse()
	if *out == "" || *n < 1 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	if *shape == "suite" {
		err = generate(*out, *n)
	} else {
		err = generateShape(*out, *shape, *n)
	}
	if err != nil {
		log.Fatal(err)
	}
}

// generate writes the module into dir.
func generate(dir string, n int) error {
	files := map[string]string{
		"go.mod":         goMod,
		"go.sum":         goSum,
		"zhelp/zhelp.go": zhelp,
	}
	for i := 0; i < n; i++ {
		name := pkgName(i)
		prevImport, prevUse := "", "\treturn nil"
		if i%8 != 0 {
			prevImport = fmt.Sprintf("\tprev %q\n", modulePath+"/"+pkgName(i-1))
			prevUse = "\treturn prev.Announce(s, topic)"
		}
		r := strings.NewReplacer("PKG", name, "PREVIMPORT\n", prevImport, "\tPREVUSE", prevUse)
		files[name+"/zmq.go"] = r.Replace(zmqTmpl)
		files[name+"/gozmq.go"] = r.Replace(gozmqTmpl)
		files[name+"/plain.go"] = r.Replace(plainTmpl)
	}
	for rel, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func pkgName(i int) string { return fmt.Sprintf("p%04d", i) }

const goMod = `module example.com/zbench

go 1.26

require (
	github.com/go-zeromq/zmq4 v0.17.0
	github.com/pebbe/zmq4 v1.4.0
)

require (
	golang.org/x/sync v0.7.0 // indirect
	golang.org/x/text v0.15.0 // indirect
)
`

// goSum is copied from testdata/realapi/go.sum.
const goSum = `github.com/go-zeromq/zmq4 v0.17.0 h1:r12/XdqPeRbuaF4C3QZJeWCt7a5vpJbslDH1rTXF+Kc=
github.com/go-zeromq/zmq4 v0.17.0/go.mod h1:EQxjJD92qKnrsVMzAnx62giD6uJIPi1dMGZ781iCDtY=
github.com/pebbe/zmq4 v1.4.0 h1:gO5P92Ayl8GXpPZdYcD62Cwbq0slSBVVQRIXwGSJ6eQ=
github.com/pebbe/zmq4 v1.4.0/go.mod h1:nqnPueOapVhE2wItZ0uOErngczsJdLOGkebMxaO8r48=
golang.org/x/sync v0.7.0 h1:YsImfSBoP9QPYL0xyKJPq0gcaJdG3rInoqxTWbfQu9M=
golang.org/x/sync v0.7.0/go.mod h1:Czt+wKu1gCyEFDUtn0jG5QVvpJ6rzVqr5aXyt9drQfk=
golang.org/x/text v0.15.0 h1:h1V/4gjBv8v9cjcR6+AR5+/cIYK5N/WAgiv4xlsEtAk=
golang.org/x/text v0.15.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=
`

const zhelp = `// Package zhelp wraps pebbe/zmq4 the way applications usually do.
package zhelp

import (
	"fmt"
	"time"

	zmq "github.com/pebbe/zmq4"
)

// NewPub returns a bound PUB socket.
func NewPub(endpoint string) (*zmq.Socket, error) {
	s, err := zmq.NewSocket(zmq.PUB)
	if err != nil {
		return nil, err
	}
	if err := s.Bind(endpoint); err != nil {
		s.Close()
		return nil, fmt.Errorf("bind %s: %w", endpoint, err)
	}
	return s, nil
}

// CloseQuietly closes s without waiting for queued messages.
func CloseQuietly(s *zmq.Socket) {
	s.SetLinger(0)
	s.Close()
}

// Publish sends a two-frame message.
func Publish(s *zmq.Socket, topic string, body []byte) error {
	if _, err := s.Send(topic, zmq.SNDMORE); err != nil {
		return err
	}
	_, err := s.SendBytes(body, 0)
	return err
}

// Linger sets a short linger.
func Linger(s *zmq.Socket) error { return s.SetLinger(100 * time.Millisecond) }
`

const zmqTmpl = `package PKG

import (
	"errors"
	"fmt"
	"log"
	"sync"

	zmq "github.com/pebbe/zmq4"

	"example.com/zbench/zhelp"
PREVIMPORT
)

// Announce publishes a topic on s using the helpers of this package chain.
func Announce(s *zmq.Socket, topic string) error {
	if err := zhelp.Publish(s, topic, []byte("hello")); err != nil {
		return err
	}
	PREVUSE
}

// Server owns a socket for its lifetime.
type Server struct {
	mu   sync.Mutex
	sock *zmq.Socket
	seen map[string]int
}

// NewServer stores the socket in a field: it escapes, nothing is reported.
func NewServer(endpoint string) (*Server, error) {
	s, err := zmq.NewSocket(zmq.REP)
	if err != nil {
		return nil, err
	}
	if err := s.Bind(endpoint); err != nil {
		s.Close()
		return nil, err
	}
	return &Server{sock: s, seen: map[string]int{}}, nil
}

// Serve answers requests until an error.
func (sv *Server) Serve() error {
	for {
		req, err := sv.sock.RecvMessage(0)
		if err != nil {
			return err
		}
		sv.mu.Lock()
		sv.seen[req[0]]++
		n := sv.seen[req[0]]
		sv.mu.Unlock()
		if _, err := sv.sock.SendMessage("ok", n); err != nil {
			return err
		}
	}
}

// Close closes the server's socket.
func (sv *Server) Close() error { return sv.sock.Close() }

// Request sends one request and closes the socket on every path.
func Request(endpoint, body string) (string, error) {
	s, err := zmq.NewSocket(zmq.REQ)
	if err != nil {
		return "", err
	}
	defer s.Close()
	if err := s.Connect(endpoint); err != nil {
		return "", err
	}
	if _, err := s.Send(body, 0); err != nil {
		return "", err
	}
	return s.Recv(0)
}

// LeakOnError forgets to close the socket when Connect fails.
func LeakOnError(endpoint string) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(endpoint); err != nil {
		return err
	}
	_, err = s.Send("job", 0)
	s.Close()
	return err
}

// Multipart sends a three-frame message.
func Multipart(s *zmq.Socket, key string, parts [][]byte) error {
	if _, err := s.Send(key, zmq.SNDMORE); err != nil {
		return err
	}
	for _, p := range parts {
		if _, err := s.SendBytes(p, zmq.SNDMORE); err != nil {
			return err
		}
	}
	_, err := s.Send("END", 0)
	return err
}

// Abandoned returns between frames of a multipart message.
func Abandoned(s *zmq.Socket, key string, body []byte) error {
	if _, err := s.Send(key, zmq.SNDMORE); err != nil {
		return err
	}
	if len(body) == 0 {
		return errors.New("empty body")
	}
	_, err := s.SendBytes(body, 0)
	return err
}

// Worker uses a socket from a goroutine and closes it there.
func Worker(endpoint string, jobs <-chan string, wg *sync.WaitGroup) error {
	s, err := zmq.NewSocket(zmq.PUSH)
	if err != nil {
		return err
	}
	if err := s.Connect(endpoint); err != nil {
		s.Close()
		return err
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer s.Close()
		for j := range jobs {
			if _, err := s.Send(j, 0); err != nil {
				log.Printf("PKG: send: %v", err)
				return
			}
		}
	}()
	return nil
}

// ViaHelpers creates a socket with a helper and closes it with another.
func ViaHelpers(endpoint string) error {
	s, err := zhelp.NewPub(endpoint)
	if err != nil {
		return err
	}
	defer zhelp.CloseQuietly(s)
	if err := zhelp.Linger(s); err != nil {
		return err
	}
	return Announce(s, fmt.Sprintf("PKG-%s", endpoint))
}

// TermWithOpenSocket terminates a context while a socket is open.
func TermWithOpenSocket(endpoint string) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	s, err := ctx.NewSocket(zmq.DEALER)
	if err != nil {
		ctx.Term()
		return err
	}
	if err := s.Connect(endpoint); err != nil {
		s.Close()
		ctx.Term()
		return err
	}
	s.SendMessage("hello", "world")
	ctx.Term()
	return s.Close()
}

// Poll waits on two sockets.
func Poll(a, b *zmq.Socket) (int, error) {
	p := zmq.NewPoller()
	p.Add(a, zmq.POLLIN)
	p.Add(b, zmq.POLLIN)
	ready, err := p.Poll(-1)
	if err != nil {
		return 0, err
	}
	return len(ready), nil
}
`

const gozmqTmpl = `package PKG

import (
	"context"
	"encoding/binary"
	"fmt"

	"github.com/go-zeromq/zmq4"
)

// PublishTicks sends counters from one reused buffer.
func PublishTicks(ctx context.Context, endpoint string, n int) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen(endpoint); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	buf := make([]byte, 8)
	for i := 0; i < n; i++ {
		binary.BigEndian.PutUint64(buf, uint64(i))
		if err := pub.Send(zmq4.NewMsg(buf)); err != nil {
			return err
		}
	}
	return nil
}

// ModifiedAfterSend changes a buffer after handing it to Send.
func ModifiedAfterSend(ctx context.Context, endpoint string) error {
	pub := zmq4.NewPub(ctx)
	defer pub.Close()
	if err := pub.Listen(endpoint); err != nil {
		return err
	}
	buf := []byte("topic payload")
	if err := pub.Send(zmq4.NewMsg(buf)); err != nil {
		return err
	}
	buf[0] = 'T'
	return nil
}

// SendFrames sends a multipart message built from fresh buffers.
func SendFrames(ctx context.Context, endpoint, topic string, body []byte) error {
	push := zmq4.NewPush(ctx)
	defer push.Close()
	if err := push.Dial(endpoint); err != nil {
		return err
	}
	head := append([]byte(nil), topic...)
	return push.SendMulti(zmq4.NewMsgFrom(head, body))
}

// Collect receives n messages.
func Collect(ctx context.Context, endpoint string, n int) ([][]byte, error) {
	sub := zmq4.NewSub(ctx)
	defer sub.Close()
	if err := sub.Dial(endpoint); err != nil {
		return nil, err
	}
	if err := sub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return nil, err
	}
	var out [][]byte
	for len(out) < n {
		msg, err := sub.Recv()
		if err != nil {
			return out, err
		}
		out = append(out, msg.Frames...)
	}
	return out, nil
}

// LeakedPull never closes its socket.
func LeakedPull(ctx context.Context, endpoint string) (string, error) {
	pull := zmq4.NewPull(ctx)
	if err := pull.Dial(endpoint); err != nil {
		return "", err
	}
	msg, err := pull.Recv()
	if err != nil {
		return "", err
	}
	return msg.String(), nil
}
`

const plainTmpl = `package PKG

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Record is one parsed input line.
type Record struct {
	Name   string
	Kind   Kind
	Value  float64
	Tags   []string
	Stamp  time.Time
	Parent *Record
}

// Kind classifies records.
type Kind int

const (
	KindUnknown Kind = iota
	KindCounter
	KindGauge
	KindHistogram
	KindSummary
)

func (k Kind) String() string {
	switch k {
	case KindCounter:
		return "counter"
	case KindGauge:
		return "gauge"
	case KindHistogram:
		return "histogram"
	case KindSummary:
		return "summary"
	}
	return "unknown"
}

// ParseKind parses a kind name.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "counter", "c":
		return KindCounter, nil
	case "gauge", "g":
		return KindGauge, nil
	case "histogram", "h":
		return KindHistogram, nil
	case "summary", "s":
		return KindSummary, nil
	}
	return KindUnknown, fmt.Errorf("PKG: unknown kind %q", s)
}

// ErrSyntax is returned for malformed lines.
var ErrSyntax = errors.New("PKG: syntax error")

// ParseError locates a syntax error.
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads records, one per line: name kind value [tag...].
func Parse(r io.Reader) ([]Record, error) {
	var out []Record
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 {
			return nil, &ParseError{Line: line, Err: ErrSyntax}
		}
		kind, err := ParseKind(fields[1])
		if err != nil {
			return nil, &ParseError{Line: line, Err: err}
		}
		v, err := strconv.ParseFloat(fields[2], 64)
		if err != nil {
			return nil, &ParseError{Line: line, Err: err}
		}
		out = append(out, Record{Name: fields[0], Kind: kind, Value: v, Tags: fields[3:]})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Stats summarises values.
type Stats struct {
	Count         int
	Sum, Min, Max float64
	Mean, Median  float64
}

// Summarise computes statistics over values.
func Summarise(values []float64) Stats {
	if len(values) == 0 {
		return Stats{}
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	st := Stats{Count: len(sorted), Min: sorted[0], Max: sorted[len(sorted)-1]}
	for _, v := range sorted {
		st.Sum += v
	}
	st.Mean = st.Sum / float64(st.Count)
	mid := len(sorted) / 2
	if len(sorted)%2 == 0 {
		st.Median = (sorted[mid-1] + sorted[mid]) / 2
	} else {
		st.Median = sorted[mid]
	}
	return st
}

// GroupByKind groups record values by kind.
func GroupByKind(recs []Record) map[Kind][]float64 {
	groups := make(map[Kind][]float64)
	for _, r := range recs {
		groups[r.Kind] = append(groups[r.Kind], r.Value)
	}
	return groups
}

// Report formats per-kind statistics in a stable order.
func Report(recs []Record) string {
	groups := GroupByKind(recs)
	kinds := make([]Kind, 0, len(groups))
	for k := range groups {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kinds[i] < kinds[j] })
	var b strings.Builder
	for _, k := range kinds {
		st := Summarise(groups[k])
		fmt.Fprintf(&b, "%-10s n=%d sum=%.2f min=%.2f max=%.2f mean=%.2f median=%.2f\n",
			k, st.Count, st.Sum, st.Min, st.Max, st.Mean, st.Median)
	}
	return b.String()
}

// Map applies f to every element.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

// Filter keeps the elements for which keep is true.
func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// Set is a small generic set.
type Set[T comparable] struct{ m map[T]struct{} }

// Add inserts v.
func (s *Set[T]) Add(v T) {
	if s.m == nil {
		s.m = make(map[T]struct{})
	}
	s.m[v] = struct{}{}
}

// Has reports whether v is present.
func (s *Set[T]) Has(v T) bool { _, ok := s.m[v]; return ok }

// Len returns the number of elements.
func (s *Set[T]) Len() int { return len(s.m) }

// Tags collects the distinct tags of recs.
func Tags(recs []Record) []string {
	var set Set[string]
	var out []string
	for _, r := range recs {
		for _, t := range r.Tags {
			if !set.Has(t) {
				set.Add(t)
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Shape is implemented by geometric shapes.
type Shape interface {
	Area() float64
	Perimeter() float64
}

// Rect is a rectangle.
type Rect struct{ W, H float64 }

func (r Rect) Area() float64      { return r.W * r.H }
func (r Rect) Perimeter() float64 { return 2 * (r.W + r.H) }

// Square is a square.
type Square struct{ Side float64 }

func (s Square) Area() float64      { return s.Side * s.Side }
func (s Square) Perimeter() float64 { return 4 * s.Side }

// Largest returns the shape with the largest area.
func Largest(shapes ...Shape) (Shape, bool) {
	var best Shape
	for _, s := range shapes {
		if best == nil || s.Area() > best.Area() {
			best = s
		}
	}
	return best, best != nil
}

// State is a tokenizer state.
type State int

const (
	StateSpace State = iota
	StateWord
	StateQuoted
)

// Split splits a command line, honouring double quotes.
func Split(line string) ([]string, error) {
	var (
		out   []string
		cur   strings.Builder
		state = StateSpace
	)
	for _, r := range line {
		switch state {
		case StateSpace:
			switch {
			case r == '"':
				state = StateQuoted
			case r == ' ' || r == '\t':
			default:
				cur.WriteRune(r)
				state = StateWord
			}
		case StateWord:
			switch r {
			case ' ', '\t':
				out = append(out, cur.String())
				cur.Reset()
				state = StateSpace
			case '"':
				state = StateQuoted
			default:
				cur.WriteRune(r)
			}
		case StateQuoted:
			if r == '"' {
				state = StateWord
			} else {
				cur.WriteRune(r)
			}
		}
	}
	if state == StateQuoted {
		return nil, errors.New("PKG: unterminated quote")
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out, nil
}

// Cache is an LRU-ish cache with a fixed capacity.
type Cache struct {
	cap   int
	order []string
	items map[string]Record
}

// NewCache returns an empty cache.
func NewCache(capacity int) *Cache {
	return &Cache{cap: capacity, items: make(map[string]Record)}
}

// Put inserts or replaces r, evicting the oldest entry when full.
func (c *Cache) Put(r Record) {
	if _, ok := c.items[r.Name]; !ok {
		if len(c.order) >= c.cap && c.cap > 0 {
			oldest := c.order[0]
			c.order = c.order[1:]
			delete(c.items, oldest)
		}
		c.order = append(c.order, r.Name)
	}
	c.items[r.Name] = r
}

// Get returns the record named name.
func (c *Cache) Get(name string) (Record, bool) {
	r, ok := c.items[name]
	return r, ok
}

// Retry calls f until it succeeds or attempts run out.
func Retry(attempts int, delay time.Duration, f func() error) error {
	var err error
	for i := 0; i < attempts; i++ {
		if err = f(); err == nil {
			return nil
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			return err
		}
		time.Sleep(delay)
		delay *= 2
	}
	return fmt.Errorf("PKG: after %d attempts: %w", attempts, err)
}
`
