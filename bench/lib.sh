# Shared helpers of bench/run.sh (synthetic modules) and bench/real.sh
# (real trees). Source it after setting ROOT (this repository), WORK
# (scratch dir), RUNS (timed runs per command) and OUT (the markdown file
# rows are appended to).
#
# Measuring: GNU time gives wall, CPU (user+sys of the whole process tree)
# and peak RSS (%M: the largest single process of the tree). The commands
# compared in one group are interleaved run by run, so background load on
# this shared machine hits them alike; before every timed run the analyzed
# files get a unique comment appended, so go vet's result cache and
# staticcheck's cache miss for them while dependencies stay cached.

BIN=${BIN:-$WORK/bin}
mkdir -p "$BIN"
log() { echo "bench: $*" >&2; }

# need_time: GNU time (for %M), installed with apt when missing.
need_time() {
	if [[ ! -x /usr/bin/time ]]; then
		log "installing GNU time"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
	fi
}

# need_libzmq: the libzmq and CZMQ headers cgo needs to build
# pebbe/zmq4 (as .ci/run installs them).
need_libzmq() {
	if ! pkg-config --exists libzmq libczmq 2>/dev/null; then
		log "installing libzmq3-dev libczmq-dev pkg-config"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq libzmq3-dev libczmq-dev pkg-config >/dev/null
	fi
}

# build_tools: zmqlint, the no-op vet tool, the profiling driver and the
# synthetic module generator from this tree, and staticcheck v0.8.2, into
# $BIN. ZMQLINT (a path) replaces the zmqlint built here, to measure
# another build.
build_tools() {
	log "building into $BIN"
	(cd "$ROOT" &&
		go build -o "$BIN/zmqlint" ./cmd/zmqlint &&
		go build -o "$BIN/noop" ./bench/noop &&
		go build -o "$BIN/prof" ./bench/prof &&
		go build -o "$BIN/gen" ./bench/gen)
	if [[ -n ${ZMQLINT:-} ]]; then
		cp "$ZMQLINT" "$BIN/zmqlint"
	fi
	if [[ ! -x $BIN/staticcheck ]]; then
		(cd "$WORK" && GOBIN=$BIN GOFLAGS= go install honnef.co/go/tools/cmd/staticcheck@v0.8.2)
	fi
	ANALYZERS=$("$BIN/zmqlint" -help 2>&1 | awk '/^Checks:/{on=1;next} on&&NF==0{exit} on{print $1}' | paste -sd, -)
}

# touch_go PATH...: append a comment to every .go file under PATH (a
# directory or a file). The comment is unique across script runs (the
# build cache is content addressed: a repeated content would be a cache
# hit).
TOUCHES=0
NONCE=$(date +%s%N)
touch_go() {
	TOUCHES=$((TOUCHES + 1))
	find "$@" -name '*.go' -exec sh -c 'for f; do printf "// bench touch %s\n" "$0" >>"$f"; done' "$NONCE.$TOUCHES" {} +
}

# timed OUTFILE CMD...: run CMD once under GNU time, append
# "wall cpu rssKB" to OUTFILE. Exit status is ignored (findings are
# expected); a panic or an internal error is fatal.
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

# stats FILE COL [DIV]: "median (min–max)" of column COL, divided by DIV.
stats() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" -v d="${3:-1}" '{v[NR]=$c/d} END{
		m = (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2
		f = (d == 1) ? "%.2f (%.2f–%.2f)" : "%.0f (%.0f–%.0f)"
		printf f, m, v[1], v[NR]}'
}
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{printf "%.3f", (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f×", (b > 0) ? a / b : 0}'; }

# group_key GROUP: the file-safe name of a group's result files,
# $WORK/<key>.<command index>.
group_key() { printf '%s' "$1" | tr -c 'A-Za-z0-9=' '_'; }

# compare GROUP DIR TOUCH LABEL1 CMD1 LABEL2 CMD2 ...: warm every
# command once, then RUNS rounds of (touch; run each command in turn).
# TOUCH is a space-separated list of directories or files (empty: no
# touch). Appends one markdown row per command; ratios are against the
# first. WARM=0 skips the warm-up runs (the previous group left the
# caches warm).
compare() {
	local group=$1 dir=$2 tdir=$3
	shift 3
	local labels=() cmds=() i r key
	key=$(group_key "$group")
	while (($#)); do labels+=("$1"); cmds+=("$2"); shift 2; done
	for i in "${!cmds[@]}"; do
		rm -f "$WORK/$key.$i"
		if [[ ${WARM:-1} == 1 ]]; then
			log "$group: warm ${labels[$i]}"
			(cd "$dir" && bash -c "${cmds[$i]}" >/dev/null 2>&1) || true
		fi
	done
	for ((r = 1; r <= RUNS; r++)); do
		for i in "${!cmds[@]}"; do
			if [[ -n $tdir ]]; then
				# shellcheck disable=SC2086 # tdir is a space-separated list of paths
				touch_go $tdir
			fi
			log "$group: run $r/${RUNS} ${labels[$i]}"
			(cd "$dir" && timed "$WORK/$key.$i" bash -c "${cmds[$i]}")
		done
	done
	local bw bc bm
	bw=$(median "$WORK/$key.0" 1)
	bc=$(median "$WORK/$key.0" 2)
	bm=$(median "$WORK/$key.0" 3)
	for i in "${!cmds[@]}"; do
		local f=$WORK/$key.$i
		printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$group" "${labels[$i]}" \
			"$(stats "$f" 1)" "$(stats "$f" 2)" "$(stats "$f" 3 1024)" \
			"$(ratio "$(median "$f" 1)" "$bw")" "$(ratio "$(median "$f" 2)" "$bc")" \
			"$(ratio "$(median "$f" 3)" "$bm")" >>"$OUT"
	done
}

header() {
	printf '\n| case | command | wall s, median (min–max) | CPU s, median (min–max) | peak RSS MB, median (min–max) | wall ratio | CPU ratio | RSS ratio |\n|---|---|---|---|---|---|---|---|\n' >>"$OUT"
}

# cold_header, cold DIR LABEL CMD: one run of CMD with an empty GOCACHE
# (and staticcheck cache), one markdown row.
cold_header() {
	{
		echo
		echo "$1"
		echo
		echo "| case | command | wall s | CPU s | peak RSS MB |"
		echo "|---|---|---|---|---|"
	} >>"$OUT"
}
cold() {
	local group=$1 dir=$2 label=$3 cmd=$4 cache w c m
	cache=$(mktemp -d "$WORK/gocache.XXXX")
	log "cold $group: $label"
	rm -f "$WORK/cold"
	(cd "$dir" && GOCACHE=$cache STATICCHECK_CACHE=$cache/sc timed "$WORK/cold" bash -c "$cmd")
	read -r w c m <"$WORK/cold"
	printf '| %s | %s | %.1f | %.1f | %.0f |\n' "$group" "$label" "$w" "$c" "$((m / 1024))" >>"$OUT"
	chmod -R u+w "$cache"
	rm -rf "$cache"
}
