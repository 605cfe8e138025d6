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
BIN=$WORK/bin
OUT=$WORK/results.md
mkdir -p "$BIN"
log() { echo "bench: $*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
	log "installing GNU time"
	apt-get install -y time >/dev/null
fi

log "building into $BIN"
(cd "$ROOT" &&
	go build -o "$BIN/zmqlint" ./cmd/zmqlint &&
	go build -o "$BIN/noop" ./bench/noop &&
	go build -o "$BIN/prof" ./bench/prof &&
	go build -o "$BIN/gen" ./bench/gen)
if [[ ! -x $BIN/staticcheck ]]; then
	(cd "$WORK" && GOBIN=$BIN go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)
fi
ANALYZERS=$("$BIN/zmqlint" -help 2>&1 | awk '/^Checks:/{on=1;next} on&&NF==0{exit} on{print $1}' | paste -sd, -)

# touch_go DIR...: append a comment to every .go file under DIR. The
# comment is unique across script runs (the build cache is content
# addressed: a repeated content would be a cache hit).
TOUCHES=0
NONCE=$(date +%s%N)
touch_go() {
	TOUCHES=$((TOUCHES + 1))
	find "$@" -name '*.go' -exec sh -c 'for f; do printf "// bench touch %s\n" "$0" >>"$f"; done' "$NONCE.$TOUCHES" {} +
}

# timed OUTFILE CMD...: run CMD once under GNU time, append
# "wall cpu rssKB" to OUTFILE. Exit status is ignored (findings are
# expected); a failure to produce the time line is fatal.
timed() {
	local out=$1 t
	shift
	t=$(mktemp)
	/usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$WORK/last.out" 2>"$WORK/last.err" || true
	if grep -q 'panic:\|internal error' "$WORK/last.err"; then
		log "command failed: $*"
		cat "$WORK/last.err" >&2
		exit 1
	fi
	tail -n1 "$t" | awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' >>"$out"
	rm -f "$t"
}

# stats FILE COL: "median (min–max)" of column COL.
stats() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{
		m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
		printf "%.2f (%.2f–%.2f)", m, v[1], v[NR]}'
}
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{printf "%.3f", (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}

# compare GROUP DIR TOUCHDIR LABEL1 CMD1 LABEL2 CMD2 ...: warm every
# command once, then RUNS rounds of (touch; run each command in turn).
# Appends one markdown row per command; ratios are against the first.
compare() {
	local group=$1 dir=$2 tdir=$3
	shift 3
	local labels=() cmds=() i r key
	key=$(printf '%s' "$group" | tr -c 'A-Za-z0-9=' '_')
	while (($#)); do labels+=("$1"); cmds+=("$2"); shift 2; done
	for i in "${!cmds[@]}"; do
		rm -f "$WORK/$key.$i"
		log "$group: warm ${labels[$i]}"
		(cd "$dir" && bash -c "${cmds[$i]}" >/dev/null 2>&1) || true
	done
	for ((r = 1; r <= RUNS; r++)); do
		for i in "${!cmds[@]}"; do
			# shellcheck disable=SC2086 # tdir is a space-separated list of directories
			touch_go $tdir
			log "$group: run $r/${RUNS} ${labels[$i]}"
			(cd "$dir" && timed "$WORK/$key.$i" bash -c "${cmds[$i]}")
		done
	done
	local bw bc
	bw=$(median "$WORK/$key.0" 1)
	bc=$(median "$WORK/$key.0" 2)
	for i in "${!cmds[@]}"; do
		local f=$WORK/$key.$i w c
		w=$(median "$f" 1)
		c=$(median "$f" 2)
		printf '| %s | %s | %s | %s | %.0f | %.2f× | %.2f× |\n' "$group" "${labels[$i]}" \
			"$(stats "$f" 1)" "$(stats "$f" 2)" "$(median "$f" 3 | awk '{print $1/1024}')" \
			"$(awk -v a="$w" -v b="$bw" 'BEGIN{print a/b}')" "$(awk -v a="$c" -v b="$bc" 'BEGIN{print a/b}')" >>"$OUT"
	done
}

header() {
	printf '\n| case | command | wall s, median (min–max) | CPU s, median (min–max) | peak RSS MB | wall ratio | CPU ratio |\n|---|---|---|---|---|---|---|\n' >>"$OUT"
}

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
	{
		echo
		echo "Cold (empty GOCACHE, one run each, n=$SMALLEST):"
		echo
		echo "| command | wall s | CPU s | peak RSS MB |"
		echo "|---|---|---|---|"
	} >>"$OUT"
	d=$WORK/zbench$SMALLEST
	for spec in "go vet|go vet ./..." "go vet -vettool=noop|go vet -vettool=$BIN/noop ./..." \
		"go vet -vettool=zmqlint|go vet -vettool=$BIN/zmqlint ./..." \
		"zmqlint ./...|$BIN/zmqlint ./..." "staticcheck ./...|$BIN/staticcheck ./..."; do
		label=${spec%%|*}
		cmd=${spec#*|}
		cache=$(mktemp -d "$WORK/gocache.XXXX")
		log "cold: $label"
		rm -f "$WORK/cold"
		(cd "$d" && GOCACHE=$cache STATICCHECK_CACHE=$cache/sc timed "$WORK/cold" bash -c "$cmd")
		read -r w c m <"$WORK/cold"
		printf '| %s | %.1f | %.1f | %.0f |\n' "$label" "$w" "$c" "$((m / 1024))" >>"$OUT"
		chmod -R u+w "$cache"
		rm -rf "$cache"
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
