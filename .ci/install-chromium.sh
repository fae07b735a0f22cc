#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing (apt-get needs root).
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
/usr/bin/chromium --version
