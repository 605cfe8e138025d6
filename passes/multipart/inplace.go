package multipart

import "go/types"

// inPlaceFuncs are standard-library functions that reorder or overwrite
// the elements of the slice passed as their first argument.
var inPlaceFuncs = map[string]map[string]bool{
	"sort": {"Slice": true, "SliceStable": true, "Sort": true, "Stable": true},
	"slices": {
		"Sort": true, "SortFunc": true, "SortStableFunc": true, "Reverse": true,
		"Delete": true, "DeleteFunc": true, "Compact": true, "CompactFunc": true,
		"Replace": true, "Insert": true,
	},
}

// inPlace reports whether fn modifies its first argument's elements in place.
func inPlace(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() != nil {
		return false
	}
	return inPlaceFuncs[fn.Pkg().Path()][fn.Name()]
}
