#!/usr/bin/env bash
# The whole suite: formatting, lint, type checks, build, then unit, integration and browser tests.
# Called by `npm test` through scripts/node.sh (Node 24 on PATH, dependencies installed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the tests use: Chromium for the browser tests, poppler-utils (pdftotext, pdfinfo) to read
# exported PDFs back, PostgreSQL and Redis for the suites that run on them (scripts/services.sh starts both).
missing=()
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
	echo "parity: installing Debian's ${missing[*]} for the tests …" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

start=$(date +%s)
step() { echo; echo "── $1 ($(( $(date +%s) - start )) s)"; }

step "svelte-kit sync"
npx svelte-kit sync
step "prettier"
npx prettier --check . --log-level warn
step "eslint"
npx eslint . --max-warnings 0
step "svelte-check"
npx svelte-check --tsconfig ./tsconfig.json --fail-on-warnings --threshold warning --output human
step "build"
npx vite build --logLevel warn
step "PostgreSQL and Redis"
services="$(bash scripts/services.sh start)"
eval "export ${services//$'\n'/ }"
trap 'bash scripts/services.sh stop "$PARITY_TEST_SERVICES"' EXIT
echo "$PARITY_TEST_POSTGRES, $PARITY_TEST_REDIS"

step "vitest"
mkdir -p test-results
rm -f test-results/vitest*.json
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
# The suites that touch storage, again on PostgreSQL (tests/postgres.list; each server gets a new database).
if [ $# -eq 0 ]; then
	step "vitest on PostgreSQL"
	mapfile -t pg_suites < <(grep -v '^#' tests/postgres.list | grep . || true)
	[ ${#pg_suites[@]} -gt 0 ] && PARITY_TEST_ENGINE=postgres npx vitest run --reporter=default --reporter=json \
		--outputFile.json=test-results/vitest-postgres.json "${pg_suites[@]}" || status=1
fi
set -e
# One closing line that CI can read: "N passed, N failed".
node -e '
const fs = require("fs");
const runs = fs.readdirSync("test-results").filter((f) => /^vitest.*\.json$/.test(f))
	.map((f) => JSON.parse(fs.readFileSync("test-results/" + f, "utf8")));
const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
const skipped = sum("numPendingTests") + sum("numTodoTests");
console.log(`\nvitest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed` + (skipped ? `, ${skipped} skipped` : ""));
if (sum("numTotalTests") === 0) process.exit(1);
' || status=1
echo "total time: $(( $(date +%s) - start )) s"
exit $status
