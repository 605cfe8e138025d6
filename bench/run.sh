#!/usr/bin/env bash
# zmqlint performance benchmark. From a fresh clone:
#
#   bash bench/run.sh            # full run (see docs/performance.md)
#   SIZES="10 30" RUNS=2 COLD=0 bash bench/run.sh   # quick smoke run
#
# Builds zmqlint, a no-op vet tool (bench/noop) and the profiling driver
# (bench/prof) from this tree, installs staticcheck v0.8.2 into a
# bench-local GOBIN, generates synthetic modules (bench/gen) and measures
# wall time, CPU time (user+sys of the whole process tree) and peak RSS
# (largest single process of the tree, GNU time %M) as medians of RUNS runs
# with min/max. Before every timed run the analyzed packages' files get a
# comment appended, so go vet's result cache and staticcheck's cache miss
# for them while dependencies stay cached. The commands compared in one
# table row group are interleaved run by run, so background load hits
# them alike. Markdown goes to stdout and to $WORK/results.md.
#
# Environment: SIZES (package counts), RUNS (timed runs per command, >=5
# for the published numbers), COLD (1: also one run per tool with an empty
# GOCACHE on the smallest size), WORK (scratch dir, default mktemp),
# XTOOLS (path of golang.org/x/tools@v0.52.0, default from the module
# cache), XPKGS (the x/tools packages analyzed in (2)).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-"20 60 180"}
RUNS=${RUNS:-5}
COLD=${COLD:-1}
WORK=${WORK:-$(mktemp -d /tmp/zmqlint-bench.XXXXXX)}
XTOOLS=${XTOOLS:-$(go env GOMODCACHE)/golang.org/x/tools@v0.52.0}
XPKGS=${XPKGS:-./go/analysis/passes/...}
OUT=$WORK/results.md
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
need_time
need_libzmq
build_tools

{
	echo "# zmqlint benchmark $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/{print $2}') GB RAM; $(go version)"
	echo "- zmqlint commit: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ uncommitted changes)'); analyzers: $ANALYZERS"
	echo "- runs per command: $RUNS (interleaved); sizes: $SIZES packages; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT"

# (1) go vet -vettool=zmqlint vs plain go vet (and the no-op tool).
header
echo "(1) go vet on the synthetic module" >&2
for n in $SIZES; do
	d=$WORK/zbench$n
	rm -rf "$d"
	"$BIN/gen" -n "$n" -o "$d"
	(cd "$d" && go mod download)
	compare "vet n=$n" "$d" "$d" \
		"go vet" "go vet ./..." \
		"go vet -vettool=noop" "go vet -vettool=$BIN/noop ./..." \
		"go vet -vettool=zmqlint" "go vet -vettool=$BIN/zmqlint ./..."
done
LARGEST=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -n1)
SMALLEST=$(echo "$SIZES" | tr ' ' '\n' | sort -n | head -n1)

# (2) a large tree without ZeroMQ: golang.org/x/tools.
header
X=$WORK/xtools
rm -rf "$X"
cp -r "$XTOOLS" "$X"
chmod -R u+w "$X"
(cd "$X" && go mod download)
XDIRS=$(cd "$X" && go list -f '{{.Dir}}' "$XPKGS" | tr '\n' ' ')
# shellcheck disable=SC2086
compare "x/tools $XPKGS" "$X" "$XDIRS" \
	"go vet -vettool=noop" "go vet -vettool=$BIN/noop $XPKGS" \
	"go vet -vettool=zmqlint" "go vet -vettool=$BIN/zmqlint $XPKGS" \
	"go vet" "go vet $XPKGS"

# (3) standalone zmqlint vs staticcheck on the largest synthetic module.
header
compare "standalone n=$LARGEST" "$WORK/zbench$LARGEST" "$WORK/zbench$LARGEST" \
	"staticcheck ./..." "$BIN/staticcheck ./..." \
	"zmqlint ./..." "$BIN/zmqlint ./..."

# Cold: empty GOCACHE (and staticcheck cache), one run each.
if [[ $COLD == 1 ]]; then
	cold_header "Cold (empty GOCACHE, one run each, n=$SMALLEST):"
	d=$WORK/zbench$SMALLEST
	for spec in "go vet|go vet ./..." "go vet -vettool=noop|go vet -vettool=$BIN/noop ./..." \
		"go vet -vettool=zmqlint|go vet -vettool=$BIN/zmqlint ./..." \
		"zmqlint ./...|$BIN/zmqlint ./..." "staticcheck ./...|$BIN/staticcheck ./..."; do
		cold "n=$SMALLEST" "$d" "${spec%%|*}" "${spec#*|}"
	done
fi

# Linear growth: per-package CPU of go vet -vettool=zmqlint.
{
	echo
	echo "Per-package CPU of go vet -vettool=zmqlint (median CPU / packages):"
	echo
	for n in $SIZES; do
		c=$(median "$WORK/vet_n=$n.2" 2)
		p=$(median "$WORK/vet_n=$n.0" 2)
		awk -v n="$n" -v c="$c" -v p="$p" 'BEGIN{printf "- n=%d: zmqlint %.3f s/pkg, plain go vet %.3f s/pkg\n", n, c/n, p/n}'
	done
	a=$(median "$WORK/vet_n=$SMALLEST.2" 2)
	b=$(median "$WORK/vet_n=$LARGEST.2" 2)
	awk -v a="$a" -v b="$b" -v s="$SMALLEST" -v l="$LARGEST" 'BEGIN{printf "- largest/smallest per-package ratio: %.2f×\n", (b/l)/(a/s)}'
} >>"$OUT"

# Profile: standalone on the largest module.
log "profiling standalone on n=$LARGEST"
PROF=$BIN/prof
if "$BIN/zmqlint" -help 2>&1 | grep -q -- -cpuprofile; then
	PROF=$BIN/zmqlint # the real driver has the profiling flags
fi
(cd "$WORK/zbench$LARGEST" && "$PROF" -cpuprofile "$WORK/cpu.pprof" -memprofile "$WORK/mem.pprof" ./... >/dev/null 2>&1 || true)
{
	echo
	echo "CPU profile of $(basename "$PROF") standalone on n=$LARGEST (go tool pprof -top -cum, first rows):"
	echo
	echo '```'
	go tool pprof -top -cum -nodecount=25 "$PROF" "$WORK/cpu.pprof" 2>/dev/null | sed -n '1,32p'
	echo '```'
} >>"$OUT"

cat "$OUT"
log "results in $OUT, profiles in $WORK/{cpu,mem}.pprof"
