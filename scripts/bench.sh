#!/usr/bin/env bash
# `npm run bench`: runs the shared collaboration benchmark (shared/bench) against Parity's collab endpoint
# and against the harness's Hocuspocus and y-websocket presets in the same run, then prints the report.
# The harness is copied and installed into bench-results/harness (git-ignored) at run time.
#   npm run bench                 # the full matrix (about 20 minutes on 2 cores)
#   npm run bench -- core         # S1 N=20 (3 runs each) and both S3 runs, all three servers (about 12 minutes)
#   npm run bench -- quick        # S1 N=20 and S3, Parity only (about 3 minutes)
#   npm run bench -- s1           # S1 N=20, Parity and y-websocket taking turns, PARITY_BENCH_RUNS times (default 3;
#                                 # about 5 minutes)
#   npm run bench -- scale        # S1 N=20 and 50 on one and on two processes (PostgreSQL + Redis), S3 cold load
#                                 # from PostgreSQL and SQLite (about 14 minutes)
#   npm run bench -- s3           # S3 cold load (20 000 updates, three restarts), Parity and Hocuspocus taking turns,
#                                 # PARITY_BENCH_RUNS times (default 2; about 4 minutes)
#   npm run bench -- s2           # S2 with 1 000 documents × 2 clients, Parity and y-websocket taking turns,
#                                 # PARITY_BENCH_RUNS times (default 2; about 8 minutes)
# s1, s2 and s3 run the servers PARITY_BENCH_TARGETS names instead when it is set (e.g. "parity").
# Results: bench-results/<time>/ (one JSON per run and report.md). See docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode="${1:-full}"

src="${PARITY_BENCH_SRC:-$root/../shared/bench}"
[ -f "$src/src/bench.mjs" ] || { echo "bench: harness not found at $src (set PARITY_BENCH_SRC)" >&2; exit 1; }
harness="$root/bench-results/harness"
mkdir -p "$harness"
# Copy the harness (not its installed modules, data or results) and install it when its lock file changed.
(cd "$src" && tar --exclude=./node_modules --exclude=./data --exclude=./results -cf - .) | (cd "$harness" && tar -xf -)
chmod -R u+w "$harness"
want="$(sha256sum "$harness/package-lock.json" | cut -d' ' -f1)"
if [ ! -x "$harness/node_modules/.bin/node" ] || [ "$(cat "$harness/node_modules/.parity-lock-hash" 2>/dev/null)" != "$want" ]; then
  echo "bench: installing the harness …" >&2
  (cd "$harness" && npm ci --no-audit --no-fund >&2)
  echo "$want" > "$harness/node_modules/.parity-lock-hash"
fi

# Parity's own build, in its own folder.
export PARITY_BUILD_OUT=.build-bench
if [ ! -f "$PARITY_BUILD_OUT/handler.js" ] || [ -n "$(find src static svelte.config.js vite.config.ts package-lock.json -newer "$PARITY_BUILD_OUT/handler.js" -print -quit 2>/dev/null)" ]; then
  echo "bench: building Parity …" >&2
  npx vite build > bench-results/build.log 2>&1 || { cat bench-results/build.log >&2; exit 1; }
fi

out="$root/bench-results/$(date -u +%Y%m%dT%H%M%S)"
mkdir -p "$out"
port="${PARITY_BENCH_PORT:-4471}"
token="parity_pat_bench$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
node_bin="$(command -v node)"
NODE="$harness/node_modules/.bin/node"
# Started as `npm start` starts the server (scripts/serve.sh: the same Node settings, with this Node).
# parity_with SCRIPT [--server-env K=V …]: the arguments that run Parity through scripts/SCRIPT.
parity_with() {
  local script="$1"; shift
  args=(--server-cmd "bash $root/scripts/serve.sh $root/scripts/$script --data {DATA} --port {PORT}"
    --server-env "PARITY_NODE=$node_bin"
    --server-env "PARITY_HANDLER=$root/$PARITY_BUILD_OUT/handler.js"
    --server-env "PARITY_BENCH_TOKEN=$token" --server-env COLLAB_BENCH_WORKSPACE=benchworkspace
    --server-env NODE_ENV=production
    ${PARITY_BENCH_SERVER_ENV:+--server-env "$PARITY_BENCH_SERVER_ENV"}
    "$@"
    --url "ws://127.0.0.1:{PORT}/collab" --header "Authorization: Bearer $token")
}
parity_with bench-server.ts
parity=("${args[@]}")

run() { # label, server args…, then scenario args after --
  local label="$1"; shift
  echo "bench: $label $*" | sed "s/$token/<token>/g" >&2
  (cd "$harness" && "$NODE" src/bench.mjs --name "$label" --port "$port" --quiet "$@" --out "$out/$label-$(date +%s%N).json") | cut -c1-240
}

args_for() { if [ "$1" = parity ]; then args=("${parity[@]}"); else args=(--server "$1"); fi; }
targets=(parity hocuspocus y-websocket)
case "$mode" in
  quick)
    run parity "${parity[@]}" --scenario s1 --clients 20 --rate 2 --duration 30
    run parity "${parity[@]}" --scenario s3 --updates 20000 --repeats 3
    ;;
  s1)
    for i in $(seq "${PARITY_BENCH_RUNS:-3}"); do
      for target in ${PARITY_BENCH_TARGETS:-parity y-websocket}; do
        args_for "$target"; run "$target" "${args[@]}" --scenario s1 --clients 20 --rate 2 --duration 30
      done
    done
    ;;
  s3)
    for i in $(seq "${PARITY_BENCH_RUNS:-2}"); do
      for target in ${PARITY_BENCH_TARGETS:-parity hocuspocus}; do
        args_for "$target"; run "$target" "${args[@]}" --scenario s3 --updates 20000 --repeats 3
      done
    done
    ;;
  s2)
    for i in $(seq "${PARITY_BENCH_RUNS:-2}"); do
      for target in ${PARITY_BENCH_TARGETS:-parity y-websocket}; do
        args_for "$target"; run "$target" "${args[@]}" --scenario s2 --docs 1000 --duration 30 --sync-timeout 120
      done
    done
    ;;
  scale)
    # Several processes on PostgreSQL and Redis (docs/performance.md, "Scale-out"): S1 at N = 20 and 50 with
    # the clients spread over two processes against one process (both behind the same round-robin proxy,
    # scripts/bench-cluster.ts), taking turns; then S3's cold load from PostgreSQL against SQLite. PostgreSQL
    # (with fsync, as in production) and Redis are started here and stopped at the end.
    services="$(PARITY_SERVICES_DURABLE=1 bash scripts/services.sh start)"
    eval "export ${services//$'\n'/ }"
    trap 'bash scripts/services.sh stop "$PARITY_TEST_SERVICES"' EXIT
    pgenv=(--server-env "PARITY_BENCH_POSTGRES=$PARITY_TEST_POSTGRES")
    for n in 20 50; do
      for i in 1 2; do
        for k in 1 2; do
          parity_with bench-cluster.ts "${pgenv[@]}" --server-env "REDIS_URL=$PARITY_TEST_REDIS" --server-env "PARITY_BENCH_PROCESSES=$k"
          run "parity-pg-${k}proc" "${args[@]}" --scenario s1 --clients "$n" --rate 2 --duration 30
        done
      done
    done
    for i in 1 2; do
      run parity-sqlite "${parity[@]}" --scenario s3 --updates 20000 --repeats 3
      parity_with bench-server.ts "${pgenv[@]}"
      run parity-postgres "${args[@]}" --scenario s3 --updates 20000 --repeats 3
    done
    ;;
  core|full)
    # S1 N=20 three times, the servers taking turns, so that load from elsewhere on the host falls on all.
    for i in 1 2 3; do
      for target in "${targets[@]}"; do args_for "$target"; run "$target" "${args[@]}" --scenario s1 --clients 20 --rate 2 --duration 30; done
    done
    for target in "${targets[@]}"; do
      args_for "$target"
      if [ "$mode" = full ]; then
        run "$target" "${args[@]}" --scenario s1 --clients 100 --rate 2 --duration 30
        run "$target" "${args[@]}" --scenario s2 --docs 200 --duration 30
        run "$target" "${args[@]}" --scenario s2 --docs 1000 --duration 30 --sync-timeout 120
      fi
      run "$target" "${args[@]}" --scenario s3 --updates 20000 --repeats 3
      run "$target-sigterm0" "${args[@]}" --scenario s3 --updates 20000 --repeats 1 --flush-wait 0
    done
    ;;
  *) echo "usage: npm run bench [-- quick|core|s1|s2|s3|scale|full]" >&2; exit 2 ;;
esac
(cd "$harness" && "$NODE" src/report.mjs "$out") > "$out/report.md"
cat "$out/report.md"
echo "bench: results in $out" >&2
