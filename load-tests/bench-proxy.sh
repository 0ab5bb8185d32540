#!/usr/bin/env bash
# Proxy-path benchmark, all on 127.0.0.1, bounded in time. Prints in one run:
#   upstream direct | nginx as a plain reverse proxy | Portcullis (anonymous rule + header mutator) | ratio vs nginx
# Usage: load-tests/bench-proxy.sh [seconds per measurement (default 15)] [connections (default 64)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
work="$(mktemp -d /tmp/portcullis-bench.XXXXXX)"

source "$root/load-tests/lib.sh"
UPSTREAM_PORT=$(free_port); NGINX_PORT=$(free_port); PROXY_PORT=$(free_port); API_PORT=$(free_port); METRICS_PORT=$(free_port)
start_nginx "$cores" "$UPSTREAM_PORT" "$NGINX_PORT"
write_rule "$UPSTREAM_PORT"
cat > "$work/portcullis.yml" <<CONF
serve:
  proxy: {port: $PROXY_PORT, host: 127.0.0.1}
  api: {port: $API_PORT, host: 127.0.0.1}
  prometheus: {port: $METRICS_PORT, host: 127.0.0.1}
log: {level: warn}
access_rules: {repositories: [file://rules.yml]}
authenticators: {anonymous: {enabled: true}}
authorizers: {allow: {enabled: true}}
mutators: {header: {enabled: true}}
CONF
serve_node "http://127.0.0.1:$API_PORT/health/ready"
curl -fsS "http://127.0.0.1:$PROXY_PORT/bench" -o /dev/null || { cat "$work/portcullis.log"; exit 1; }

run() { # url -> requests/second, p99, total requests
  wrk -t "$cores" -c "$connections" -d "${duration}s" --latency "$1" > "$work/wrk.out"
  local rps p99 total
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.out")
  total=$(awk '/requests in/ {print $1}' "$work/wrk.out")
  echo "$rps $p99 $total"
}
java_pid() { pgrep -f "portcullis.jar serve --config $work/portcullis.yml" | head -1; }


# The JIT keeps improving the proxy path for about a minute under load; measure the steady state.
warmup="${WARMUP:-60}"
echo "warming up the JVM (${warmup}s)..." >&2
wrk -t "$cores" -c "$connections" -d "${warmup}s" "http://127.0.0.1:$PROXY_PORT/bench" >/dev/null

read -r direct direct_p99 _ < <(run "http://127.0.0.1:$UPSTREAM_PORT/bench")
# nginx and Portcullis alternate, three rounds each, so drift on a shared machine hits both alike.
nginx_runs=(); portcullis_runs=(); nginx_p99s=(); portcullis_p99s=()
pid=$(java_pid); used_ticks=0; requests=0
for round in 1 2 3; do
  read -r rps p99 total < <(run "http://127.0.0.1:$NGINX_PORT/bench"); nginx_runs+=("$rps"); nginx_p99s+=("$p99")
  before=$(ticks "$pid")
  read -r rps p99 total < <(run "http://127.0.0.1:$PROXY_PORT/bench"); portcullis_runs+=("$rps"); portcullis_p99s+=("$p99")
  used_ticks=$((used_ticks + $(ticks "$pid") - before)); requests=$((requests + total))
  echo "round $round: nginx ${nginx_runs[-1]} req/s, Portcullis ${portcullis_runs[-1]} req/s" >&2
done
nginx=$(median "${nginx_runs[@]}"); portcullis=$(median "${portcullis_runs[@]}")

printf '\n%-44s %12s %10s\n' "target ($cores cores, $connections connections, ${duration}s x 3)" "requests/s" "p99"
printf '%-44s %12.0f %10s\n' "upstream direct" "$direct" "$direct_p99"
printf '%-44s %12.0f %10s\n' "nginx reverse proxy (baseline, median)" "$nginx" "${nginx_p99s[1]}"
printf '%-44s %12.0f %10s\n' "Portcullis: anonymous + header (median)" "$portcullis" "${portcullis_p99s[1]}"
ratio=$(python3 -c "print(f'{$portcullis/$nginx:.2f}')")
echo "ratio Portcullis / nginx: $ratio (target at least 0.8)"
python3 -c "print(f'Portcullis CPU per proxied request: {$used_ticks / $(getconf CLK_TCK) / $requests * 1e6:.1f} us')"
