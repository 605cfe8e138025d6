package buffers

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"

	"github.com/zmqlint/zmqlint/passes/internal/value"
)

// Byte ranges: a send of buf[:8] and a later write into buf[8:] touch the
// same backing array but not the same bytes. The alias classes cannot tell
// (they are flow-insensitive unions); these helpers compare the ranges of
// two re-slices of one common value when the bounds are constants.

// MaxChain bounds the length of a re-slice chain (see Chain).
const MaxChain = 7

// Chain returns v followed by the values it re-slices, innermost last:
// for buf[:8], where buf is make([]byte, 16)[:], it is [buf[:8], buf, the
// array]. Named-type conversions are steps too. At most MaxChain values.
func Chain(v ssa.Value) []ssa.Value {
	chain := []ssa.Value{v}
	for len(chain) < MaxChain {
		// Only re-slices and named-type conversions: each step keeps
		// constant bounds comparable (a Convert or an array pointer
		// changes the element indexing MayOverlap compares).
		x, ok := value.Step(v, value.Slice|value.ChangeType)
		if !ok {
			return chain
		}
		v = x
		chain = append(chain, v)
	}
	return chain
}

// MayOverlap reports whether the bytes reached through w may overlap the
// bytes of a value sent earlier whose Chain is sent. stable(j) tells
// whether sent[j] still holds the value it held at the send (its
// instruction was not executed again in between: a loop iteration
// computes a new value). toCap is set when the access through w may go
// past w's length into its capacity (append into a shortened slice).
//
// The answer is "may overlap" unless both are re-slices of one common
// stable value and either their bounds are constants that give disjoint
// ranges, or a low bound is not a constant: a chunk carved at a computed
// offset (slab[i*8 : i*8+8]) is not provably the memory of another chunk,
// and a false positive costs more than a miss. Accesses through the common
// value itself, or through a re-slice of the sent value, always overlap.
func MayOverlap(sent []ssa.Value, stable func(j int) bool, w ssa.Value, toCap bool) bool {
	wc := Chain(w)
	j, m := -1, -1
outer:
	for js, s := range sent {
		if !stable(js) {
			continue
		}
		for mw, x := range wc {
			if x == s {
				j, m = js, mw
				break outer
			}
		}
	}
	if j < 0 {
		return true // not related by re-slicing: assume the worst
	}
	if j == 0 || m == 0 {
		return true
	}
	rs, ok1 := rangeOf(sent[:j+1])
	rw, ok2 := rangeOf(wc[:m+1])
	if !ok1 || !ok2 {
		return false // a computed low bound: not provably the same bytes
	}
	if toCap {
		rw.hi = -1
	}
	return rs.overlaps(rw)
}

// byteRange is [lo, hi) relative to the common value; hi < 0 stands for
// "up to its end, or unknown".
type byteRange struct{ lo, hi int64 }

func (r byteRange) overlaps(o byteRange) bool {
	lo := max(r.lo, o.lo)
	switch {
	case r.hi < 0 && o.hi < 0:
		return true
	case r.hi < 0:
		return lo < o.hi
	case o.hi < 0:
		return lo < r.hi
	}
	return lo < min(r.hi, o.hi)
}

// rangeOf computes the range of chain[0] within chain[len-1], where each
// value re-slices the next; ok is false when a low bound is not constant.
func rangeOf(chain []ssa.Value) (byteRange, bool) {
	r := byteRange{0, -1}
	for k := len(chain) - 2; k >= 0; k-- {
		s, ok := chain[k].(*ssa.Slice)
		if !ok {
			continue // a conversion: same bytes
		}
		lo := int64(0)
		if s.Low != nil {
			c, ok := constInt(s.Low)
			if !ok {
				return r, false
			}
			lo = c
		}
		hi := int64(-1)
		if s.High == nil {
			if r.hi >= 0 {
				hi = r.hi
			}
		} else if c, ok := constInt(s.High); ok {
			hi = r.lo + c
		}
		r = byteRange{r.lo + lo, hi}
	}
	return r, true
}

func constInt(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return 0, false
	}
	x, exact := constant.Int64Val(c.Value)
	return x, exact && x >= 0
}
