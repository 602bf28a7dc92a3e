#!/usr/bin/env bash
# Runs Parity's server the way `npm start` does, with Node's memory settings (see docs/performance.md, "Memory").
# `scripts/node.sh start` ends here after its install and build checks; tests (tests/fixtures/server.ts) and
# the benchmarks start the built server through this script too, so they measure what production runs.
#   bash scripts/serve.sh server/index.ts [args…]     (or another entry that imports it: scripts/bench-server.ts)
# It execs Node (PARITY_NODE, else `node` on the PATH), so the process id, signals and exit code are the server's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Node keeps the TypeScript it has stripped (and V8's compiled code) here, so a later start neither loads the
# TypeScript stripper (about 17 MiB that would stay in memory) nor strips the same files again.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-$root/.cache/node}"

# glibc gives every thread that allocates its own malloc arena and keeps what a thread freed in it: after the
# register's worker thread stops (src/lib/server/register/jobs.ts) its 20–30 MiB would stay in the process.
# Two arenas are shared by all threads, so that memory is reused or returned.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

[ $# -ge 1 ] || { echo "usage: scripts/serve.sh <entry> [args…]" >&2; exit 2; }

# --max-semi-space-size: V8 sizes the young generation from the machine's memory (two semi-spaces of up to
# 64 MiB on 24 GiB), and a server that has allocated a lot once keeps those pages. Parity's objects are small
# and short-lived (messages, rows, pages), so 1 MiB semi-spaces hold them; older ones are promoted as usual.
# PARITY_SEMI_SPACE_MIB sets another size (benchmarks compare them; docs/performance.md, "Lean").
exec "${PARITY_NODE:-node}" --max-semi-space-size="${PARITY_SEMI_SPACE_MIB:-1}" "$@"
