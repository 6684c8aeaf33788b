#!/usr/bin/env bash
# Install the system packages the test suite drives: Debian's chromium (headless
# browser tests and PNG export). Idempotent; needs root for apt-get.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is missing and we are not root: install it with 'apt-get install chromium'" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
chromium --version
