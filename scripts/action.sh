#!/usr/bin/env bash
# The script part of the zmqlint GitHub Action (action.yml at the
# repository root), kept here so that it can be run and tested outside
# GitHub (internal/doctest runs it).
#
#   scripts/action.sh install   build zmqlint from the action's checkout
#   scripts/action.sh run       run it with -sarif, write the SARIF file
#
# Environment (set by action.yml from the action's inputs; GitHub sets the
# GITHUB_* and RUNNER_* ones):
#   GITHUB_ACTION_PATH   the action's checkout (the zmqlint source at the
#                        ref the workflow names); default: this script's repo
#   RUNNER_TEMP          where the binary and the SARIF file go; default: mktemp
#   GITHUB_OUTPUT        file to append the step outputs to (optional)
#   ZMQLINT_BIN          (run) the binary; default: $RUNNER_TEMP/zmqlint-bin/zmqlint
#   INPUT_PACKAGES       (run) package patterns, space-separated; default ./...
#   INPUT_BASELINE       (run) a baseline file (-baseline=...); default none
#   INPUT_ARGS           (run) more flags, space-separated (e.g. -test=false)
#   INPUT_SARIF_FILE     (run) the SARIF output; default $RUNNER_TEMP/zmqlint.sarif
#   INPUT_FAIL_ON_FINDINGS (run) "true": exit 3 when there are findings
#                        (runs zmqlint a second time, in text mode)
#
# Exit status of "run": 1 when zmqlint could not analyze the code (the
# SARIF file is still written and lists the errors), 3 with
# INPUT_FAIL_ON_FINDINGS=true and findings, else 0.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
action_path=${GITHUB_ACTION_PATH:-$here}
tmp=${RUNNER_TEMP:-}
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
fi
bin=${ZMQLINT_BIN:-$tmp/zmqlint-bin/zmqlint}

output() { # name value
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
	fi
}

case "${1:-}" in
install)
	mkdir -p "$(dirname "$bin")"
	# The binary needs no C library; CGO_ENABLED=0 makes that so on any
	# runner. -trimpath keeps the runner's paths out of it.
	(cd "$action_path" && CGO_ENABLED=0 go build -trimpath -o "$bin" ./cmd/zmqlint)
	"$bin" -V=full
	output zmqlint "$bin"
	;;
run)
	sarif=${INPUT_SARIF_FILE:-$tmp/zmqlint.sarif}
	# Word splitting of the package and flag lists is intended.
	# shellcheck disable=SC2206
	pkgs=(${INPUT_PACKAGES:-./...})
	# shellcheck disable=SC2206
	flags=(${INPUT_ARGS:-})
	if [ -n "${INPUT_BASELINE:-}" ]; then
		flags+=("-baseline=$INPUT_BASELINE")
	fi
	code=0
	"$bin" "${flags[@]}" -sarif "${pkgs[@]}" >"$sarif" || code=$?
	output sarif-file "$sarif"
	output exit-code "$code"
	echo "zmqlint: SARIF written to $sarif (exit $code)"
	if [ "$code" -ne 0 ]; then
		exit "$code" # 1: load or type errors (listed in the SARIF file); 2: bad inputs
	fi
	if [ "${INPUT_FAIL_ON_FINDINGS:-false}" = true ]; then
		"$bin" "${flags[@]}" "${pkgs[@]}" # text findings in the log; exit 3 on findings
	fi
	;;
*)
	echo "usage: $0 install|run" >&2
	exit 2
	;;
esac
