#!/usr/bin/env bash
# zmqlint stress benchmark: shapes whose cost once grew faster than the
# code (issues 18 and 19). From a fresh clone:
#
#   bash bench/stress.sh                      # every shape at its sizes
#   SHAPES="ring" bash bench/stress.sh        # one shape
#   BEFORE=/tmp/zmqlint.old bash bench/stress.sh   # also time another binary
#
# For each shape and size it generates one package with bench/gen
# -shape SHAPE -n N, runs `zmqlint -cpuprofile ./...` (all checks) under
# GNU time and prints the process's CPU seconds (user+sys; one run: the
# shapes are deterministic and the growth, not the noise, is the point),
# the CPU seconds of the analysis alone (the profile's samples under the
# driver's analyzer runs: SSA build and checks, without loading and
# type-checking, which dominate the total and grow linearly), and the
# analysis ratio to the smallest size. Profiles stay in $WORK/SHAPE-N.prof.
# The modules need the libzmq headers, as pebbe/zmq4 does.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/zmqlint-stress.XXXXXX)}
SHAPES=${SHAPES:-"ring sockets goroutines switch"}
TIMEOUT=${TIMEOUT:-300}
BIN=$WORK/bin
mkdir -p "$BIN"
(cd "$ROOT" && go build -o "$BIN/zmqlint" ./cmd/zmqlint && go build -o "$BIN/gen" ./bench/gen)

sizes() {
	case $1 in
	ring) echo "10 100 400" ;;
	sockets) echo "500 1000 2000" ;;
	goroutines) echo "75 150 300 600" ;;
	switch) echo "1250 2500 5000" ;;
	esac
}

# analysis PROF: CPU seconds the profile spent in analyzer runs.
analysis() {
	go tool pprof -top -cum "$1" 2>/dev/null | awk '/driver\.analyze\.guard\.func/ {v=$4; sub("s$","",v); if (v ~ /ms$/) {sub("ms$","",v); v/=1000}; if (v+0 > m) m=v+0} END{printf "%.2f", m}'
}

# cpu BINARY DIR [PROF]: CPU seconds of one zmqlint run, or "timeout".
cpu() {
	local t prof=()
	t=$(mktemp)
	[[ -n ${3:-} ]] && prof=(-cpuprofile "$3")
	if (cd "$2" && /usr/bin/time -f '%U %S' -o "$t" timeout "$TIMEOUT" "$1" "${prof[@]}" ./... >/dev/null 2>"$WORK/last.err"); then :; fi
	if grep -q 'panic:\|internal error' "$WORK/last.err"; then
		echo "stress: $1 failed in $2" >&2
		cat "$WORK/last.err" >&2
		exit 1
	fi
	if grep -q 'Command terminated by signal\|exited with non-zero status 124' "$t"; then
		echo "timeout"
	else
		tail -n1 "$t" | awk '{printf "%.2f", $1 + $2}'
	fi
	rm -f "$t"
}

echo "| shape | n | CPU s (process) | CPU s (analysis) | analysis ratio to smallest |${BEFORE:+ before: process | before: analysis |}"
echo "|---|---|---|---|---|${BEFORE:+---|---|}"
for shape in $SHAPES; do
	base=""
	for n in $(sizes "$shape"); do
		d=$WORK/$shape$n
		rm -rf "$d"
		"$BIN/gen" -shape "$shape" -n "$n" -o "$d"
		(cd "$d" && GOFLAGS=-mod=mod go mod download)
		prof=$WORK/$shape-$n.prof
		c=$(cpu "$BIN/zmqlint" "$d" "$prof")
		an=$(analysis "$prof")
		[[ -z $base ]] && base=$an
		ratio=$(awk -v a="$an" -v b="$base" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f×", a/b; else print "-" }')
		extra=""
		if [[ -n ${BEFORE:-} ]]; then
			bc=$(cpu "$BEFORE" "$d" "$prof.before")
			ba="-"
			[[ $bc != timeout ]] && ba=$(analysis "$prof.before")
			extra=" $bc | $ba |"
		fi
		echo "| $shape | $n | $c | $an | $ratio |$extra"
	done
done
