#!/usr/bin/env bash
# Integration test of the golangci-lint module plugin (analyzers/gclplugin).
#
# 1. Builds a custom golangci-lint ($GCL_VERSION) that includes the plugin
#    from this checkout, the offline way documented in
#    docs/golangci-lint.md: golangci-lint's source from the Go module proxy
#    (no git clone: CI cannot reach GitHub), a plugins.go that blank-imports
#    the plugin, and a replace directive pointing at this checkout.
#    `golangci-lint custom` does the same but clones from GitHub.
# 2. Runs it with testdata/golangci/.golangci.yml (golangci-lint's
#    defaults but for enabling the plugin: uniq-by-line, max-same-issues)
#    on the module testdata/golangci and checks that the findings are
#    exactly those listed in testdata/golangci/expected.txt
#    (golangci-lint's own output format, //nolint and //zmqlint:ignore
#    cases included), and that no "(related information)" issue appears.
# 3. Runs it on the end-to-end demo module testdata/demo and checks that
#    the findings are exactly those of the standalone driver's golden file
#    testdata/demo/zmqlint.golden: every check, the same results in both
#    drivers.
# 4. Runs --fix on a copy of testdata/demo, then lints the copy again
#    (repeated until nothing changes), and checks that the findings left
#    are exactly those the standalone driver leaves after its own -fix on
#    another copy, that the two fixed trees are the same, and that no
#    "(related information)" issue is left behind by a fixed finding.
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

# lint DIR [ARGS...] runs the custom binary on the module in DIR with the
# demo's configuration (and ARGS, e.g. --fix) and leaves golangci-lint's
# zmqlint lines in $outfile, paths relative to DIR. A "(related
# information)" issue is a failure: the plugin must not emit any (see
# docs/golangci-lint.md).
lint() {
	local dir=$1 rc
	shift
	set +e
	(
		cd "$dir"
		GOLANGCI_LINT_CACHE=$gclcache "$bin" run --config "$demo/.golangci.yml" \
			--output.text.path=stdout --output.text.print-issued-lines=false \
			--output.text.colors=false --show-stats=false --path-mode=abs "$@" ./...
	) >"$outfile.all" 2>&1
	rc=$?
	set -e
	cat "$outfile.all" >&2
	# Exit code 1 means "issues found", 0 none (after --fix); anything
	# else is a failure to run.
	[[ $rc -le 1 ]] || die "golangci-lint $* exited with $rc in ${dir#"$root"/}, want 0 or 1"
	if grep -q '(related information)' "$outfile.all"; then
		die "golangci-lint $* in ${dir#"$root"/} printed \"(related information)\" issues"
	fi
	# golangci-lint's text lines: "demo.go:14:25: message (lifecycle/leaked-socket) (zmqlint)".
	grep -E '^[^ ]+\.go:[0-9]+:[0-9]+: .* \(zmqlint\)$' "$outfile.all" |
		while IFS= read -r line; do printf '%s\n' "${line#"$dir"/}"; done >"$outfile" || true
	rm -f "$outfile.all"
}

# norm FILE turns golangci-lint's lines into the standalone golden's
# "file:line: message (code)", one line per finding (the plugin joins the
# findings of one line with "; and on this line: "), sorted.
norm() {
	sed -E 's/^([^ ]+\.go:[0-9]+):[0-9]+: (.*) \(zmqlint\)$/\1: \2/' "$1" |
		awk '{ p = index($0, ": "); loc = substr($0, 1, p + 1); n = split(substr($0, p + 2), part, "; and on this line: ");
		       for (i = 1; i <= n; i++) print loc part[i] }' | LC_ALL=C sort
}

# standalone_norm FILE does the same for the zmqlint command's text
# output: finding lines without their column, related lines dropped.
standalone_norm() {
	sed -nE 's/^([^ 	]+\.go:[0-9]+):[0-9]+: (.*)$/\1: \2/p' "$1" | LC_ALL=C sort
}

say "linting testdata/golangci"
lint "$demo"
got=$(cat "$outfile")
fail=0
while IFS= read -r want; do
	[[ -z $want || $want == \#* ]] && continue
	if ! grep -qxF -- "$want" <<<"$got"; then
		say "missing finding: $want"
		fail=1
	fi
done <"$demo/expected.txt"
while IFS= read -r line; do
	[[ -z $line ]] && continue
	if ! grep -v '^#' "$demo/expected.txt" | grep -qxF -- "$line"; then
		say "unexpected finding: $line"
		fail=1
	fi
done <<<"$got"
[[ $fail -eq 0 ]] || die "findings differ from testdata/golangci/expected.txt"
say "ok: $(grep -c . <<<"$got") findings in testdata/golangci as expected"

# The end-to-end demo: golangci-lint's findings, without columns, must be
# the standalone golden's.
e2e=$root/testdata/demo
say "linting testdata/demo"
lint "$e2e"
got=$(norm "$outfile")
want=$(grep . "$e2e/zmqlint.golden" | LC_ALL=C sort)
if [[ $got != "$want" ]]; then
	diff <(echo "$want") <(echo "$got") | sed 's/^</missing:/; s/^>/unexpected:/' >&2 || true
	die "golangci-lint's findings in testdata/demo differ from testdata/demo/zmqlint.golden"
fi
say "ok: $(grep -c . <<<"$got") findings in testdata/demo, the same as the standalone driver's"

# --fix: golangci-lint's fixes on one copy, the standalone driver's on
# another, each repeated until nothing changes (a fix that overlaps one
# applied in the same run waits for the next, in both drivers, but they
# do not pick the same one first). The findings left and the fixed files
# must be the same.
say "fixing a copy of testdata/demo with --fix"
work=$(mktemp -d)
trap 'rm -rf "$gclcache" "$outfile" "$work"' EXIT
mkdir "$work/gcl" "$work/std"
cp -R "$e2e/." "$work/gcl/"
cp -R "$e2e/." "$work/std/"
(cd "$root" && go build -o "$work/zmqlint" ./cmd/zmqlint)
maxrounds=6
prev=$want
for ((round = 1; ; round++)); do
	lint "$work/gcl" --fix
	lint "$work/gcl"
	gotfix=$(norm "$outfile")
	[[ $gotfix == "$prev" ]] && break
	((round < maxrounds)) || die "golangci-lint --fix still changes testdata/demo after $maxrounds runs"
	prev=$gotfix
done
say "golangci-lint --fix: $((round - 1)) run(s) changed something, the last changed nothing"
prev=$want
for ((round = 1; ; round++)); do
	(cd "$work/std" && GOFLAGS=-mod=mod "$work/zmqlint" -fix ./... >/dev/null 2>&1 || true)
	(cd "$work/std" && GOFLAGS=-mod=mod "$work/zmqlint" ./... 2>"$work/std.txt" || true)
	sed -i "s|$work/std/||g" "$work/std.txt"
	wantfix=$(standalone_norm "$work/std.txt")
	[[ $wantfix == "$prev" ]] && break
	((round < maxrounds)) || die "zmqlint -fix still changes testdata/demo after $maxrounds runs"
	prev=$wantfix
done
say "zmqlint -fix: $((round - 1)) run(s) changed something, the last changed nothing"
if [[ $gotfix != "$wantfix" ]]; then
	diff <(echo "$wantfix") <(echo "$gotfix") | sed 's/^</missing:/; s/^>/unexpected:/' >&2 || true
	die "after --fix, golangci-lint's findings in testdata/demo differ from the standalone driver's after -fix"
fi
if [[ $(grep -c . <<<"$gotfix") -ge $(grep -c . <<<"$want") ]]; then
	die "--fix fixed nothing in testdata/demo"
fi
if ! diff -r -x go.sum "$work/std" "$work/gcl" >&2; then
	die "golangci-lint --fix and zmqlint -fix changed testdata/demo differently"
fi
say "ok: --fix left $(grep -c . <<<"$gotfix") of $(grep -c . <<<"$want") findings in testdata/demo, the same as zmqlint -fix, and no related-information issues"

say "done in $((SECONDS - start))s"
