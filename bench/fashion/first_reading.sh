#!/usr/bin/env bash
# Seconds from start to the first NDB/K reading on /metrics, and to the end, for the short fashion run the issue
# names (cached classifier and bins are used when present; CACHE=fresh starts from an empty cache):
#   bench/fashion/first_reading.sh            # demo --dataset fashion --iterations 400 --every 200
# Prints the machine's load before and after: compare timings only from a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/modewatch-cli.jar}
PORT=${PORT:-9477}
W=bench/fashion/work/first
mkdir -p "$W"
cache_args=()
if [ "${CACHE:-}" = fresh ]; then rm -rf "$W/cache"; cache_args=(--cache "$W/cache"); fi
echo "start: $(uptime)"
start=$(date +%s.%N)
java -jar "$JAR" demo --dataset fashion --iterations 400 --every 200 --port "$PORT" --hold 0 --quiet \
  --report "$W/report" "${cache_args[@]}" > "$W/run.log" 2>&1 &
pid=$!
until curl -s "http://127.0.0.1:$PORT/metrics" 2>/dev/null | grep -q '^modewatch_ndb_fraction{.*} [0-9]'; do
  kill -0 "$pid" 2>/dev/null || { echo "the demo ended before a reading; see $W/run.log"; exit 1; }
  sleep 0.5
done
first=$(date +%s.%N)
wait "$pid"
end=$(date +%s.%N)
awk -v s="$start" -v f="$first" -v e="$end" \
  'BEGIN { printf "first NDB/K on /metrics after %.1f s; run finished after %.1f s\n", f - s, e - s }'
echo "end: $(uptime)"
