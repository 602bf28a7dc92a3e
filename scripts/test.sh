#!/usr/bin/env bash
# The whole suite: formatting, lint, type checks, build, then unit, integration and browser tests.
# Called by `npm test` through scripts/node.sh (Node 24 on PATH, dependencies installed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian packages the tests use: Chromium for the browser tests, poppler-utils (pdftotext, pdfinfo) to read
# exported PDFs back.
missing=()
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
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
step "vitest"
mkdir -p test-results
set +e
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
status=$?
set -e
# One closing line that CI can read: "N passed, N failed".
node -e '
const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
const skipped = r.numPendingTests + r.numTodoTests;
console.log(`\nvitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
if (r.numTotalTests === 0) process.exit(1);
' || status=1
echo "total time: $(( $(date +%s) - start )) s"
exit $status
