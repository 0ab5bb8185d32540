# Shared by the benchmark scripts: tools, free ports, clean-up, nginx as the upstream, the benchmark rule.
# Expects $work (a fresh directory) to be set by the caller.
need() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }
if ! need nginx || ! need wrk; then
  echo "installing nginx and wrk..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx wrk >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
cores="$(nproc)"

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# start_nginx WORKERS UPSTREAM_PORT [PROXY_PORT]: a fixed small answer on UPSTREAM_PORT (so the measurement is of the
# proxies, not of the service) and, with PROXY_PORT, nginx as a plain keep-alive reverse proxy to it: the baseline.
start_nginx() {
  local workers=$1 upstream=$2 proxy=${3:-}
  mkdir -p "$work/tmp"
  {
    echo "worker_processes $workers; pid $work/nginx.pid; error_log $work/nginx-error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http { access_log off; keepalive_requests 100000;"
    echo "  client_body_temp_path $work/tmp/body; proxy_temp_path $work/tmp/proxy; fastcgi_temp_path $work/tmp/fcgi;"
    echo "  uwsgi_temp_path $work/tmp/uwsgi; scgi_temp_path $work/tmp/scgi;"
    echo "  upstream app { server 127.0.0.1:$upstream; keepalive 256; }"
    echo "  server { listen 127.0.0.1:$upstream; location / { default_type text/plain; return 200 \"ok\\n\"; } }"
    if [[ -n "$proxy" ]]; then
      echo "  server { listen 127.0.0.1:$proxy; location / { proxy_pass http://app; proxy_http_version 1.1;"
      echo "    proxy_set_header Connection \"\"; } }"
    fi
    echo "}"
  } > "$work/nginx.conf"
  "$NGINX" -p "$work" -c "$work/nginx.conf"
}

# write_rule UPSTREAM_PORT: the benchmarked rule, an anonymous authenticator and a header mutator.
write_rule() {
  cat > "$work/rules.yml" <<RULES
- id: bench
  match: {url: "http://<[^/]+>/<.*>", methods: [GET]}
  authenticators: [{handler: anonymous}]
  authorizer: {handler: allow}
  mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
  upstream: {url: "http://127.0.0.1:$1"}
RULES
}
