#!/usr/bin/env bash
# Makes sure the local PostgreSQL, Redis and RabbitMQ answer, starting any that is down.
# Used by `npm start` (scripts/dev.sh) and CI (.ci/run). Skipped when the URLs point elsewhere.
set -euo pipefail

log() { printf '[infra] %s\n' "$*"; }

pg_up() { pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
rabbit_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && rabbitmqctl -q status >/dev/null 2>&1; }

wait_for() {
  local name=$1 check=$2 tries=${3:-60}
  for _ in $(seq "$tries"); do
    if $check; then log "$name is up"; return 0; fi
    sleep 1
  done
  log "$name did not come up"; return 1
}

if ! pg_up; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
wait_for PostgreSQL pg_up

if ! redis_up; then
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis redis_up

if ! rabbit_up; then
  log "starting RabbitMQ"
  # A node whose app was stopped (rabbitmqctl stop_app) only needs start_app; a dead node needs the server.
  if rabbitmqctl -q status >/dev/null 2>&1; then rabbitmqctl start_app >/dev/null; else rabbitmq-server -detached; fi
fi
wait_for RabbitMQ rabbit_up 120
rabbitmqctl await_startup >/dev/null 2>&1 || true
