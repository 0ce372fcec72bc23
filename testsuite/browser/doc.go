// Package browser holds the real-browser test of the live page: a real
// Temporal server (devserver) with a worker, the page handler over the
// webui/temporal Backend, and Debian's headless Chromium driven through
// chromedriver's W3C WebDriver HTTP API with net/http (no new Go
// dependency).
//
// The test needs the Debian packages chromium and chromium-driver
// (scripts/install-browser.sh installs them). Without them it fails when
// CI=true and is skipped elsewhere. Its screenshot goes to
// $STABILIZE_ARTIFACTS when set, to the test's temporary directory
// otherwise:
//
//	STABILIZE_ARTIFACTS=/tmp/shots go test ./testsuite/browser/ -v
package browser
