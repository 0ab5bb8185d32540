#!/usr/bin/env bash
# Session-check benchmark, all on 127.0.0.1, bounded in time: PostgreSQL, nginx (a fixed small answer as the upstream,
# and a plain reverse proxy to it as the baseline) and two Portcullis nodes with the identity role on the same database:
#   warm  - node A, the session cache in use (trusted: the identity role runs on the node, no Kafka feed configured)
#   cold  - node B, the same config with portcullis.sessions.cache.enabled: false: every request reads PostgreSQL
# Rules on both: /cookie/... cookie_session (check_session_url = the node's whoami) + allow + header mutator (X-User),
# /anon/... anonymous + noop. Measures, alternating in rounds: cookie warm (A), cookie cold (B), anonymous (A), nginx,
# and prints the medians (requests/s, p50, p99) and the ratios warm/nginx (target >= 0.8), cold/nginx, anon/nginx,
# warm/cold. Every request carries the same Cookie header (one logged-in session), to every target.
# Usage: load-tests/bench-sessions.sh [seconds per measurement (default 15)] [connections (default 64)]
# Environment: WARMUP seconds of load on each node before measuring (60), ROUNDS (3), PG_BIN, JAVA_OPTS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
warmup="${WARMUP:-60}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d /tmp/portcullis-bench-sessions.XXXXXX)"

source "$root/load-tests/lib.sh"
start_postgres
UPSTREAM_PORT=$(free_port); NGINX_PORT=$(free_port)
start_nginx "$cores" "$UPSTREAM_PORT" "$NGINX_PORT"

cat > "$work/rules.yml" <<RULES
- id: cookie
  match: {url: "http://<[^/]+>/cookie/<.*>", methods: [GET]}
  authenticators: [{handler: cookie_session}]
  authorizer: {handler: allow}
  mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
  upstream: {url: "http://127.0.0.1:$UPSTREAM_PORT"}
- id: anon
  match: {url: "http://<[^/]+>/anon/<.*>", methods: [GET]}
  authenticators: [{handler: anonymous}]
  authorizer: {handler: allow}
  mutators: [{handler: noop}]
  upstream: {url: "http://127.0.0.1:$UPSTREAM_PORT"}
RULES

# node NAME CACHE_ENABLED: writes $work/NAME.yml on free ports and starts it; sets NAME_{PROXY,API,METRICS,PUBLIC,ADMIN}
# and NAME_PID. Both nodes run the identity role on the same database (fast argon2id: only a few logins are needed).
"$root/portcullis" --version >/dev/null   # builds the jar on first use
start_node() {
  local name=$1 cache=$2 proxy api metrics public admin
  proxy=$(free_port); api=$(free_port); metrics=$(free_port); public=$(free_port); admin=$(free_port)
  { identity_config "$proxy" "$api" "$metrics" "$public" "$admin"; cat <<CONF
    hashers: {argon2: {memory: 1MB, iterations: 1}}
  sessions:
    cache: {enabled: $cache}
access_rules: {repositories: [file://rules.yml]}
authenticators:
  anonymous: {enabled: true}
  cookie_session:
    enabled: true
    config: {check_session_url: "http://127.0.0.1:$public/sessions/whoami", preserve_path: true,
      subject_from: identity.id, extra_from: identity.traits}
authorizers: {allow: {enabled: true}}
mutators: {noop: {enabled: true}, header: {enabled: true}}
CONF
  } > "$work/$name.yml"
  JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}" \
    "$root/portcullis" serve --config "$work/$name.yml" >"$work/$name.log" 2>&1 &
  pids+=($!)
  printf -v "${name}_PROXY" %s "$proxy"; printf -v "${name}_API" %s "$api"; printf -v "${name}_METRICS" %s "$metrics"
  printf -v "${name}_PUBLIC" %s "$public"; printf -v "${name}_ADMIN" %s "$admin"
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$api/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fsS "http://127.0.0.1:$admin/admin/health/ready" -o /dev/null \
    && curl -fsS "http://127.0.0.1:$api/health/ready" -o /dev/null || { cat "$work/$name.log" >&2; exit 1; }
}
# One after the other: the first applies the identity schema, the second finds it there.
start_node A true
start_node B false
java_pid() { pgrep -f "portcullis.jar serve --config $work/$1.yml" | head -1; }
A_PID=$(java_pid A); B_PID=$(java_pid B)

mkdir -p "$work/classes"
javac -d "$work/classes" "$root/load-tests/identity/IdentityDriver.java"
echo "creating an identity (admin API on node A) and logging it in (API flow)..." >&2
java -Xmx256m -cp "$work/classes" IdentityDriver setup "http://127.0.0.1:$A_ADMIN" "http://127.0.0.1:$A_PUBLIC" 1 1 \
  "$work/tokens.txt"
COOKIE="Cookie: ory_kratos_session=$(head -1 "$work/tokens.txt")"

metric() { # metrics-port metric-name -> value (0 when absent)
  curl -fsS "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m || index($1, m "{") == 1 {v = $NF} END {printf "%.0f\n", v}'
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
fail() { echo "check failed: $*" >&2; exit 1; }

# The checks: a logged-in cookie passes on both nodes, a forged one does not, A's cache is trusted and hit, B's is not used.
[[ "$(curl -fsS "http://127.0.0.1:$A_API/health/ready")" == *'"sessions":{"cache":"trusted"}'* ]] \
  || fail "node A's session cache is not trusted: $(curl -sS "http://127.0.0.1:$A_API/health/ready")"
# A disabled cache is not reported at all (no "sessions" in /health/ready), and counts neither hits nor misses.
[[ "$(curl -fsS "http://127.0.0.1:$B_API/health/ready")" != *'"sessions"'* ]] \
  || fail "node B's session cache is not disabled: $(curl -sS "http://127.0.0.1:$B_API/health/ready")"
for n in A B; do
  p="${n}_PROXY"
  [[ "$(status -H "$COOKIE" "http://127.0.0.1:${!p}/cookie/")" == 200 ]] || fail "node $n: /cookie/ with the session"
  [[ "$(status -H "Cookie: ory_kratos_session=forged" "http://127.0.0.1:${!p}/cookie/")" == 401 ]] \
    || fail "node $n: /cookie/ with a forged session is not 401"
  [[ "$(status "http://127.0.0.1:${!p}/anon/")" == 200 ]] || fail "node $n: /anon/"
done
hits=$(metric "$A_METRICS" portcullis_session_cache_hits_total)
curl -fsS -H "$COOKIE" "http://127.0.0.1:$A_PROXY/cookie/" -o /dev/null
(( $(metric "$A_METRICS" portcullis_session_cache_hits_total) > hits )) || fail "node A: no cache hit"
[[ "$(status -H "$COOKIE" "http://127.0.0.1:$NGINX_PORT/cookie/")" == 200 ]] || fail "nginx"
echo "checks passed: /cookie/ 200 with the session and 401 forged on both nodes; node A's cache trusted and hit, node B's disabled" >&2

# wrk latencies come as 812.00us, 1.23ms, 1.05s: in ms.
load() { wrk -t "$cores" -c "$connections" -d "$1s" --latency -H "$COOKIE" "$2" > "$work/wrk.out"; }
run() { # url -> requests/s p50 p99 (ms) requests non-2xx
  load "$duration" "$1"
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")" \
    "$(ms "$(awk '$1=="50%" {print $2}' "$work/wrk.out")") $(ms "$(awk '$1=="99%" {print $2}' "$work/wrk.out")")" \
    "$(awk '/requests in/ {print $1}' "$work/wrk.out")" \
    "$(awk '/Non-2xx/ {print $5}' "$work/wrk.out" | grep . || echo 0)"
}
psql_bin="$(dirname "$PG_CTL")/psql"
pg_xacts() { # committed transactions so far (backends report them about once a second), or empty without psql
  [[ -x "$psql_bin" ]] || psql_bin="$(command -v psql || true)"
  [[ -n "$psql_bin" ]] || return 0
  "$psql_bin" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc \
    "select xact_commit from pg_stat_database where datname = 'postgres'" 2>/dev/null || true
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# The JIT keeps improving the request path for about a minute under load; measure the steady state of both nodes.
echo "warming up (${warmup}s on node A, cookie and anonymous; ${warmup}s on node B, cookie)..." >&2
load $((warmup / 2)) "http://127.0.0.1:$A_PROXY/cookie/"
load $((warmup - warmup / 2)) "http://127.0.0.1:$A_PROXY/anon/"
load "$warmup" "http://127.0.0.1:$B_PROXY/cookie/"

targets=(warm cold anon nginx)
declare -A url=([warm]="http://127.0.0.1:$A_PROXY/cookie/bench" [cold]="http://127.0.0.1:$B_PROXY/cookie/bench"
  [anon]="http://127.0.0.1:$A_PROXY/anon/bench" [nginx]="http://127.0.0.1:$NGINX_PORT/cookie/bench")
declare -A rps p50 p99 requests=([warm]=0 [cold]=0 [anon]=0) cpu=([warm]=0 [cold]=0 [anon]=0)
declare -A pid_of=([warm]="$A_PID" [cold]="$B_PID" [anon]="$A_PID")
bad=0
a_hits=$(metric "$A_METRICS" portcullis_session_cache_hits_total)
a_misses=$(metric "$A_METRICS" portcullis_session_cache_misses_total)
x0=$(pg_xacts)
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  # Rotate the order each round, so no target always follows the same one.
  for k in $(seq 0 3); do
    t=${targets[$(( (k + round - 1) % 4 ))]}
    [[ "$t" != nginx ]] && c0=$(ticks "${pid_of[$t]}")
    read -r r a b total n < <(run "${url[$t]}")
    rps[$t]+="$r "; p50[$t]+="$a "; p99[$t]+="$b "; bad=$((bad + n))
    if [[ "$t" != nginx ]]; then # the node's CPU (user + system) per request: less sensitive to the neighbours
      requests[$t]=$((requests[$t] + total)); cpu[$t]=$((cpu[$t] + $(ticks "${pid_of[$t]}") - c0))
    fi
    line+=" $t $(printf '%.0f' "$r")"
  done
  echo "$line req/s" >&2
done
a_hits=$(( $(metric "$A_METRICS" portcullis_session_cache_hits_total) - a_hits ))
a_misses=$(( $(metric "$A_METRICS" portcullis_session_cache_misses_total) - a_misses ))
sleep 1.5; x1=$(pg_xacts); cold_xacts=""; [[ -n "$x0" && -n "$x1" ]] && cold_xacts=$((x1 - x0))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

med() { median $1; }
declare -A label=(
  [warm]="Portcullis cookie_session, cache warm (node A)"
  [cold]="Portcullis cookie_session, cache disabled: PostgreSQL (node B)"
  [anon]="Portcullis anonymous + noop (node A)"
  [nginx]="nginx reverse proxy (baseline)")
pg_version="$("$(dirname "$PG_CTL")/postgres" --version | awk '{print $3}')"
printf '\n%-64s %10s %8s %8s\n' "target ($cores cores, $connections connections, ${duration}s x $rounds, medians)" \
  "requests/s" "p50 ms" "p99 ms"
for t in warm cold anon nginx; do
  printf '%-64s %10.0f %8s %8s\n' "${label[$t]}" "$(med "${rps[$t]}")" "$(med "${p50[$t]}")" "$(med "${p99[$t]}")"
done
ratio() { python3 -c "print(f'{$(med "${rps[$1]}") / $(med "${rps[$2]}"):.2f}')"; }
echo "ratios: warm/nginx $(ratio warm nginx) (target at least 0.8), cold/nginx $(ratio cold nginx)," \
  "anonymous/nginx $(ratio anon nginx), warm/cold $(ratio warm cold)"
# The same ratio round by round (each pair measured minutes apart at most): how much the shared machine drifted.
echo "warm/nginx round by round: $(python3 -c "w='${rps[warm]}'.split(); n='${rps[nginx]}'.split()
print(', '.join(f'{float(a) / float(b):.2f}' for a, b in zip(w, n)))")"
us() { python3 -c "print(f'{${cpu[$1]} / $(getconf CLK_TCK) / max(1, ${requests[$1]}) * 1e6:.0f}')"; }
echo "Portcullis CPU per request: cookie, cache warm $(us warm) us; cookie, cache disabled $(us cold) us" \
  "(PostgreSQL $pg_version not counted, on the same cores); anonymous $(us anon) us"
echo "node A session cache during the rounds: $a_hits hits, $a_misses misses;" \
  "node B: cache disabled, ${requests[cold]} requests${cold_xacts:+; PostgreSQL transactions committed during the rounds: $cold_xacts}"
echo "answers other than 2xx: $bad"
echo "load average (1, 5, 15 min) before measuring: $load_before; after: $load_after" \
  "(above $cores, other work shared these cores: p99s suffer first)"
[[ "$bad" == 0 ]] || { echo "errors during the run: see $work/A.log, $work/B.log" >&2; exit 1; }
