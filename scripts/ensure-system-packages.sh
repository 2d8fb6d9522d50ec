#!/usr/bin/env bash
# What `make test` (and `make demo`) need from the operating system (C1, issue 14 part 1).
# Usage: scripts/ensure-system-packages.sh demo|test
# As root on Debian/Ubuntu it installs what is missing; otherwise it stops at once and prints
# the exact `apt-get install …` line to run. It never skips a test for a missing package.
set -euo pipefail
profile="${1:-test}"
need=()
have() { command -v "$1" >/dev/null 2>&1; }

python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if [ "$profile" = "test" ]; then
  { have chromium || [ -x /usr/bin/chromium ]; } || need+=(chromium)
  have soffice || need+=(libreoffice-writer-nogui)
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
  have pdftotext || need+=(poppler-utils)
  { have pg_ctlcluster && ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; } || need+=(postgresql)
  have redis-server || need+=(redis-server)
  { have nginx || [ -x /usr/sbin/nginx ]; } || need+=(nginx-light)
fi

[ ${#need[@]} -eq 0 ] && exit 0

line="apt-get install -y ${need[*]}"
if [ "$(id -u)" -ne 0 ] || ! have apt-get; then
  echo "Missing system packages for 'make $profile'. Run as root, then run 'make $profile' again:" >&2
  echo "  sudo apt-get update && sudo $line" >&2
  exit 1
fi
echo "== installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts the servers it installs; the tests start their own on loopback ports.
for svc in redis-server nginx; do
  if have systemctl; then systemctl stop "$svc" >/dev/null 2>&1 || true; fi
  if have service; then service "$svc" stop >/dev/null 2>&1 || true; fi
done
