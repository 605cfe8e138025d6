#!/usr/bin/env bash
# zmqlint on real trees (issue 16 item 4). From a fresh clone:
#
#   bash bench/real.sh                       # defaults, ~25 min on 2 CPUs
#   RUNS=2 TREES="edgex gen" bash bench/real.sh   # quick smoke run
#
# Downloads pinned module versions from the Go module proxy into $WORK,
# builds them, and measures in one run (commands interleaved run by run,
# medians of RUNS runs with min/max; wall, CPU = user+sys, peak RSS =
# GNU time %M of the largest process):
#
#   - standalone `zmqlint PKGS` vs `staticcheck PKGS` (v0.8.2), every
#     analyzed file touched before each run (no cache hit for them);
#   - `go vet -vettool=zmqlint` vs plain `go vet` vs `go vet -vettool=noop`
#     (bench/noop), warm with touched files, and cold (empty GOCACHE, one
#     run per tool) on the trees in COLD_TREES;
#   - the next run after a one-file edit of a leaf package (no importer
#     among the analyzed packages) and of a deep package (the module
#     package with the most importers in the closure), standalone and vet;
#   - per-package linearity on bench/gen modules of GEN_SIZES packages;
#   - a CPU and heap profile of standalone zmqlint on each tree.
#
# Trees (TREES, space-separated, default "benthos edgex xtools gen"):
#   benthos  github.com/Jeffail/benthos/v3 v3.65.0, -tags ZMQ4 (pebbe/zmq4
#            input), PKGS ./lib/input/...: lib/input and lib/input/reader
#            (36,000 lines, the ZeroMQ reader among some 40 others), whose
#            closure is ~60 benthos packages and clients of ~40 systems.
#            BENTHOS_PKGS=./... analyzes all 120 packages (slow: ~65 s CPU
#            per touched go vet, staticcheck's first run ~250 s CPU).
#   edgex    github.com/edgexfoundry/go-mod-messaging/v2 v2.3.0 (its
#            zeromq client on pebbe/zmq4), ./... (15 packages).
#   xtools   golang.org/x/tools v0.52.0 (the version in go.mod), no
#            ZeroMQ, PKGS XTOOLS_PKGS (default ./go/ssa/... ./go/callgraph/...).
#   gen      bench/gen synthetic modules (GEN_SIZES, default "25 100").
#
# Environment: RUNS (default 5), WORK (scratch dir, default mktemp),
# TREES, COLD_TREES (default "edgex"; empty: no cold runs), GEN_SIZES,
# BENTHOS_PKGS, XTOOLS_PKGS, ZMQLINT (path of a zmqlint binary to measure
# instead of the one built from this tree), EXTRA ("label=path ...":
# more zmqlint binaries, e.g. of other branches, run beside zmqlint in
# the standalone and edit rows, labelled "zmqlint (label)"). Markdown goes to stdout and
# to $WORK/real.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
WORK=${WORK:-$(mktemp -d /tmp/zmqlint-real.XXXXXX)}
TREES=${TREES:-"benthos edgex xtools gen"}
COLD_TREES=${COLD_TREES-"edgex"}
GEN_SIZES=${GEN_SIZES:-"25 100"}
BENTHOS_PKGS=${BENTHOS_PKGS:-"./lib/input/..."}
XTOOLS_PKGS=${XTOOLS_PKGS:-"./go/ssa/... ./go/callgraph/..."}
EXTRA=${EXTRA:-}
OUT=$WORK/real.md
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
need_time
need_libzmq
build_tools
unset GOFLAGS

# fetch NAME MODULE@VERSION: the module's source, writable, in
# $WORK/src/NAME (as a main module: its own go.mod and go.sum).
fetch() {
	local name=$1 mv=$2 dir
	if [[ -f $WORK/src/$name/go.mod ]]; then
		return
	fi
	log "downloading $mv"
	dir=$(cd "$WORK" && GOFLAGS=-mod=mod go mod download -json "$mv" | awk -F'"' '/"Dir":/{print $4}')
	[[ -d $dir ]] || { log "go mod download $mv failed"; exit 1; }
	mkdir -p "$WORK/src"
	cp -r "$dir" "$WORK/src/$name"
	chmod -R u+w "$WORK/src/$name"
}

# setup NAME: download and build one tree; sets DIR, PKGS, ZMQ (1: the
# tree uses ZeroMQ) and exports GOFLAGS (build tags) for every command.
setup() {
	export GOFLAGS=-mod=mod
	case $1 in
	benthos)
		MV=github.com/Jeffail/benthos/v3@v3.65.0
		fetch benthos "$MV"
		DIR=$WORK/src/benthos PKGS=$BENTHOS_PKGS ZMQ=1
		# github.com/AthenZ/athenz (a dependency of a dependency, no
		# package of it is built here) requires inet.af/peercred,
		# which the module proxy here does not serve; benthos' go.mod
		# says go 1.16, so the go command loads the whole module graph
		# and needs its go.mod. An empty stand-in module satisfies it.
		mkdir -p "$WORK/src/peercred-stub"
		echo 'module inet.af/peercred' >"$WORK/src/peercred-stub/go.mod"
		(cd "$DIR" && go mod edit -replace "inet.af/peercred=$WORK/src/peercred-stub")
		GOFLAGS="-mod=mod -tags=ZMQ4"
		;;
	edgex)
		MV=github.com/edgexfoundry/go-mod-messaging/v2@v2.3.0
		fetch edgex "$MV"
		DIR=$WORK/src/edgex PKGS=./... ZMQ=1
		;;
	xtools)
		MV=golang.org/x/tools@v0.52.0
		fetch xtools "$MV"
		DIR=$WORK/src/xtools PKGS=$XTOOLS_PKGS ZMQ=0
		;;
	*)
		log "unknown tree $1 (benthos, edgex, xtools, gen)"
		exit 2
		;;
	esac
	log "$1: go mod download, go build ./..."
	(cd "$DIR" && go mod download && go build ./...) >&2
}

# pick_files: LEAF, an analyzed package no analyzed package imports, and
# DEEP, the package of the tree's module with the most importers in the
# closure of PKGS; LEAFF and DEEPF one .go file of each.
pick_files() {
	local mod fan
	mod=$(cd "$DIR" && go list -m)
	fan=$WORK/fan.txt
	# shellcheck disable=SC2086 # PKGS is a list of patterns
	(cd "$DIR" && go list -deps -f '{{if .Module}}{{if eq .Module.Path "'"$mod"'"}}{{.ImportPath}} {{join .Imports " "}}{{end}}{{end}}' $PKGS) |
		awk '{for(i=2;i<=NF;i++) n[$i]++; p[$1]=1} END{for(k in p) print n[k]+0, k}' | sort -k1,1n -k2,2 >"$fan"
	# shellcheck disable=SC2086
	LEAF=$(cd "$DIR" && go list $PKGS | awk -v fan="$fan" 'BEGIN{while ((getline l <fan) > 0) {split(l, f, " "); n[f[2]] = f[1]}} n[$0] == 0 && !found {print; found = 1}')
	DEEP=$(tail -n1 "$fan" | cut -d' ' -f2)
	LEAFF=$(cd "$DIR" && go list -f '{{.Dir}}/{{index .GoFiles 0}}' "$LEAF")
	DEEPF=$(cd "$DIR" && go list -f '{{.Dir}}/{{index .GoFiles 0}}' "$DEEP")
	NPKG=$(cd "$DIR" && go list $PKGS | wc -l)
	NCLOSURE=$(wc -l <"$fan")
}

{
	echo "# zmqlint on real trees $(date -u +%Y-%m-%dT%H:%MZ)"
	echo
	echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/^Mem:/{print $2}') GB RAM; $(go version)"
	echo "- zmqlint: ${ZMQLINT:-commit $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . 2>/dev/null || echo ' (+ uncommitted changes)')}; analyzers: $ANALYZERS"
	echo "- runs per command: $RUNS (interleaved); trees: $TREES; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT"

Z=$BIN/zmqlint SC=$BIN/staticcheck NOOP=$BIN/noop
# extra_cmds PKGS: "label cmd" pairs of the EXTRA binaries, standalone.
extra_cmds() {
	local e
	EXTRA_CMDS=()
	for e in $EXTRA; do
		EXTRA_CMDS+=("zmqlint (${e%%=*})" "${e#*=} $1")
	done
}
COLD_SPECS=()
for tree in $TREES; do
	[[ $tree == gen ]] && continue
	setup "$tree"
	pick_files
	ROOTS=$(cd "$DIR" && go list -f '{{.Dir}}' $PKGS | tr '\n' ' ')
	{
		echo
		echo "## $tree: $MV \`$PKGS\`${GOFLAGS#-mod=mod}"
		echo
		echo "$NPKG packages analyzed, $NCLOSURE packages of the module in their closure; leaf edit: $LEAFF (${LEAF##*/}); deep edit: $DEEPF (${DEEP##*/})."
	} | sed "s|$DIR/||g" >>"$OUT"
	header
	# shellcheck disable=SC2086 # ROOTS is a list of directories
	extra_cmds "$PKGS"
	compare "$tree standalone" "$DIR" "$ROOTS" \
		"staticcheck" "$SC $PKGS" \
		"zmqlint" "$Z $PKGS" "${EXTRA_CMDS[@]}"
	if [[ $ZMQ == 1 ]]; then
		compare "$tree vet" "$DIR" "$ROOTS" \
			"go vet" "go vet $PKGS" \
			"go vet -vettool=noop" "go vet -vettool=$NOOP $PKGS" \
			"go vet -vettool=zmqlint" "go vet -vettool=$Z $PKGS"
	else
		compare "$tree vet" "$DIR" "$ROOTS" \
			"go vet -vettool=noop" "go vet -vettool=$NOOP $PKGS" \
			"go vet -vettool=zmqlint" "go vet -vettool=$Z $PKGS" \
			"go vet" "go vet $PKGS"
	fi
	for e in "leaf|$LEAFF" "deep|$DEEPF"; do
		WARM=0 compare "$tree edit ${e%%|*}" "$DIR" "${e#*|}" \
			"go vet -vettool=noop" "go vet -vettool=$NOOP $PKGS" \
			"go vet -vettool=zmqlint" "go vet -vettool=$Z $PKGS" \
			"zmqlint" "$Z $PKGS" "${EXTRA_CMDS[@]}"
	done
	if [[ " $COLD_TREES " == *" $tree "* ]]; then
		# Run last: they are the most expensive rows.
		for spec in "go vet|go vet $PKGS" "go vet -vettool=noop|go vet -vettool=$NOOP $PKGS" \
			"go vet -vettool=zmqlint|go vet -vettool=$Z $PKGS" \
			"zmqlint|$Z $PKGS" "staticcheck|$SC $PKGS"; do
			COLD_SPECS+=("$tree|$DIR|$GOFLAGS|$spec")
		done
	fi
	log "$tree: profiling standalone zmqlint"
	# shellcheck disable=SC2086
	(cd "$DIR" && "$Z" -cpuprofile "$WORK/$tree.cpu.pprof" -memprofile "$WORK/$tree.mem.pprof" $PKGS >/dev/null 2>&1 || true)
	{
		echo
		echo "CPU profile of standalone zmqlint on $tree (go tool pprof -top -cum, first rows), then the allocations by function (-sample_index=alloc_space):"
		echo
		echo '```'
		go tool pprof -top -cum -nodecount=18 "$Z" "$WORK/$tree.cpu.pprof" 2>/dev/null | sed -n '1,24p'
		echo '```'
		echo
		echo '```'
		go tool pprof -top -sample_index=alloc_space -nodecount=12 "$Z" "$WORK/$tree.mem.pprof" 2>/dev/null | sed -n '3,18p'
		echo '```'
	} >>"$OUT"
done
unset GOFLAGS

if [[ " $TREES " == *" gen "* ]]; then
	{
		echo
		echo "## gen: bench/gen synthetic modules, n = $GEN_SIZES packages, every package uses ZeroMQ"
	} >>"$OUT"
	header
	for n in $GEN_SIZES; do
		d=$WORK/gen$n
		if [[ ! -d $d ]]; then
			"$BIN/gen" -n "$n" -o "$d"
			(cd "$d" && go mod download)
		fi
		extra_cmds ./...
		compare "gen n=$n" "$d" "$d" \
			"go vet -vettool=noop" "go vet -vettool=$NOOP ./..." \
			"go vet -vettool=zmqlint" "go vet -vettool=$Z ./..." \
			"zmqlint" "$Z ./..." "${EXTRA_CMDS[@]}"
	done
	# One-file edits in the largest module (the issue's "100-package
	# module" target): a leaf package and zhelp, which every package
	# imports.
	DIR=$d PKGS=./...
	pick_files
	echo >>"$OUT"
	echo "Edits in gen n=$n: leaf $(basename "$LEAFF") (${LEAF##*/}), deep $(basename "$DEEPF") (${DEEP##*/})." >>"$OUT"
	header
	for e in "leaf|$LEAFF" "deep|$DEEPF"; do
		WARM=0 compare "gen n=$n edit ${e%%|*}" "$d" "${e#*|}" \
			"go vet -vettool=noop" "go vet -vettool=$NOOP ./..." \
			"go vet -vettool=zmqlint" "go vet -vettool=$Z ./..." \
			"zmqlint" "$Z ./..." "${EXTRA_CMDS[@]}"
	done
	{
		echo
		echo "Per-package CPU (median CPU / packages):"
		echo
		for n in $GEN_SIZES; do
			awk -v n="$n" -v v="$(median "$WORK/$(group_key "gen n=$n").1" 2)" -v s="$(median "$WORK/$(group_key "gen n=$n").2" 2)" \
				-v o="$(median "$WORK/$(group_key "gen n=$n").0" 2)" \
				'BEGIN{printf "- n=%d: go vet -vettool=zmqlint %.3f s/pkg (noop %.3f), standalone zmqlint %.3f s/pkg\n", n, v/n, o/n, s/n}'
		done
		a=$(echo "$GEN_SIZES" | tr ' ' '\n' | sort -n | head -n1)
		b=$(echo "$GEN_SIZES" | tr ' ' '\n' | sort -n | tail -n1)
		for i in 1 2; do
			awk -v l="$i" -v x="$(median "$WORK/$(group_key "gen n=$a").$i" 2)" -v y="$(median "$WORK/$(group_key "gen n=$b").$i" 2)" -v a="$a" -v b="$b" \
				'BEGIN{printf "- %s: per-package CPU n=%d / n=%d: %.2f×\n", (l == 1) ? "go vet -vettool=zmqlint" : "standalone zmqlint", b, a, (y/b)/(x/a)}'
		done
	} >>"$OUT"
fi

if ((${#COLD_SPECS[@]})); then
	cold_header "Cold (empty GOCACHE and staticcheck cache, one run each):"
	for spec in "${COLD_SPECS[@]}"; do
		IFS='|' read -r tree dir flags label cmd <<<"$spec"
		GOFLAGS=$flags cold "$tree" "$dir" "$label" "$cmd"
	done
fi

echo >>"$OUT"
echo "Elapsed: $((SECONDS / 60)) min; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$OUT"
cat "$OUT"
log "results in $OUT, profiles in $WORK/*.pprof"
