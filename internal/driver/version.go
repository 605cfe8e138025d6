package driver

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/zmqlint/zmqlint/internal/version"
)

// versionRequest answers the version requests, before any flag parsing:
//
//   - "-V=full", the query go vet makes of a -vettool, in the form
//     x/tools' unitchecker (analysisflags) gives: "<executable> version
//     devel <comments> buildID=<sha256 of the executable>". go vet keys
//     its cache on the buildID when the third field contains "devel",
//     so the content hash must stay there; zmqlint puts its module
//     version and VCS revision in the comments, which go vet ignores.
//   - "-V", "-version", "--version" and "zmqlint version": one line for
//     people, "zmqlint <version> built with <go version>".
//
// ok is false when args are not a version request. A -V with another
// value is bad usage, as for the go tools.
func versionRequest(args []string, stdout, stderr io.Writer) (code int, ok bool) {
	if len(args) == 1 && args[0] == "version" {
		fmt.Fprintln(stdout, versionLine())
		return ExitOK, true
	}
	if len(args) > 1 && args[0] == "version" {
		fmt.Fprintln(stderr, "zmqlint: version takes no arguments (to analyze a package named version, write ./version)")
		return ExitUsage, true
	}
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch {
		case name == "V" && hasValue && value == "full":
			line, err := fullVersion()
			if err != nil {
				fmt.Fprintf(stderr, "zmqlint: -V=full: %v\n", err)
				return ExitError, true
			}
			fmt.Fprintln(stdout, line)
			return ExitOK, true
		case name == "V" && hasValue && value != "true":
			fmt.Fprintf(stderr, "zmqlint: unsupported flag value: -V=%s (use -V or -V=full)\n", value)
			return ExitUsage, true
		case name == "V" || (name == "version" && (!hasValue || value == "true")):
			fmt.Fprintln(stdout, versionLine())
			return ExitOK, true
		}
	}
	return 0, false
}

// versionLine is the version for people: the module version (or
// devel+revision, see internal/version) and the Go version.
func versionLine() string {
	line := "zmqlint " + version.String()
	if info, ok := debug.ReadBuildInfo(); ok && info.GoVersion != "" {
		line += " built with " + info.GoVersion
	}
	return line
}

// fullVersion is the -V=full line (see version).
func fullVersion() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	comments := "zmqlint@" + version.String()
	if info, ok := debug.ReadBuildInfo(); ok && info.GoVersion != "" {
		comments += " " + info.GoVersion
	}
	return fmt.Sprintf("%s version devel %s buildID=%02x", exe, comments, sum[:]), nil
}
