#!/usr/bin/env bash
# Stops the throwaway PostgreSQL server scripts/start-postgres.sh started on a port, and removes its
# data folder (/tmp/switchboard-pg-<port>). A port with no such folder is left alone: a server this
# script did not set up (the user's own, a CI service) is never touched.
# Usage: scripts/stop-postgres.sh [port]   (default 54329)
set -euo pipefail
port="${1:-54329}"
data="/tmp/switchboard-pg-${port}"
[ -d "$data" ] || exit 0

find_bin() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}
pg_ctl="$(find_bin pg_ctl)"
if [ -f "$data/postmaster.pid" ] && [ -n "$pg_ctl" ]; then
  # fast: the tests are over, open sessions are not worth waiting for.
  su postgres -c "'$pg_ctl' -D '$data' -m fast -w -t 60 stop" >&2 || echo "stop-postgres: pg_ctl stop failed for $data" >&2
fi
rm -rf "$data"
