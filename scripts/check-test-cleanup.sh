#!/usr/bin/env bash
# Checks that scripts/test.sh stops the PostgreSQL server it starts and removes its data folder:
# when the tests pass, when they fail, and when they are interrupted (Ctrl-C, i.e. SIGINT to the foreground process
# group). Runs test.sh on a spare port (default 54339) so a server already on 54329 is not involved.
# Usage: scripts/check-test-cleanup.sh [port]   (root, like start-postgres.sh). Exit 0: all clean.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-54339}"
data="/tmp/switchboard-pg-${port}"
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
fail() { echo "check-test-cleanup: FAIL: $*" >&2; bash scripts/stop-postgres.sh "$port"; exit 1; }
assert_clean() {
  if listening "$port"; then fail "$1: something still listens on 127.0.0.1:$port"; fi
  if [ -e "$data" ]; then fail "$1: $data is still there"; fi
  echo "check-test-cleanup: ok: $1" >&2
}

if listening "$port" || [ -e "$data" ]; then
  echo "check-test-cleanup: port $port or $data is in use; give another port" >&2
  exit 2
fi

# 1. The tests pass (one small package's): test.sh exits 0 and cleans up.
TEST_POSTGRES_PORT="$port" bash scripts/test.sh --filter=@switchboard/connector-telegram >/dev/null 2>&1 || fail "test.sh with passing tests exited non-zero"
assert_clean "after passing tests"

# 2. The tests fail (a filter no package matches): test.sh exits non-zero and cleans up.
if TEST_POSTGRES_PORT="$port" bash scripts/test.sh --filter=@switchboard/no-such-package >/dev/null 2>&1; then
  fail "test.sh with a failing turbo run exited 0"
fi
assert_clean "after failing tests"

# 3. Interrupted: SIGINT to test.sh's process group once its server is up, as Ctrl-C would send.
# core's tests run for minutes (PostgreSQL ones among them), so the signal lands mid-run.
# Job control on: the background job gets its own process group and does not start with SIGINT
# ignored (as a non-interactive shell's background jobs otherwise do).
set -m
env TEST_POSTGRES_PORT="$port" bash scripts/test.sh --filter=@switchboard/core >/dev/null 2>&1 &
runner=$!
for _ in $(seq 1 600); do
  listening "$port" && break
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.1
done
listening "$port" || fail "test.sh did not start a server on $port"
sleep 1
kill -INT -- "-$runner" || fail "test.sh ended before it could be interrupted"
status=0
wait "$runner" || status=$?
[ "$status" -ne 0 ] || fail "interrupted test.sh exited 0"
assert_clean "after Ctrl-C"
