#!/usr/bin/env bash
# Integration test of the golangci-lint module plugin (analyzers/gclplugin).
#
# 1. Builds a custom golangci-lint ($GCL_VERSION) that includes the plugin
#    from this checkout, the offline way documented in
#    docs/golangci-lint.md: golangci-lint's source from the Go module proxy
#    (no git clone: CI cannot reach GitHub), a plugins.go that blank-imports
#    the plugin, and a replace directive pointing at this checkout.
#    `golangci-lint custom` does the same but clones from GitHub.
# 2. Runs it with testdata/golangci/.golangci.yml on the module
#    testdata/golangci and checks that the findings are exactly those
#    listed in testdata/golangci/expected.txt (golangci-lint's own output
#    format, related information and //nolint cases included).
# 3. Runs it on the end-to-end demo module testdata/demo and checks that
#    the findings are exactly those of the standalone driver's golden file
#    testdata/demo/zmqlint.golden: every check, the same results in both
#    drivers.
#
# The built binary is cached under $ZMQLINT_CI_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/zmqlint-ci), keyed by a hash of the Go
# sources the plugin is built from, go.mod, go.sum, the Go version and
# this script, so a re-run with unchanged analyzers only lints.
#
# Needs Go, network access to the module proxy on a cold cache, and the
# libzmq headers (pkg-config libzmq) for the demo's cgo binding.
# Exits non-zero on any failure.
set -euo pipefail

GCL_VERSION=${GCL_VERSION:-v2.15.0}
GCL_MODULE=github.com/golangci/golangci-lint/v2
PLUGIN_MODULE=github.com/zmqlint/zmqlint
PLUGIN_IMPORT=$PLUGIN_MODULE/analyzers/gclplugin

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${ZMQLINT_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zmqlint-ci}
demo=$root/testdata/golangci
start=$SECONDS

say() { printf 'golangci.sh: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# cache_key hashes everything the custom binary is built from: the files of
# every package of this module the plugin imports (Go, cgo and embedded
# files), go.mod, go.sum, the Go toolchain, the golangci-lint version and
# this script. Test files and testdata do not go into the binary.
cache_key() {
	(
		cd "$root"
		{
			go list -deps -f '{{if and .Module .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .CgoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' "$PLUGIN_IMPORT" | sed '/^$/d'
			echo "$root/go.mod"
			echo "$root/go.sum"
			echo "$root/.ci/golangci.sh"
		} | LC_ALL=C sort | while read -r f; do
			printf '%s\n' "${f#"$root"/}"
			cat "$f"
		done
		go version
		echo "$GCL_VERSION"
	) | sha256sum | cut -c1-16
}

# build_custom_gcl builds the custom golangci-lint into $1.
build_custom_gcl() {
	local out=$1 work src
	work=$(mktemp -d)
	# shellcheck disable=SC2064 # expand $work now
	trap "chmod -R u+w '$work' 2>/dev/null; rm -rf '$work'; trap - RETURN" RETURN

	say "downloading $GCL_MODULE@$GCL_VERSION from the module proxy"
	src=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$GCL_MODULE@$GCL_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[[ -n $src && -d $src ]] || die "go mod download gave no source directory for $GCL_MODULE@$GCL_VERSION"

	# The module cache is read-only; build in a writable copy.
	cp -R "$src" "$work/gcl"
	chmod -R u+w "$work/gcl"

	cat >"$work/gcl/cmd/golangci-lint/plugins.go" <<EOF
package main

// Module plugins, as written by "golangci-lint custom".
import (
	_ "$PLUGIN_IMPORT"
)
EOF
	(
		cd "$work/gcl"
		go mod edit -require="$PLUGIN_MODULE@v0.0.0" -replace="$PLUGIN_MODULE=$root"
		# -mod=mod adds the go.sum lines of the plugin's dependencies; MVS
		# must not raise any of golangci-lint's own dependencies (zmqlint
		# never requires a newer x/tools than the golangci-lint it targets).
		GOFLAGS="${GOFLAGS:-} -mod=mod" go build -trimpath \
			-ldflags "-s -w -X 'main.version=${GCL_VERSION#v}-zmqlint' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
			-o "$out.tmp" ./cmd/golangci-lint
		if ! grep -q "golang.org/x/tools $(go list -m -f '{{.Version}}' golang.org/x/tools)" "$src/go.mod"; then
			say "warning: building with the plugin changed golangci-lint's x/tools version"
		fi
	)
	mv "$out.tmp" "$out"
}

mkdir -p "$cache"
key=$(cache_key)
bin=$cache/custom-gcl-$GCL_VERSION-$key
if [[ -x $bin ]]; then
	say "using cached $bin"
else
	say "building custom golangci-lint $GCL_VERSION with $PLUGIN_IMPORT (cache key $key)"
	t0=$SECONDS
	build_custom_gcl "$bin"
	say "built $bin in $((SECONDS - t0))s"
	# Keep the three newest binaries (about 50 MB each).
	ls -t "$cache"/custom-gcl-* 2>/dev/null | tail -n +4 | while IFS= read -r old; do rm -f "$old"; done
fi

"$bin" version >&2
# A module plugin is listed only when the configuration enables it.
linters=$(cd "$demo" && "$bin" linters --config .golangci.yml)
grep -q '^zmqlint: ' <<<"$linters" || die "the custom binary does not list the zmqlint linter"

# A fresh golangci-lint cache per run: its result cache is keyed by
# analyzer name, not by the binary, and must not hand a previous plugin
# build's findings to this one.
gclcache=$(mktemp -d)
outfile=$(mktemp)
trap 'rm -rf "$gclcache" "$outfile"' EXIT

# lint DIR runs the custom binary on the module in DIR with the demo's
# configuration and leaves golangci-lint's zmqlint lines in $outfile.
lint() {
	local rc
	set +e
	(
		cd "$1"
		GOLANGCI_LINT_CACHE=$gclcache "$bin" run --config "$demo/.golangci.yml" \
			--output.text.path=stdout --output.text.print-issued-lines=false \
			--output.text.colors=false --show-stats=false --path-mode=abs ./...
	) >"$outfile.all" 2>&1
	rc=$?
	set -e
	cat "$outfile.all" >&2
	# Exit code 1 means "issues found"; anything else is a failure to run.
	[[ $rc -eq 1 ]] || die "golangci-lint exited with $rc in ${1#"$root"/}, want 1 (issues found)"
	# golangci-lint's text lines: "demo.go:14:25: lifecycle: message (zmqlint)".
	# Paths relative to the linted module, as in the expectations.
	grep -E '^[^ ]+\.go:[0-9]+:[0-9]+: .* \(zmqlint\)$' "$outfile.all" |
		while IFS= read -r line; do printf '%s\n' "${line#"$1"/}"; done >"$outfile" || true
	rm -f "$outfile.all"
}

say "linting testdata/golangci"
lint "$demo"
got=$(cat "$outfile")
fail=0
while IFS= read -r want; do
	[[ -z $want || $want == \#* ]] && continue
	if ! grep -qF -- "$want" <<<"$got"; then
		say "missing finding: $want"
		fail=1
	fi
done <"$demo/expected.txt"
while IFS= read -r line; do
	[[ -z $line ]] && continue
	matched=0
	while IFS= read -r want; do
		[[ -z $want || $want == \#* ]] && continue
		if [[ $line == "$want"* ]]; then
			matched=1
			break
		fi
	done <"$demo/expected.txt"
	if [[ $matched -eq 0 ]]; then
		say "unexpected finding: $line"
		fail=1
	fi
done <<<"$got"
[[ $fail -eq 0 ]] || die "findings differ from testdata/golangci/expected.txt"
say "ok: $(grep -c . <<<"$got") findings in testdata/golangci as expected"

# The end-to-end demo: golangci-lint's findings, without columns, analyzer
# prefixes and related information, must be the standalone golden's.
e2e=$root/testdata/demo
if [[ -f $e2e/zmqlint.golden ]]; then
	say "linting testdata/demo"
	lint "$e2e"
	got=$(grep -v '(related information): ' "$outfile" |
		sed -E 's/^([^ ]+\.go:[0-9]+):[0-9]+: [a-z0-9_]+: (.*) \(zmqlint\)$/\1: \2/' | LC_ALL=C sort)
	want=$(grep . "$e2e/zmqlint.golden" | LC_ALL=C sort)
	if [[ $got != "$want" ]]; then
		diff <(echo "$want") <(echo "$got") | sed 's/^</missing:/; s/^>/unexpected:/' >&2 || true
		die "golangci-lint's findings in testdata/demo differ from testdata/demo/zmqlint.golden"
	fi
	say "ok: $(grep -c . <<<"$got") findings in testdata/demo, the same as the standalone driver's"
fi

say "done in $((SECONDS - start))s"
