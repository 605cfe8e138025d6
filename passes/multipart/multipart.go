package multipart

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/astx"
	"github.com/zmqlint/zmqlint/passes/internal/buffers"
	"github.com/zmqlint/zmqlint/passes/internal/owner"
	"github.com/zmqlint/zmqlint/passes/internal/report"
	"github.com/zmqlint/zmqlint/passes/registry"
	"github.com/zmqlint/zmqlint/passes/zmqssa"
)

//go:embed doc.go
var doc string

// URL is the documentation page of this check; each diagnostic links to
// the section named by its category (passes/registry).
const URL = registry.DocsBase + "multipart.md"

// Analyzer reports multipart messages left open on some path and frames
// slices modified after they were handed over to a send.
var Analyzer = &analysis.Analyzer{
	Name:       "multipart",
	Doc:        report.Doc(doc, "multipart"),
	URL:        URL,
	Run:        run,
	ResultType: report.ResultType,
	Flags:      registry.Flags("multipart"),
	Requires:   []*analysis.Analyzer{astx.Analyzer, zmqssa.Analyzer, buffers.Analyzer, owner.Analyzer},
	FactTypes:  []analysis.Fact{new(LeavesOpenFact), new(SendsFlagFact), new(FlagResultFact)},
}

// Diagnostic categories; each is a "## <category>" anchor in docs/multipart.md.
const (
	catAbandoned   = "abandoned-multipart"
	catFramesReuse = "frames-reused"
)

type checker struct {
	pass  *analysis.Pass
	res   *zmqssa.Result
	helps *helpers
	buf   *buffers.Result
	diag  []analysis.Diagnostic
	ff    flagFacts
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[zmqssa.Analyzer].(*zmqssa.Result)
	if res.Pkg == nil {
		return &registry.Result{}, nil // this package cannot touch ZeroMQ
	}
	c := &checker{pass: pass, res: res, buf: pass.ResultOf[buffers.Analyzer].(*buffers.Result),
		ff: flagFacts{sends: map[*ssa.Function]*SendsFlagFact{}, methods: map[string]finishMethods{}}}
	c.ff.results = newFlagResults(c)
	c.buf.Use(func() {
		c.exportFlagFacts()
		c.helps = newHelpers(c)
		c.helps.exportFacts()
		for _, fn := range res.SrcFuncs {
			c.checkAbandoned(fn)
			c.checkFramesReuse(fn)
		}
	})
	return report.Flush(pass, c.diag), nil
}

// report is the single funnel for every diagnostic of this check.
func (c *checker) report(d analysis.Diagnostic) {
	c.diag = append(c.diag, d)
}
