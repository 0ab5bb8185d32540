#!/usr/bin/env bash
# The cost of tracing on the session path, in one run on 127.0.0.1 (see docs/observability.md#cost):
#   off    no tracing key: no tracer installed
#   1%     tracing.provider otel, sampling_ratio 0.01, OTLP/HTTP to a loopback collector
#   100%   the same at sampling_ratio 1 (every request exported: about ten spans each)
# Three nodes on one PostgreSQL and one broker (revocation feed, so each node's session cache is trusted), each with
# the identity role, cookie_session (warm cache) + allow + header mutator, audit off (bench-audit.sh measures that);
# the collector is an nginx answering 200 to every OTLP POST. Every node gets the same closed Gatling load
# (ProxySessionSimulation, USERS users) in ROUNDS rounds whose order rotates. Prints req/s, p99 and the node's CPU per
# request (medians over rounds) and their ratios to off. Non-zero exit if a Gatling run failed its assertions.
# Usage: load-tests/bench-tracing.sh [seconds per measurement (default 20)] [users (default 64)]
# Environment: WARMUP seconds of load on each node before measuring (30), ROUNDS (3), RUN_WARMUP (5), JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20}"
users="${2:-64}"
warmup="${WARMUP:-30}"
rounds="${ROUNDS:-3}"
run_warmup="${RUN_WARMUP:-5}"
work="$(mktemp -d /tmp/portcullis-bench-tracing.XXXXXX)"
source "$root/load-tests/lib.sh"
hz=$(getconf CLK_TCK)

build_gatling
start_postgres
start_kafka portcullis.revocations 1
UPSTREAM=$(free_port); COLLECTOR=$(free_port)
start_nginx 1 "$UPSTREAM"
run_nginx nginx-collector 1 "  server { listen 127.0.0.1:$COLLECTOR; client_max_body_size 64m;
    location / { default_type application/x-protobuf; return 200 \"\"; } }"

session_rule "$UPSTREAM" > "$work/rules.yml"
variants=(off 1% 100%)
declare -A ratio_of=([1%]=0.01 [100%]=1) node proxy
for v in "${variants[@]}"; do
  p=$(free_port); a=$(free_port); m=$(free_port); pub=$(free_port); adm=$(free_port)
  name="node-${v%\%}"
  { identity_config "$p" "$a" "$m" "$pub" "$adm"; cat <<CONF
    hashers: {argon2: {memory: 1MB, iterations: 1}}
  sessions:
    revocations: {bootstrap_servers: "$BOOTSTRAP"}
access_rules: {repositories: [file://rules.yml]}
authenticators:
  cookie_session:
    enabled: true
    config: {check_session_url: "http://127.0.0.1:$pub/sessions/whoami", preserve_path: true,
      subject_from: identity.id}
authorizers: {allow: {enabled: true}}
mutators: {header: {enabled: true}}
CONF
    [[ $v == off ]] || cat <<CONF
tracing:
  provider: otel
  service_name: portcullis-bench
  providers: {otlp: {server_url: "127.0.0.1:$COLLECTOR", insecure: true, sampling: {sampling_ratio: ${ratio_of[$v]}}}}
CONF
  } > "$work/$name.yml"
  # One node at a time: the first applies the identity migrations.
  serve_node "http://127.0.0.1:$a/health/ready" "$name"
  node[$v]=$NODE_PID; proxy[$v]=$p
  for _ in $(seq 1 100); do
    [[ "$(curl -fsS "http://127.0.0.1:$a/health/ready")" == *'"cache":"trusted"'* ]] && break
    sleep 0.2
  done
  if [[ $v == off ]]; then API=$a; PUBLIC=$pub; ADMIN=$adm; fi
done

echo "creating sessions and warming up each node (${warmup}s)..." >&2
for v in "${variants[@]}"; do
  gatling ProxySessionSimulation warmup -DbaseUrl="http://127.0.0.1:${proxy[$v]}" -Dpath=/session/bench \
    -Dduration="$warmup" -Dsessions=200 -Dp99Ms=60000
done
token="$(head -1 "$work/sessions.txt" | cut -d' ' -f1)"
for v in "${variants[@]}"; do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: ory_kratos_session=$token" \
    "http://127.0.0.1:${proxy[$v]}/session/bench")" == 200 ]] || { echo "check failed: $v: 200 with the session" >&2; exit 1; }
done
[[ -s "$work/nginx-collector-error.log" ]] && cat "$work/nginx-collector-error.log" >&2

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A rps p99 cpu requests
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  for k in 0 1 2; do
    v=${variants[$(( (k + round - 1) % 3 ))]}
    c0=$(ticks "${node[$v]}")
    gatling ProxySessionSimulation "tracing-${v%\%}" -DbaseUrl="http://127.0.0.1:${proxy[$v]}" -Dpath=/session/bench \
      -Dp99Ms=5000 -Dwarmup="$run_warmup"
    read -r total r _ b _ _ <<< "$RESULT"
    rps[$v]+="$r "; p99[$v]+="$b "
    cpu[$v]=$(( ${cpu[$v]:-0} + $(ticks "${node[$v]}") - c0 )); requests[$v]=$(( ${requests[$v]:-0} + total ))
    line+=" $v $r"
  done
  echo "$line req/s" >&2
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

ratio() { python3 -c "print(f'{$1 / max(1e-9, $2):.2f}')"; }
declare -A r99 us
for v in "${variants[@]}"; do
  r99[$v]=$(median ${p99[$v]})
  us[$v]=$(python3 -c "print(f'{${cpu[$v]} / $hz / max(1, ${requests[$v]}) * 1e6:.1f}')")
  rps[$v]=$(median ${rps[$v]})
done
printf '\n%-44s %9s %7s %9s %9s %9s %9s\n' "session path, $users users, ${duration}s x $rounds (medians)" "req/s" \
  "p99 ms" "CPU us" "req/s/off" "p99/off" "CPU/off"
for v in "${variants[@]}"; do
  printf '%-44s %9s %7s %9s %9s %9s %9s\n' "tracing $v" "${rps[$v]}" "${r99[$v]}" "${us[$v]}" \
    "$(ratio "${rps[$v]}" "${rps[off]}")" "$(ratio "${r99[$v]}" "${r99[off]}")" "$(ratio "${us[$v]}" "${us[off]}")"
done
echo "load average (1, 5, 15 min) before measuring: $load_before; after: $load_after ($cores cores, shared by Gatling," \
  "PostgreSQL, the broker, nginx and the nodes: compare the ratios within this run)"
echo "Gatling reports: $results; node logs: $work/node-*.log"
if (( ${#failed_runs[@]} )); then
  echo "Gatling runs that failed their assertions: ${failed_runs[*]}" >&2
  exit 1
fi
