#!/usr/bin/env bash
# Runs every test of the workspace. The PostgreSQL tests need a real server: TEST_DATABASE_URL names
# one, else a local one on TEST_POSTGRES_PORT (default 54329) is used: one already listening there
# is used and left running; otherwise a throwaway one is started (scripts/start-postgres.sh; needs
# root or a postgres user) and stopped, its data folder removed, when the tests end — also when
# they fail or are interrupted (Ctrl-C).
# The console's browser tests need Debian's Chromium at /usr/bin/chromium: installed here when missing
# (needs root; SKIP_BROWSER_INSTALL=1 to leave it to you).
# Ends with one line adding up every Jest run: "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
started_port=""
cleanup() {
  rm -f "$log"
  if [ -n "$started_port" ]; then
    echo "stopping the PostgreSQL server the tests started on port $started_port" >&2
    bash scripts/stop-postgres.sh "$started_port"
  fi
}
trap cleanup EXIT
# The EXIT trap runs on these too once the shell exits with the signal's status.
trap 'exit 130' INT
trap 'exit 143' TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${SKIP_POSTGRES_TESTS:-}" != "1" ]; then
  port="${TEST_POSTGRES_PORT:-54329}"
  if listening "$port"; then
    echo "using the PostgreSQL server already listening on 127.0.0.1:$port (left running)" >&2
    TEST_DATABASE_URL="postgres://postgres@127.0.0.1:${port}/postgres"
  else
    started_port="$port"
    TEST_DATABASE_URL="$(bash scripts/start-postgres.sh "$port" | tail -n 1)"
  fi
  export TEST_DATABASE_URL
fi
# The web console's browser tests drive Debian's Chromium (playwright-core downloads no browser).
if [ ! -x /usr/bin/chromium ] && [ "${SKIP_BROWSER_INSTALL:-}" != "1" ]; then
  echo "installing chromium from Debian's packages for the web console's browser tests" >&2
  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) >&2
fi
status=0
node_modules/.bin/turbo run test --concurrency=2 --continue "$@" 2>&1 | tee "$log" || status=$?
node -e '
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
    if (!/\bTests:\s/.test(line)) continue;
    for (const key of Object.keys(totals)) totals[key] += Number(new RegExp(`(\\d+) ${key}`).exec(line)?.[1] ?? 0);
  }
  console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
' "$log"
exit "$status"
