#!/usr/bin/env bash
# Runs a command (the test suite) with a throwaway PostgreSQL server on
# loopback, named by LEAKHOUND_TEST_POSTGRES, and removes the server after.
#
#   scripts/postgres-test.sh go test ./...
#
# Installs Debian's postgresql when its binaries are missing. When it cannot
# (no apt, no network), the command still runs, without the variable, and
# the PostgreSQL tests skip with a NOTICE. An already set
# LEAKHOUND_TEST_POSTGRES is used as it is.
set -uo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 COMMAND [ARG...]" >&2
	exit 2
fi
if [ -n "${LEAKHOUND_TEST_POSTGRES:-}" ]; then
	exec "$@"
fi

find_bin() {
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
			echo "$d"
			return 0
		fi
	done
	if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
		dirname "$(command -v pg_ctl)"
		return 0
	fi
	return 1
}

bin=$(find_bin)
if [ -z "$bin" ]; then
	echo "installing postgresql (Debian package) for the store tests" >&2
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null; }; then
		echo "NOTICE: could not install postgresql with apt-get: PostgreSQL tests will be skipped" >&2
		exec "$@"
	fi
	bin=$(find_bin) || { echo "NOTICE: postgresql installed but pg_ctl not found: PostgreSQL tests will be skipped" >&2; exec "$@"; }
fi

# PostgreSQL refuses to run as root: run the server as the postgres user
# (created by the Debian package) when we are root.
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
	if ! id postgres >/dev/null 2>&1; then
		echo "NOTICE: running as root and no postgres user exists: PostgreSQL tests will be skipped" >&2
		exec "$@"
	fi
	if command -v runuser >/dev/null 2>&1; then
		as_pg() { runuser -u postgres -- "$@"; }
	else
		as_pg() { su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; }
	fi
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/leakhound-pg.XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres "$dir"

# A free port: the first of a few random candidates that nothing answers on.
port=
for _ in $(seq 1 50); do
	candidate=$((20000 + RANDOM % 30000))
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
		port=$candidate
		break
	fi
done
if [ -z "$port" ]; then
	rm -rf "$dir"
	echo "NOTICE: no free port found: PostgreSQL tests will be skipped" >&2
	exec "$@"
fi

cleanup() {
	as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Durability settings off: the cluster lives for one test run.
if ! as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log" >&2
	echo "NOTICE: initdb failed: PostgreSQL tests will be skipped" >&2
	"$@"
	exit $?
fi
if ! as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
	-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
	start >/dev/null; then
	cat "$dir/server.log" >&2
	echo "NOTICE: PostgreSQL did not start: PostgreSQL tests will be skipped" >&2
	"$@"
	exit $?
fi

export LEAKHOUND_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$port" >&2
"$@"
