package buffers

import (
	"fmt"
	"strings"
)

// ParamSet names some parameters of a function, the shape of both buffer
// facts: Params lists explicit parameter indexes; Recv marks the receiver.
type ParamSet struct {
	Recv   bool
	Params []int
}

// Has reports whether the set holds argument i (-1: the receiver).
func (p ParamSet) Has(i int) bool {
	if i < 0 {
		return p.Recv
	}
	for _, q := range p.Params {
		if q == i {
			return true
		}
	}
	return false
}

// format prints the set as name(recv 0 2), the facts' String form.
func (p ParamSet) format(name string) string {
	var parts []string
	if p.Recv {
		parts = append(parts, "recv")
	}
	for _, q := range p.Params {
		parts = append(parts, fmt.Sprint(q))
	}
	return name + "(" + strings.Join(parts, " ") + ")"
}
