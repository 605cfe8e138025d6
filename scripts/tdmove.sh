#!/usr/bin/env bash
# Moves analysistest files still in the old layout (testdata/src/<tree>/...,
# one GOPATH for the whole repository) to the new one (issue 11 item 7):
#
#   testdata/src/{github.com,gopkg.in,golang.org,example.com}/...
#       -> internal/testutil/testdata/stubs/src/...   (the shared stubs)
#   testdata/src/<check>/...  -> passes/<check>/testdata/src/<check>/...
#   testdata/src/owner/...    -> passes/internal/owner/testdata/src/owner/...
#   (any model of passes/internal the same way)
#   testdata/src/gclplugin/...-> analyzers/gclplugin/testdata/src/gclplugin/...
#   testdata/src/robust/...   -> internal/robust/testdata/src/robust/...
#
# Run it from anywhere in the repository, after merging a branch that still
# adds or edits files under testdata/src. Git's rename detection carries
# edits of moved files over by itself, and with
#   git -c merge.directoryRenames=true merge <branch>
# it also moves files added in a moved directory (the default only
# suggests it, as a "file location" conflict: git add those paths). This
# script catches the rest, e.g. a new tree or files in a new directory. It is idempotent: with nothing
# under testdata/src it does nothing. Tracked files move with git mv (so
# history follows); untracked ones with mv. A file whose target already
# exists is removed if identical, else left in place and reported (exit 1):
# merge the two by hand. testdata/demo, testdata/realapi and
# testdata/golangci are modules, not analysistest trees: they stay.
set -euo pipefail

root=$(git rev-parse --show-toplevel)
cd "$root"
old=testdata/src
[[ -d $old ]] || { echo "tdmove: no $old, nothing to move"; exit 0; }

# dest prints the src dir that tree (a top-level name under testdata/src)
# belongs in, or fails.
dest() {
	case $1 in
	github.com | gopkg.in | golang.org | example.com) echo internal/testutil/testdata/stubs/src ;;
	gclplugin) echo analyzers/gclplugin/testdata/src ;;
	robust) echo internal/robust/testdata/src ;;
	*)
		if [[ -d passes/$1 ]]; then
			echo "passes/$1/testdata/src"
		elif [[ -d passes/internal/$1 ]]; then
			echo "passes/internal/$1/testdata/src"
		else
			return 1
		fi
		;;
	esac
}

moved=0 conflicts=0
while IFS= read -r -d '' f; do
	rel=${f#"$old"/}
	tree=${rel%%/*}
	if ! to=$(dest "$tree"); then
		echo "tdmove: $f: no package for tree $tree (add it to dest in $0)" >&2
		conflicts=$((conflicts + 1))
		continue
	fi
	target=$to/$rel
	if [[ -e $target ]]; then
		if cmp -s "$f" "$target"; then
			git rm -q --cached --ignore-unmatch -- "$f"
			rm -f -- "$f"
		else
			echo "tdmove: $f and $target differ: merge them by hand" >&2
			conflicts=$((conflicts + 1))
		fi
		continue
	fi
	mkdir -p "$(dirname "$target")"
	if git ls-files --error-unmatch -- "$f" >/dev/null 2>&1; then
		git mv -- "$f" "$target"
	else
		mv -- "$f" "$target"
	fi
	moved=$((moved + 1))
done < <(find "$old" -type f -print0 | sort -z)

# Drop the emptied directories (testdata itself keeps demo and friends).
find "$old" -depth -type d -empty -delete 2>/dev/null || true
echo "tdmove: moved $moved file(s), $conflicts left in place"
[[ $conflicts -eq 0 ]]
