package multipart

import "golang.org/x/tools/go/analysis"

func (c *checker) moveFix(a *abandonment) (analysis.SuggestedFix, bool) {
	return analysis.SuggestedFix{}, false
}
