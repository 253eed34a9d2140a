# Sourced by scripts/test.sh: a throwaway PostgreSQL cluster on a free loopback
# port, in a temporary folder owned by the unprivileged `postgres` user
# (initdb and postgres refuse to run as root, and CI runs as root).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

pg_free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  PG_DIR=$(mktemp -d /tmp/ams-pg.XXXXXX)
  PG_PORT=$(pg_free_port)
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi
  pg_as "$pg_bin/initdb" -D "$PG_DIR/data" -U ams -A trust --no-sync >"$PG_DIR/initdb.log" 2>&1
  pg_as "$pg_bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
  PG_URL="postgresql://ams@127.0.0.1:$PG_PORT/postgres"
  echo "test PostgreSQL on 127.0.0.1:$PG_PORT"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_as "$pg_bin/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
