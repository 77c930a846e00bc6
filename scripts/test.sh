#!/usr/bin/env bash
# Runs every test of the workspace. The PostgreSQL tests need a real server: TEST_DATABASE_URL names
# one, else a throwaway local one is started (scripts/start-postgres.sh; needs root or a postgres user).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_DATABASE_URL:-}" ] && [ "${SKIP_POSTGRES_TESTS:-}" != "1" ]; then
  TEST_DATABASE_URL="$(bash scripts/start-postgres.sh | tail -n 1)"
  export TEST_DATABASE_URL
fi
exec node_modules/.bin/turbo run test --concurrency=2 "$@"
