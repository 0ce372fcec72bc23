#!/usr/bin/env bash
# fuzz.sh runs every Go fuzz target of the module for a bounded time each.
#
#   scripts/fuzz.sh                    # every target under ./..., 20s each
#   FUZZTIME=5m scripts/fuzz.sh        # longer runs
#   scripts/fuzz.sh ./model/...        # only the targets of these packages
#
# Targets are found with `go test -list '^Fuzz'`, so a new Fuzz function is
# picked up without editing this script. A failing input is saved by Go under
# the package's testdata/fuzz/<Target>/ and the script exits non-zero after
# running the remaining targets; commit that file as a regression seed once
# the bug is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-20s}"
if [ "$#" -eq 0 ]; then
	set -- ./...
fi

# `go test -list` prints the matching names of a package, then a line
# "ok <import path> <time>"; names are attributed to the package that follows.
listing="$(go test -list '^Fuzz' "$@")"
targets=()
pending=()
while IFS= read -r line; do
	case "$line" in
	Fuzz*) pending+=("$line") ;;
	"ok "*)
		pkg="$(awk '{print $2}' <<<"$line")"
		for name in "${pending[@]+"${pending[@]}"}"; do
			targets+=("$pkg $name")
		done
		pending=()
		;;
	esac
done <<<"$listing"

if [ "${#targets[@]}" -eq 0 ]; then
	echo "fuzz.sh: no fuzz targets found in $*" >&2
	exit 1
fi

echo "fuzz.sh: ${#targets[@]} target(s), ${fuzztime} each"
failed=()
for target in "${targets[@]}"; do
	read -r pkg name <<<"$target"
	echo "=== fuzz ${pkg} ${name} (${fuzztime})"
	if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "${fuzztime}" "${pkg}"; then
		failed+=("${pkg} ${name}")
	fi
done

if [ "${#failed[@]}" -gt 0 ]; then
	echo "fuzz.sh: ${#failed[@]} target(s) failed:" >&2
	printf '  %s\n' "${failed[@]}" >&2
	exit 1
fi
echo "fuzz.sh: all ${#targets[@]} target(s) passed"
