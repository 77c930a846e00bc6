#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for tests and benchmarks, on loopback, as the postgres user.
# Installs Debian's postgresql first if initdb is missing. Prints the connection URL on stdout (last line).
# Usage: scripts/start-postgres.sh [port]   (default 54329; data under /tmp/switchboard-pg-<port>)
set -euo pipefail
port="${1:-54329}"
data="/tmp/switchboard-pg-${port}"

find_bin() {
  command -v "$1" 2>/dev/null || ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(find_bin initdb)" ]; then
  echo "installing postgresql from Debian's packages" >&2
  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql) >&2
fi
initdb="$(find_bin initdb)"
pg_ctl="$(find_bin pg_ctl)"
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql --shell /bin/bash postgres

if [ -f "$data/postmaster.pid" ] && su postgres -c "'$pg_ctl' -D '$data' status" >/dev/null 2>&1; then
  echo "postgres already running on port $port" >&2
else
  rm -rf "$data"
  mkdir -p "$data"
  chown postgres "$data"
  su postgres -c "'$initdb' -D '$data' -U postgres --auth=trust --encoding=UTF8 --no-sync" >&2
  su postgres -c "'$pg_ctl' -D '$data' -l '$data/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$data' -c fsync=on -c max_connections=200\" start" >&2
fi
echo "postgres://postgres@127.0.0.1:${port}/postgres"
