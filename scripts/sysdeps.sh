#!/usr/bin/env bash
# Install the Debian packages Tian needs when run as root; otherwise name what is missing.
set -euo pipefail
# WeasyPrint (PDF reports) lays out text with Pango; it is loaded at run time, not by pip.
set -- "$@" libpango-1.0-0 libpangoft2-1.0-0
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
