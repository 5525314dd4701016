#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) answer; install and start them when
# they do not. The test suite connects as postgres/postgres over TCP.
set -euo pipefail
here=$(dirname "$0")

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 0.5; done
  echo "Port $1 did not open" >&2
  return 1
}

if ! port_open 5432; then
  echo "Starting PostgreSQL"
  "$here/system-deps.sh" postgresql postgresql-contrib
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main
  fi
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port 5432
  # A fresh Debian cluster asks for passwords on TCP: give the postgres role the one tests use.
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
fi

if ! port_open 6379; then
  echo "Starting Redis"
  "$here/system-deps.sh" redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_port 6379
fi
