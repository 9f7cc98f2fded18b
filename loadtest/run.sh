#!/usr/bin/env bash
# `make load`: the three roles' journeys under load, over real HTTP on loopback.
#
# A fresh PostgreSQL database (frivillig_load, dropped afterwards) filled with the bench's data
# (loadtest/prepare.py), gunicorn with 4 workers on a free port, a Celery worker, Redis (a database
# number of its own on the machine's Redis), then locust headless: LOAD_USERS users (default 50) spawned
# LOAD_SPAWN a second (10) for LOAD_TIME (2m). Prints per page throughput, median and p95 and the error
# count; fails if any request failed. Everything it starts it stops again; logs and locust's CSV files
# stay in var/load/.
set -euo pipefail
cd "$(dirname "$0")/.."

DB_SERVER="${LOAD_DB_SERVER:-postgres://postgres@127.0.0.1:5432}"
DB_NAME="${LOAD_DB:-frivillig_load}"
REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/6}"
USERS="${LOAD_USERS:-50}"
SPAWN="${LOAD_SPAWN:-10}"
DURATION="${LOAD_TIME:-2m}"
FILL_ARGS="${LOAD_FILL_ARGS:-}"
OUT=var/load
BIN=.venv/bin

mkdir -p "$OUT"
rm -f "$OUT"/load_*.csv "$OUT"/*.log
OUT_ABS="$(cd "$OUT" && pwd)"

export DATABASE_URL="$DB_SERVER/$DB_NAME"
export REDIS_URL
export SECRET_KEY="$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(45))')"
export ALLOWED_HOSTS=127.0.0.1
export VAR_DIR="$OUT_ABS/var" MEDIA_ROOT="$OUT_ABS/media" STATIC_ROOT="$OUT_ABS/static"
export LOG_LEVEL=WARNING
unset DEBUG
mkdir -p "$VAR_DIR" "$MEDIA_ROOT"

psql_server() { PGOPTIONS=--client-min-messages=warning psql "$DB_SERVER/postgres" -q -v ON_ERROR_STOP=1 "$@"; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    psql_server -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" || true
    redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "load: fresh database $DB_NAME, Redis $REDIS_URL"
psql_server -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" -c "CREATE DATABASE $DB_NAME"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py collectstatic --noinput -v0
# shellcheck disable=SC2086
$BIN/python loadtest/prepare.py "$OUT/targets.json" $FILL_ARGS

port="$($BIN/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
$BIN/gunicorn frivillig.wsgi -b "127.0.0.1:$port" -w 4 --timeout 60 \
    --access-logfile "$OUT/access.log" --error-logfile "$OUT/gunicorn.log" &
pids+=($!)
$BIN/celery -A frivillig worker -l warning --concurrency 1 --logfile "$OUT/celery.log" -n "load@%h" &
pids+=($!)
for _ in $(seq 60); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && break
    sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] \
    || { echo "load: gunicorn did not answer on port $port (see $OUT/gunicorn.log)" >&2; exit 1; }

echo "load: gunicorn (4 workers) on 127.0.0.1:$port and a Celery worker; locust: $USERS users for $DURATION"
LOAD_TARGETS="$OUT/targets.json" $BIN/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$SPAWN" \
    -t "$DURATION" --host "http://127.0.0.1:$port" --csv "$OUT/load" --only-summary \
    --loglevel WARNING --exit-code-on-error 0 || true
$BIN/python loadtest/report.py "$OUT/load_stats.csv"
