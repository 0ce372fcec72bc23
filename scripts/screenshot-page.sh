#!/bin/sh
# screenshot-page.sh shows the live page by hand, the way
# testsuite/browser does it in a test: it builds the starter, runs
# `starter dev` on free ports, starts examples/build-test-deploy.yaml, takes
# a screenshot of the page while the release approval waits, approves it
# through the page's API (what the Approve button sends), and takes a second
# screenshot once the run has SUCCEEDED.
#
# Usage: scripts/screenshot-page.sh [OUTDIR]
#   OUTDIR defaults to $STABILIZE_ARTIFACTS, else ./artifacts. It receives
#   page-suspended.png, page-succeeded.png and dev.log.
# Needs chromium (scripts/install-browser.sh), curl and Go.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${STABILIZE_ARTIFACTS:-$PWD/artifacts}}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
dev_pid=""

cleanup() {
	if [ -n "$dev_pid" ] && kill -0 "$dev_pid" 2>/dev/null; then
		kill -INT "$dev_pid" 2>/dev/null || true
		wait "$dev_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

die() {
	echo "screenshot-page: $*" >&2
	exit 1
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND every half second.
wait_for() {
	what=$1 secs=$2
	shift 2
	tries=$((secs * 2))
	while ! "$@" >/dev/null 2>&1; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || die "timed out after ${secs}s waiting for $what"
		sleep 0.5
	done
}

command -v chromium >/dev/null || die "chromium is not installed (run scripts/install-browser.sh)"
command -v curl >/dev/null || die "curl is not installed"

echo "building the starter"
(cd "$root" && go build -o "$work/starter" ./starter)

# The environment and ./stabilize.yaml could point the starter elsewhere.
cd "$work"
env -u STABILIZE_ADDRESS "$work/starter" dev --port 0 --ui-port 0 --page-port 0 >"$work/dev.out" 2>"$out/dev.log" &
dev_pid=$!
wait_for "starter dev to print its addresses" 180 grep -q "Press Ctrl-C" "$work/dev.out"
cat "$work/dev.out"
frontend=$(sed -n 's/^Temporal frontend: //p' "$work/dev.out")
page=$(sed -n 's/^Stabilize page: //p' "$work/dev.out")
[ -n "$frontend" ] && [ -n "$page" ] || die "no addresses in the output of starter dev"

id=$("$work/starter" --address "$frontend" start "$root/examples/build-test-deploy.yaml")
echo "started $id"

# approval_is STATUS: the page's graph draws the approval stage in STATUS.
approval_is() {
	curl -fsS "${page}api/executions/$id/graph.svg" | grep -q "data-ref=\"approve\" data-status=\"$1\""
}

# shoot FILE: a headless Chromium screenshot of the page with the run
# selected; the virtual time budget lets the page load its data first.
shoot() {
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--disable-dev-shm-usage --hide-scrollbars --user-data-dir="$work/profile-$1" \
		--window-size=1400,900 --virtual-time-budget=5000 \
		--screenshot="$out/$1" "${page}#$id" >>"$out/dev.log" 2>&1
	[ -s "$out/$1" ] || die "chromium wrote no $out/$1 (see $out/dev.log)"
	echo "screenshot: $out/$1"
}

wait_for "the release approval to wait (SUSPENDED)" 60 approval_is SUSPENDED
shoot page-suspended.png

echo "approving the release"
curl -fsS -X POST -H 'Content-Type: application/json' \
	-d '{"stage_ref_id": "approve", "user": "screenshot-page"}' "${page}api/executions/$id/approve"
echo
wait_for "the run to succeed" 60 sh -c "curl -fsS '${page}api/executions?status=SUCCEEDED' | grep -q '$id'"
shoot page-succeeded.png
