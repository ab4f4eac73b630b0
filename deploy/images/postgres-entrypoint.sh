#!/bin/sh
# The PostgreSQL stand-in's entrypoint: on an empty $PGDATA, what the official image's does (a cluster
# whose superuser is $POSTGRES_USER with $POSTGRES_PASSWORD, password authentication from the network,
# $POSTGRES_DB created, then /docker-entrypoint-initdb.d/*.sql run once); then the server.
set -eu
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  user="${POSTGRES_USER:-postgres}"
  password_file=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" > "$password_file"
  initdb --username="$user" --pwfile="$password_file" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 > /dev/null
  rm -f "$password_file"
  printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start > /dev/null
  database="${POSTGRES_DB:-$user}"
  if [ "$database" != postgres ]; then
    psql -v ON_ERROR_STOP=1 --username="$user" --dbname=postgres -c "CREATE DATABASE \"$database\""
  fi
  for script in /docker-entrypoint-initdb.d/*.sql; do
    [ -e "$script" ] || continue
    echo "running $script"
    psql -v ON_ERROR_STOP=1 --username="$user" --dbname="$database" -f "$script"
  done
  pg_ctl -D "$PGDATA" -m fast -w stop > /dev/null
fi
exec "$@"
