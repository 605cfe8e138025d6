// Package version tells which zmqlint this binary is, from the build
// information the go command records (runtime/debug.ReadBuildInfo): the
// module version for "go install ...@v1.2.3", else "devel", with the VCS
// revision when the build recorded one.
package version

import (
	"runtime/debug"
)

// String returns the version: "v1.2.3", "devel", "devel+0123abcd4567",
// or "devel+0123abcd4567-dirty" for a build from a modified checkout.
func String() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	v := "devel+" + rev
	if dirty {
		v += "-dirty"
	}
	return v
}
