#!/usr/bin/env bash
# Installs what bluegreen's demo and tests need on a fresh Debian machine with Node and npm:
# HAProxy (the real router the tests drive), socat and openssl from apt, BIND (the real DNS
# servers the DNS tests update), Prometheus (the real
# server the analysis tests query), then the npm packages (which bring Node 24 itself, as the
# `node` devDependency). Debian's prometheus package may start a system service on :9090 where
# systemd runs; the tests never use it: each starts its own server on a free 127.0.0.1 port.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian package for each tool: BIND's named (the DNS tests' real primary and secondary) and its
# clients dig/nsupdate/tsig-keygen come from bind9 and bind9-dnsutils.
missing=()
for pair in haproxy:haproxy socat:socat openssl:openssl rsync:rsync prometheus:prometheus named:bind9 dig:bind9-dnsutils nsupdate:bind9-dnsutils; do
  tool="${pair%%:*}"; package="${pair#*:}"
  command -v "$tool" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$tool" >/dev/null 2>&1 || missing+=("$package")
done
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup: installing ${missing[*]} with apt-get"
  $sudo apt-get update -qq
  # No recommends: prometheus would bring node-exporter and its service along.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Install from the lock file when node_modules is missing or older than it. Not `npm ci`: the
# registry this project is built against lacks some optional platform packages (Biome's Windows,
# macOS and Android binaries), which `npm ci` counts as a lock mismatch; `npm install --no-save`
# installs the locked versions and leaves package.json and the lock file untouched.
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm install (from package-lock.json)"
  npm install --no-audit --no-fund --no-save
fi
echo "setup: $(haproxy -v | head -1 | cut -d' ' -f1-3), $(prometheus --version 2>&1 | head -1 | cut -d' ' -f1-3), Node $(node_modules/.bin/node --version)"
