#!/usr/bin/env bash
# Starts a PostgreSQL and a Redis server for the tests, each in a temporary folder on a free loopback port, and
# prints the two lines to export (PARITY_TEST_POSTGRES, PARITY_TEST_REDIS) and the folder; `stop <folder>` stops
# both and removes it. Debian's packages: the PostgreSQL server runs as the `postgres` user the package
# creates when this runs as root (as CI does), as the caller otherwise.
# Usage: bash scripts/services.sh start | stop <folder>
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
	dir="$(mktemp -d /tmp/parity-services-XXXXXX)"
	chmod 755 "$dir"
	mkdir "$dir/pg"
	[ "$(id -u)" -ne 0 ] || chown postgres "$dir/pg"
	bin="$(pg_bin)"
	pg_port="$(free_port)"
	as_owner "$bin/initdb" -D "$dir/pg/data" -A trust -U postgres --no-sync >"$dir/pg-init.log" 2>&1
	# fsync off for the tests: a cluster thrown away at the end (a Parity process killed with -9 loses nothing
	# either way: PostgreSQL has the committed row). PARITY_SERVICES_DURABLE=1 (the benchmarks) keeps fsync on.
	sync="-c fsync=off"
	[ -z "${PARITY_SERVICES_DURABLE:-}" ] || sync=""
	as_owner "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/log" -w -o \
		"-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 $sync -c max_connections=300" start >/dev/null
	redis_port="$(free_port)"
	redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir" --save '' --appendonly no \
		--daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
	echo "PARITY_TEST_POSTGRES=postgres://postgres@127.0.0.1:$pg_port/postgres"
	echo "PARITY_TEST_REDIS=redis://127.0.0.1:$redis_port"
	echo "PARITY_TEST_SERVICES=$dir"
	;;
stop)
	dir="$2"
	[ -d "$dir" ] || exit 0
	as_owner "$(pg_bin)/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1 || true
	[ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
	rm -rf "$dir"
	;;
*) echo "usage: scripts/services.sh start | stop <folder>" >&2; exit 2 ;;
esac
