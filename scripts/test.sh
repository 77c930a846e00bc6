#!/usr/bin/env bash
# Runs every test of the workspace. The PostgreSQL tests need a real server: TEST_DATABASE_URL names
# one, else a throwaway local one is started (scripts/start-postgres.sh; needs root or a postgres user).
# Ends with one line adding up every Jest run: "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${SKIP_POSTGRES_TESTS:-}" != "1" ]; then
  TEST_DATABASE_URL="$(bash scripts/start-postgres.sh | tail -n 1)"
  export TEST_DATABASE_URL
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
node_modules/.bin/turbo run test --concurrency=2 "$@" 2>&1 | tee "$log" || status=$?
node -e '
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
    if (!/\bTests:\s/.test(line)) continue;
    for (const key of Object.keys(totals)) totals[key] += Number(new RegExp(`(\\d+) ${key}`).exec(line)?.[1] ?? 0);
  }
  console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
' "$log"
exit "$status"
