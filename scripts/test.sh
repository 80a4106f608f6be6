#!/usr/bin/env bash
# `npm test`: unit and integration suites in parallel, then the end-to-end suites one at a time
# (the broker-restart suite stops RabbitMQ, so nothing else may run beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_NO_CLOUD=true NX_DAEMON=false
npx jest --selectProjects unit integration --maxWorkers="${JEST_WORKERS:-2}" "$@"
npx jest --selectProjects e2e --runInBand "$@"
