#!/usr/bin/env bash
# What the audit stream costs on the proxy path, in one run: Portcullis with audit off and with audit on (to an
# in-process Kafka broker on this machine), measured alternately (the order flips each round), five rounds each, medians and ratio.
# Everything on 127.0.0.1, bounded in time. Usage: load-tests/bench-audit.sh [seconds per measurement] [connections]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
work="$(mktemp -d /tmp/portcullis-bench-audit.XXXXXX)"

source "$root/load-tests/lib.sh"
UPSTREAM_PORT=$(free_port)
start_nginx 1 "$UPSTREAM_PORT"
write_rule "$UPSTREAM_PORT"

start_kafka portcullis.audit 3

start_portcullis() { # name audit-enabled: sets <name>_PORT, <name>_METRICS and <name>_PID
  local name=$1 enabled=$2 proxy api metrics
  proxy=$(free_port); api=$(free_port); metrics=$(free_port)
  cat > "$work/$name.yml" <<CONF
serve:
  proxy: {port: $proxy, host: 127.0.0.1}
  api: {port: $api, host: 127.0.0.1}
  prometheus: {port: $metrics, host: 127.0.0.1}
log: {level: warn}
access_rules: {repositories: [file://rules.yml]}
authenticators: {anonymous: {enabled: true}}
authorizers: {allow: {enabled: true}}
mutators: {header: {enabled: true}}
portcullis:
  audit: {enabled: $enabled, bootstrap_servers: "$BOOTSTRAP", spool: {directory: $name-spool}}
CONF
  JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}" \
    "$root/portcullis" serve --config "$work/$name.yml" >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$api/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$proxy/x" -o /dev/null || { cat "$work/$name.log" >&2; exit 1; }
  printf -v "${name^^}_PORT" %s "$proxy"; printf -v "${name^^}_METRICS" %s "$metrics"
  printf -v "${name^^}_PID" %s "$(pgrep -f "portcullis.jar serve --config $work/$name.yml" | head -1)"
}
start_portcullis off false
start_portcullis on true

run() { wrk -t "$cores" -c "$connections" -d "${duration}s" "$1" | awk '/Requests\/sec/ {print $2} /requests in/ {print $1}' | paste -sd' '; }
# The JIT keeps improving the proxy path for about a minute under load; measure the steady state.
warmup="${WARMUP:-60}"
echo "warming up both (${warmup}s each)..." >&2
wrk -t "$cores" -c "$connections" -d "${warmup}s" "http://127.0.0.1:$OFF_PORT/bench" >/dev/null
wrk -t "$cores" -c "$connections" -d "${warmup}s" "http://127.0.0.1:$ON_PORT/bench" >/dev/null
off_runs=(); on_runs=(); off_ticks=0; on_ticks=0; kafka_ticks=0; off_requests=0; on_requests=0
measure_off() {
  local t0 total rps
  t0=$(ticks "$OFF_PID")
  read -r total rps < <(run "http://127.0.0.1:$OFF_PORT/bench"); off_runs+=("$rps"); off_requests=$((off_requests + total))
  off_ticks=$((off_ticks + $(ticks "$OFF_PID") - t0))
}
measure_on() {
  local t0 k0 total rps
  t0=$(ticks "$ON_PID"); k0=$(ticks "$KAFKA_PID")
  read -r total rps < <(run "http://127.0.0.1:$ON_PORT/bench"); on_runs+=("$rps"); on_requests=$((on_requests + total))
  on_ticks=$((on_ticks + $(ticks "$ON_PID") - t0)); kafka_ticks=$((kafka_ticks + $(ticks "$KAFKA_PID") - k0))
}
rounds="${ROUNDS:-5}"
for round in $(seq 1 "$rounds"); do
  # Alternate which goes first, so a machine that speeds up or slows down over the run favours neither.
  if (( round % 2 )); then measure_off; measure_on; else measure_on; measure_off; fi
  echo "round $round: audit off ${off_runs[-1]} req/s, audit on ${on_runs[-1]} req/s" >&2
done
off=$(median "${off_runs[@]}"); on=$(median "${on_runs[@]}")
sleep 2
sent=$(curl -fsS "http://127.0.0.1:$ON_METRICS/metrics" | awk '/portcullis_audit_events_total\{outcome="sent"\}/ {print $2}')
printf '\n%-40s %12s\n' "Portcullis ($cores cores, $connections conns)" "requests/s"
printf '%-40s %12.0f\n' "audit off (median of $rounds)" "$off"
printf '%-40s %12.0f\n' "audit on, Kafka on this machine" "$on"
hz=$(getconf CLK_TCK)
python3 - <<PY
off_cpu = $off_ticks / $hz / $off_requests * 1e6
on_cpu = $on_ticks / $hz / $on_requests * 1e6
kafka_cpu = $kafka_ticks / $hz / $on_requests * 1e6
print(f"throughput with audit on / off: {$on / $off:.2f} (the broker shares these {$cores} cores)")
print(f"Portcullis CPU per request: {off_cpu:.1f} us off, {on_cpu:.1f} us on: audit costs Portcullis {(on_cpu / off_cpu - 1) * 100:.1f}% (target at most 10%)")
print(f"the local Kafka broker used {kafka_cpu:.1f} us of CPU per event; events sent: {float('$sent'):.0f}")
PY
