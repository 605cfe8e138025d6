#!/usr/bin/env bash
# zmqlint analysis-cache benchmark (docs/performance.md, "Cache"):
#
#   bash bench/edit.sh                 # N=100 packages, RUNS=5
#   N=30 RUNS=2 bash bench/edit.sh     # quick smoke run
#
# Builds zmqlint and bench/gen from this tree, generates the synthetic
# module (bench/gen, N packages: chains of 8, p<i> imports p<i-1> unless i
# is a multiple of 8, all import zhelp), fills the cache with one run, then
# measures `zmqlint -json ./...` RUNS times in each case, interleaved:
#
#   unchanged  nothing edited since the last run
#   bottom     one file of p0000 edited: p0000 and its 7 importers miss
#   top        one file of p0007 edited: nothing imports it, it alone misses
#   zhelp      zhelp edited: every package imports it, everything misses
#   no cache   one file of p0000 edited, -cache=off (the baseline)
#
# Every edit appends a comment unique to the run (the cache is keyed by
# content: a repeated content would be a hit). The go command's build
# cache is warm throughout (the first, untimed run fills it). Wall time,
# CPU time (user+sys) and peak RSS come from GNU time; medians with
# min–max. Markdown goes to stdout.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100}
RUNS=${RUNS:-5}
WORK=${WORK:-$(mktemp -d /tmp/zmqlint-edit.XXXXXX)}
BIN=$WORK/bin
MOD=$WORK/mod
CACHE=$WORK/cache
log() { echo "bench: $*" >&2; }

[[ -x /usr/bin/time ]] || { log "needs GNU time (/usr/bin/time)"; exit 1; }
mkdir -p "$BIN"
(cd "$ROOT" && go build -o "$BIN/zmqlint" ./cmd/zmqlint && go build -o "$BIN/gen" ./bench/gen)
rm -rf "$MOD" "$CACHE"
"$BIN/gen" -n "$N" -o "$MOD"

NONCE=$(date +%s%N)
EDITS=0
edit() { # edit FILE: append a unique comment
	EDITS=$((EDITS + 1))
	printf '// bench edit %s.%s\n' "$NONCE" "$EDITS" >>"$MOD/$1"
}

# timed OUT ARGS...: one zmqlint run under GNU time; appends
# "wall cpu rssKB" to OUT.
timed() {
	local out=$1 t
	shift
	t=$(mktemp)
	(cd "$MOD" && /usr/bin/time -f '%e %U %S %M' -o "$t" "$BIN/zmqlint" "$@" -json ./... >"$WORK/last.out" 2>"$WORK/last.err") || true
	if grep -q 'panic:\|internal error' "$WORK/last.err"; then
		log "zmqlint failed:"
		cat "$WORK/last.err" >&2
		exit 1
	fi
	tail -n1 "$t" | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' >>"$out"
	rm -f "$t"
}

stats() { # stats FILE COL: "median (min–max)"
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{
		m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
		printf "%.2f (%.2f–%.2f)", m, v[1], v[NR]}'
}
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{printf "%.0f", (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

log "warming the build cache and filling the analysis cache"
timed "$WORK/warm" -cache=off
timed "$WORK/cold" -cache="$CACHE"
# The findings with the cache are those without.
(cd "$MOD" && "$BIN/zmqlint" -cache=off -json ./... >"$WORK/off.json" 2>/dev/null) || true
(cd "$MOD" && "$BIN/zmqlint" -cache="$CACHE" -json ./... >"$WORK/on.json" 2>/dev/null) || true
cmp -s "$WORK/off.json" "$WORK/on.json" || { log "cached -json differs from uncached"; exit 1; }

cases=(unchanged bottom top zhelp nocache)
for c in "${cases[@]}"; do rm -f "$WORK/$c"; done
for ((r = 1; r <= RUNS; r++)); do
	log "round $r/$RUNS"
	timed "$WORK/unchanged" -cache="$CACHE"
	edit p0000/plain.go
	timed "$WORK/bottom" -cache="$CACHE"
	edit p0007/plain.go
	timed "$WORK/top" -cache="$CACHE"
	edit zhelp/zhelp.go
	timed "$WORK/zhelp" -cache="$CACHE"
	edit p0000/plain.go
	timed "$WORK/nocache" -cache=off
done

label() {
	case $1 in
	unchanged) echo "nothing edited" ;;
	bottom) echo "p0000 edited (it + 7 importers miss)" ;;
	top) echo "p0007 edited (it alone misses)" ;;
	zhelp) echo "zhelp edited (all $((N + 1)) miss)" ;;
	nocache) echo "p0000 edited, -cache=off" ;;
	esac
}
echo "| case ($N packages) | wall s, median (min–max) | CPU s, median (min–max) | peak RSS MB |"
echo "|---|---|---|---|"
for c in "${cases[@]}"; do
	printf '| %s | %s | %s | %s |\n' "$(label "$c")" "$(stats "$WORK/$c" 1)" "$(stats "$WORK/$c" 2)" "$(median "$WORK/$c" 3 | awk '{printf "%.0f", $1/1024}')"
done
printf '| first run, empty cache (1 run) | %s | %s | %s |\n' "$(stats "$WORK/cold" 1)" "$(stats "$WORK/cold" 2)" "$(median "$WORK/cold" 3 | awk '{printf "%.0f", $1/1024}')"
echo
echo "- $RUNS runs per case, interleaved; machine: $(nproc) CPUs, $(go version | awk '{print $3}'); cache: $(du -sh "$CACHE" | cut -f1) for $N packages"
