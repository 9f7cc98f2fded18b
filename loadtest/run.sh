#!/usr/bin/env bash
# `make load`: the three roles' journeys under load, over real HTTP on loopback.
#
# A fresh PostgreSQL database (frivillig_load, dropped afterwards) filled with the bench's data
# (loadtest/prepare.py), gunicorn on a free port writing each request's duration to its access log, a
# Celery worker, Redis (a database number of its own on the machine's Redis), then locust headless.
#
# LOAD_MODE=steady (default): LOAD_USERS users (200) arrive LOAD_SPAWN a second (1) and think 10-30 s
# between pages, for LOAD_TIME (10m), beside a probe user asking for /healthz twice a second. Prints per
# page the client's median and p95, the server's (from the access log) and the p95's ratio to the
# probe's; fails if any request failed.
# LOAD_MODE=capacity: users are added step by step (think 1-3 s) until the probe's p95 passes 100 ms;
# prints the pages per second reached then.
#
# Everything it starts it stops again; logs and locust's CSV files stay in var/load/.
set -euo pipefail
cd "$(dirname "$0")/.."

DB_SERVER="${LOAD_DB_SERVER:-postgres://postgres@127.0.0.1:5432}"
DB_NAME="${LOAD_DB:-frivillig_load}"
REDIS_URL="${LOAD_REDIS_URL:-redis://127.0.0.1:6379/6}"
MODE="${LOAD_MODE:-steady}"
USERS="${LOAD_USERS:-200}"
SPAWN="${LOAD_SPAWN:-1}"
DURATION="${LOAD_TIME:-10m}"
# Sync workers, 2 per CPU and one more (gunicorn's advice): a worker waiting on PostgreSQL leaves its CPU
# to another.
WORKERS="${LOAD_WORKERS:-$(( 2 * $(nproc) + 1 ))}"
FILL_ARGS="${LOAD_FILL_ARGS:-}"
OUT=var/load
BIN=.venv/bin

mkdir -p "$OUT"
rm -f "$OUT"/load_*.csv "$OUT"/*.log "$OUT"/client_times.json
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
# The access log: the request line, the status, the time the server took in microseconds, the page's
# label (the X-Load-Label header locust sends) and when it came (the report splits the run at the last
# login).
$BIN/gunicorn frivillig.wsgi -b "127.0.0.1:$port" -w "$WORKERS" --timeout 60 \
    --access-logfile "$OUT/access.log" --access-logformat '"%(r)s" %(s)s %(D)s "%({x-load-label}i)s" %(t)s' \
    --error-logfile "$OUT/gunicorn.log" &
pids+=($!)
$BIN/celery -A frivillig worker -l warning --concurrency 1 --logfile "$OUT/celery.log" -n "load@%h" &
pids+=($!)
for _ in $(seq 60); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] && break
    sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ] \
    || { echo "load: gunicorn did not answer on port $port (see $OUT/gunicorn.log)" >&2; exit 1; }

cpus="$(nproc)"
if [ "$MODE" = capacity ]; then
    echo "load: gunicorn ($WORKERS workers, $cpus CPUs) on 127.0.0.1:$port; locust: users added until the probe's p95 passes ${LOAD_PROBE_LIMIT_MS:-100} ms"
    rm -f "$OUT/capacity.json"
    LOAD_TARGETS="$OUT/targets.json" LOAD_MODE=capacity LOAD_CAPACITY_OUT="$OUT/capacity.json" \
    LOAD_THINK_MIN="${LOAD_THINK_MIN:-1}" LOAD_THINK_MAX="${LOAD_THINK_MAX:-3}" \
        $BIN/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$port" \
        --csv "$OUT/load" --only-summary --loglevel WARNING --exit-code-on-error 0 || true
    $BIN/python loadtest/report.py --capacity "$OUT/capacity.json" --cpus "$cpus" --workers "$WORKERS"
else
    echo "load: gunicorn ($WORKERS workers, $cpus CPUs) on 127.0.0.1:$port and a Celery worker; locust: $USERS users arriving $SPAWN a second for $DURATION"
    LOAD_TARGETS="$OUT/targets.json" LOAD_CLIENT_TIMES="$OUT/client_times.json" \
        $BIN/locust -f loadtest/locustfile.py --headless -u "$USERS" -r "$SPAWN" \
        -t "$DURATION" --host "http://127.0.0.1:$port" --csv "$OUT/load" --only-summary \
        --loglevel WARNING --exit-code-on-error 0 || true
    $BIN/python loadtest/report.py "$OUT/load_stats.csv" --access-log "$OUT/access.log" \
        --client-times "$OUT/client_times.json" \
        --cpus "$cpus" --workers "$WORKERS"
fi
