#!/usr/bin/env bash
# `npm start`: from a fresh clone to the whole stack running locally with readable logs.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_NO_CLOUD=true NX_DAEMON=false
if [ -z "${DATABASE_URL:-}${AMQP_URL:-}${REDIS_URL:-}" ]; then bash scripts/ensure-infra.sh; fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[dev] installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi
exec node -r @swc-node/register scripts/dev.ts
