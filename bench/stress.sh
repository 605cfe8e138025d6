#!/usr/bin/env bash
# zmqlint stress benchmark: shapes whose cost once grew faster than the
# code (issues 18 and 19). From a fresh clone:
#
#   bash bench/stress.sh                      # every shape at its sizes
#   SHAPES="ring" bash bench/stress.sh        # one shape
#   SHAPES="ring" SIZES="100 400" bash bench/stress.sh   # chosen sizes
#   BEFORE=/tmp/zmqlint.old bash bench/stress.sh   # also time another binary
#   RUNS=3 BEFORE=/tmp/zmqlint.old bash bench/stress.sh   # medians of 3, interleaved
#
# For each shape and size it generates one package with bench/gen
# -shape SHAPE -n N, runs `zmqlint -cpuprofile ./...` (all checks) under
# GNU time and prints the process's CPU seconds (user+sys; RUNS runs,
# default 1, as "median (min–max)"; with BEFORE the two binaries
# alternate run by run, so both see the same machine load),
# and from the CPU profile the seconds of the analysis (samples under
# x/tools' checker.execAll: zmqssa's SSA build and the checks, without
# loading and type-checking) and of the checks alone (samples under the
# driver's guard around each check's run), with the checks' ratio to the
# smallest size. Profiles stay in $WORK/SHAPE-N.prof.
# The modules need the libzmq headers, as pebbe/zmq4 does.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/zmqlint-stress.XXXXXX)}
SHAPES=${SHAPES:-"ring sockets goroutines switch"}
TIMEOUT=${TIMEOUT:-300}
RUNS=${RUNS:-1}
BIN=$WORK/bin
mkdir -p "$BIN"
(cd "$ROOT" && go build -o "$BIN/zmqlint" ./cmd/zmqlint && go build -o "$BIN/gen" ./bench/gen)

sizes() {
	if [[ -n ${SIZES:-} ]]; then
		echo "$SIZES"
		return
	fi
	case $1 in
	ring) echo "10 100 400 1600" ;;
	sockets) echo "500 1000 2000 4000" ;;
	goroutines) echo "75 150 300 600 1200" ;;
	switch) echo "1250 2500 5000 10000" ;;
	esac
}

# seconds PROF PATTERN: CPU seconds the profile spent under the functions
# matching PATTERN (the largest cumulative value among them).
seconds() {
	go tool pprof -top -cum "$1" 2>/dev/null | awk -v pat="$2" '$0 ~ pat {v=$4; if (v ~ /ms$/) {sub("ms$","",v); v/=1000} else sub("s$","",v); if (v+0 > m) m=v+0} END{printf "%.2f", m}'
}
analysis() { seconds "$1" 'checker[.]execAll[.]func1'; }
checks() { seconds "$1" 'driver[.]analyze[.]guard(With)?[.]func2'; }

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

# median LIST: "median (min–max)" of whitespace-separated numbers, or
# the single value; "timeout" if any run timed out.
median() {
	echo "$@" | tr ' ' '\n' | awk 'NF{ if ($1 == "timeout") t=1; else v[n++]=$1+0 } END{
		if (t) { print "timeout"; exit }
		for (i=0;i<n;i++) for (j=i+1;j<n;j++) if (v[j]<v[i]) { x=v[i]; v[i]=v[j]; v[j]=x }
		m = (n%2) ? v[int(n/2)] : (v[n/2-1]+v[n/2])/2
		if (n>1) printf "%.2f (%.2f–%.2f)", m, v[0], v[n-1]; else printf "%.2f", m }'
}

echo "| shape | n | CPU s: process | analysis | checks | checks ratio to smallest |${BEFORE:+ before: process | analysis | checks |}"
echo "|---|---|---|---|---|---|${BEFORE:+---|---|---|}"
for shape in $SHAPES; do
	base=""
	for n in $(sizes "$shape"); do
		d=$WORK/$shape$n
		rm -rf "$d"
		"$BIN/gen" -shape "$shape" -n "$n" -o "$d"
		(cd "$d" && GOFLAGS=-mod=mod go mod download)
		prof=$WORK/$shape-$n.prof
		cs="" ans="" cks="" bcs="" bas="" bks=""
		for ((r = 0; r < RUNS; r++)); do
			# after and before interleaved, run by run
			c=$(cpu "$BIN/zmqlint" "$d" "$prof")
			cs="$cs $c" ans="$ans $(analysis "$prof")" cks="$cks $(checks "$prof")"
			if [[ -n ${BEFORE:-} ]]; then
				bc=$(cpu "$BEFORE" "$d" "$prof.before")
				bcs="$bcs $bc"
				if [[ $bc != timeout ]]; then
					bas="$bas $(analysis "$prof.before")" bks="$bks $(checks "$prof.before")"
				fi
			fi
		done
		c=$(median $cs) an=$(median $ans) ck=$(median $cks)
		ckm=${ck%% *}
		[[ -z $base ]] && base=$ckm
		ratio=$(awk -v a="$ckm" -v b="$base" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f×", a/b; else print "-" }')
		extra=""
		if [[ -n ${BEFORE:-} ]]; then
			bc=$(median $bcs) ba="-" bk="-"
			if [[ $bc != timeout ]]; then
				ba=$(median $bas) bk=$(median $bks)
			fi
			extra=" $bc | $ba | $bk |"
		fi
		echo "| $shape | $n | $c | $an | $ck | $ratio |$extra"
	done
done
