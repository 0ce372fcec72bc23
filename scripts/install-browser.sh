#!/bin/sh
# install-browser.sh installs Debian's headless browser for the real-browser
# test (testsuite/browser) and scripts/screenshot-page.sh: the packages
# chromium and chromium-driver. It is idempotent: when /usr/bin/chromium and
# /usr/bin/chromedriver exist it does nothing. Run it as root or with sudo
# available; it needs the Debian package mirrors.
set -eu

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
	echo "install-browser: chromium and chromedriver are already installed"
	exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y chromium chromium-driver
/usr/bin/chromedriver --version
