#!/usr/bin/env bash
# vetcheck: go vet -vettool CPU of several vet tools on one ZeroMQ-free
# tree, interleaved run by run, every analyzed file touched before each
# run so that go vet's result cache misses. Prints medians (min-max) of
# user+sys CPU seconds.
#
#   TOOLS="noop=/tmp/zl-noop old=/tmp/zl-old new=/tmp/zl-new" bash bench/vetcheck.sh
#
# TREE defaults to a copy of the x/tools version in go.mod, PKGS to
# ./go/ssa/..., RUNS to 5.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
PKGS=${PKGS:-./go/ssa/...}
: "${TOOLS:?set TOOLS=\"label=path ...\" (vet tools to compare)}"
if [ -z "${TREE:-}" ]; then
	v=$(cd "$ROOT" && go list -m -f '{{.Version}}' golang.org/x/tools)
	src=$(cd "$ROOT" && go list -m -f '{{.Dir}}' golang.org/x/tools)
	TREE=$(mktemp -d /tmp/zmqlint-vetcheck.XXXXXX)
	cp -r "$src/." "$TREE" && chmod -R u+w "$TREE"
	echo "vetcheck: golang.org/x/tools@$v copied to $TREE" >&2
fi
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "vetcheck: GNU time is missing (apt-get install time)" >&2; exit 1; }
out=$(mktemp)
cd "$TREE"
files=$(go list -f '{{range .GoFiles}}{{$.Dir}}/{{.}} {{end}}' $PKGS)
n=0
for r in $(seq "$RUNS"); do
	for t in $TOOLS; do
		n=$((n + 1))
		for f in $files; do echo "// vetcheck $n" >>"$f"; done
		$TIME -f "${t%%=*} %U %S" -a -o "$out" go vet -vettool="${t#*=}" $PKGS >/dev/null 2>&1 || true
	done
done
python3 - "$out" <<'PY'
import collections, statistics, sys
d = collections.defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 3:
        d[f[0]].append(float(f[1]) + float(f[2]))
base = None
for t, v in d.items():
    m = statistics.median(v)
    base = base or m
    print(f"{t}: {m:.2f} s CPU ({min(v):.2f}-{max(v):.2f}), {m / base:.2f}x the first")
PY
