#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server on 127.0.0.1, with UNHURRIED_TEST_POSTGRES_URL naming it,
# and stops and deletes the server afterwards, whatever the command did. Used by .ci/run; locally:
#   bash Tests/Interop/with-postgres.sh swift test
# Needs PostgreSQL's server programs (Debian: apt-get install postgresql). As root, the server runs as the
# `postgres` user, which refuses to run as root. A fault check may stop and start the server mid-run: its settings
# are in its own configuration file, so `pg_ctl -D "$UNHURRIED_TEST_POSTGRES_DATA" start` (as `$UNHURRIED_TEST_POSTGRES_OWNER`
# when set) brings it back on the same port; UNHURRIED_TEST_POSTGRES_BIN names the directory of pg_ctl.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "with-postgres.sh: no PostgreSQL server programs under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
data=$(mktemp -d /tmp/unhurried-postgres.XXXXXX)
as_owner=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$data"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$data/cluster" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT
"${as_owner[@]}" "$bin/initdb" -D "$data/cluster" -U unhurried --auth=trust -E UTF8 >/dev/null
# fsync off: the data is thrown away, and the tests' commits need not wait for the disk.
printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\nfsync = off\nmax_connections = 300\n" \
  "$port" "$data" >>"$data/cluster/postgresql.conf"
"${as_owner[@]}" "$bin/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w start >/dev/null
"${as_owner[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U unhurried unhurried_test
export UNHURRIED_TEST_POSTGRES_URL="postgres://unhurried@127.0.0.1:$port/unhurried_test?sslmode=disable"
export UNHURRIED_TEST_POSTGRES_DATA="$data/cluster" UNHURRIED_TEST_POSTGRES_BIN="$bin"
export UNHURRIED_TEST_POSTGRES_OWNER="${as_owner[*]:+postgres}"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for this run"
"$@"
