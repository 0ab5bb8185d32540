#!/usr/bin/env bash
# The proxy path against nginx with Gatling, all on 127.0.0.1, in one run (see docs/performance.md):
#   direct        the upstream itself (an nginx answering "ok", one worker)
#   nginx         nginx as a plain reverse proxy (worker_processes = cores, keep-alive to the upstream)
#   auth_request  nginx with auth_request to Portcullis /decisions (cookie_session + allow + header), X-User copied
#   anonymous     Portcullis as the proxy, anonymous rule + header mutator
#   session       Portcullis as the proxy, cookie_session (warm cache) + allow + header mutator, audit on
# Portcullis is one node with the identity role (PostgreSQL on this machine), audit on to the embedded Kafka broker.
# Every target gets the same Gatling load (ProxySessionSimulation: the same cookie on every request): a closed model
# (USERS users) in ROUNDS rounds whose order rotates, then an open model (fixed arrival rate) at half the lowest
# measured maximum. Then an edge node (proxy only, sessions over HTTP from the first node, revocations from Kafka):
# time to ready, and resident memory under load with CACHED sessions in its cache. Then the other simulations once
# (denied, /decisions, login + whoami, revocations under traffic) so every simulation is shown to run green.
# Prints one table. Exits non-zero if any Gatling run failed its assertions or a check failed.
# Usage: load-tests/bench-gatling.sh [seconds per measurement (default 20)] [users (default 64)]
# Environment: WARMUP seconds of load on Portcullis before measuring (60), ROUNDS (3), CACHED (100000),
#   RUN_WARMUP seconds of unmeasured load at the start of every Gatling run (5: Gatling's own JIT),
#   JAVA_OPTS (the Portcullis node), EDGE_JAVA_OPTS (the edge node; default: the edge Deployment's),
#   JFR=1 (record the session path during round 1),
#   PROFILE=1 (async-profiler, CPU samples with kernel frames, on the node during the last round's session run: collapsed
#   stacks in the work directory),
#   ONLY=edge (only the edge node: its start, cache fill and memory; a few minutes instead of the whole bench),
#   ONLY="nginx session" (measure only those targets, closed model only: a quick iteration loop for tuning; the table
#   and the target ratios it can give, nothing after the closed rounds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-20}"
users="${2:-64}"
warmup="${WARMUP:-60}"
rounds="${ROUNDS:-3}"
run_warmup="${RUN_WARMUP:-5}"
cached="${CACHED:-100000}"
# The edge's JVM flags default to what the edge Deployment ships (its JAVA_TOOL_OPTIONS).
edge_java_opts="${EDGE_JAVA_OPTS:-$(awk '/name: JAVA_TOOL_OPTIONS/ {getline; sub(/^ *value: "/, ""); sub(/"$/, "");
  print}' "$root/deploy/kubernetes/base/deployment-edge.yaml")}"
work="$(mktemp -d /tmp/portcullis-bench-gatling.XXXXXX)"
source "$root/load-tests/lib.sh"
hz=$(getconf CLK_TCK)
fail() { echo "check failed: $*" >&2; exit 1; }
problems=()
problem() { echo "check failed: $*" >&2; problems+=("$*"); }

build_gatling
if [[ "${PROFILE:-}" == 1 ]]; then
  # async-profiler's agent comes in its Maven Central jar (linux-x64 inside); loaded into the running node by jcmd.
  (cd "$root" && ./mvnw -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:3.0 -DoutputDirectory="$work" >&2)
  unzip -q -o "$work/async-profiler-3.0.jar" linux-x64/libasyncProfiler.so -d "$work"
fi

start_postgres
start_kafka portcullis.audit 3
UPSTREAM=$(free_port); PLAIN=$(free_port); AUTH=$(free_port)
PROXY=$(free_port); API=$(free_port); METRICS=$(free_port); PUBLIC=$(free_port); ADMIN=$(free_port)
start_nginx 1 "$UPSTREAM"

{ session_rule "$UPSTREAM"; cat <<RULES
- id: anonymous
  match: {url: "http://<[^/]+>/anonymous/<.*>", methods: [GET]}
  authenticators: [{handler: anonymous}]
  authorizer: {handler: allow}
  mutators: [{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}]
  upstream: {url: "http://127.0.0.1:$UPSTREAM"}
RULES
} > "$work/rules.yml"
# handlers WHOAMI_URL: the handler configuration shared by both nodes.
handlers() {
  cat <<CONF
access_rules: {repositories: [file://rules.yml]}
authenticators:
  anonymous: {enabled: true}
  cookie_session:
    enabled: true
    config: {check_session_url: "$1", preserve_path: true, subject_from: identity.id, extra_from: identity.traits}
authorizers: {allow: {enabled: true}}
mutators: {header: {enabled: true}}
CONF
}
{ identity_config "$PROXY" "$API" "$METRICS" "$PUBLIC" "$ADMIN"; cat <<CONF
    hashers: {argon2: {memory: 1MB, iterations: 1}}
  audit: {enabled: true, bootstrap_servers: "$BOOTSTRAP", spool: {directory: audit-spool}}
CONF
  handlers "http://127.0.0.1:$PUBLIC/sessions/whoami"; } > "$work/portcullis.yml"
serve_node "http://127.0.0.1:$API/health/ready"
NODE=$NODE_PID
curl -fsS "http://127.0.0.1:$ADMIN/admin/health/ready" -o /dev/null || fail "identity admin API not ready"

[[ "${ONLY:-}" == edge ]] || run_nginx nginx-proxies "$cores" "  upstream app { server 127.0.0.1:$UPSTREAM; keepalive 256; }
  upstream portcullis_api { server 127.0.0.1:$API; keepalive 256; }
$(plain_proxy_server "$PLAIN")
  server { listen 127.0.0.1:$AUTH;
    location = /_portcullis { internal; proxy_pass http://portcullis_api/decisions; proxy_http_version 1.1;
      proxy_set_header Connection \"\"; proxy_pass_request_body off; proxy_set_header Content-Length \"\";
      proxy_set_header X-Forwarded-Method \$request_method; proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$http_host; proxy_set_header X-Forwarded-Uri \$request_uri; }
    location / { auth_request /_portcullis; auth_request_set \$portcullis_user \$upstream_http_x_user;
      proxy_set_header X-User \$portcullis_user; proxy_pass http://app; proxy_http_version 1.1;
      proxy_set_header Connection \"\"; } }"

targets=(direct nginx auth_request anonymous session)
declare -A url=([direct]="http://127.0.0.1:$UPSTREAM/session/bench" [nginx]="http://127.0.0.1:$PLAIN/session/bench"
  [auth_request]="http://127.0.0.1:$AUTH/session/bench" [anonymous]="http://127.0.0.1:$PROXY/anonymous/bench"
  [session]="http://127.0.0.1:$PROXY/session/bench")
declare -A label=([direct]="upstream direct (nginx, 1 worker)" [nginx]="nginx reverse proxy ($cores workers)"
  [auth_request]="nginx auth_request -> Portcullis /decisions" [anonymous]="Portcullis anonymous + header"
  [session]="Portcullis cookie_session warm + header + audit")
# cpu_pids TARGET: the processes whose CPU a target's requests cost (the upstream and the broker not counted).
cpu_pids() {
  case $1 in
    direct) nginx_pids nginx ;;
    nginx) nginx_pids nginx-proxies ;;
    auth_request) echo "$(nginx_pids nginx-proxies) $NODE" ;;
    *) echo "$NODE" ;;
  esac
}
ticks_of() { local t=0 p; for p in "$@"; do t=$((t + $(ticks "$p"))); done; echo "$t"; }

# Checks before measuring: the session passes everywhere, a forged one is refused by Portcullis and by auth_request.
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
only_edge() { [[ "${ONLY:-}" == edge ]]; }
only_edge && { warmup=10; targets=(session); }
echo "creating sessions (admin API + login flow) and warming up Portcullis (${warmup}s)..." >&2
gatling ProxySessionSimulation warmup -DbaseUrl="${url[session]%/session/bench}" -Dpath=/session/bench \
  -Dduration=$((warmup / 2)) -Dsessions=200 -Dp99Ms=60000
token="$(head -1 "$work/sessions.txt" | cut -d' ' -f1)"
for t in "${targets[@]}"; do
  [[ "$(status -H "Cookie: ory_kratos_session=$token" "${url[$t]}")" == 200 ]] || fail "$t: 200 with the session"
done
[[ "$(status -H "Cookie: ory_kratos_session=forged" "${url[session]}")" == 401 ]] \
  || fail "session: 401 for a forged session"
only_edge || [[ "$(status -H "Cookie: ory_kratos_session=forged" "${url[auth_request]}")" == 401 ]] \
  || fail "auth_request: 401 for a forged session"
echo "checks passed: the session is served by ${#targets[@]} target(s), a forged one refused (401)" >&2
if ! only_edge; then  # the proxies side by side: closed rounds, then the open model
measured=(${ONLY:-${targets[*]}})
[[ " ${measured[*]} " == *" anonymous "* ]] && gatling ProxySessionSimulation warmup \
  -DbaseUrl="${url[anonymous]%/anonymous/bench}" -Dpath=/anonymous/bench -Dduration=$((warmup / 4)) -Dp99Ms=60000
[[ " ${measured[*]} " == *" auth_request "* ]] && gatling ProxySessionSimulation warmup \
  -DbaseUrl="${url[auth_request]%/session/bench}" -Dpath=/session/bench -Dduration=$((warmup / 4)) -Dp99Ms=60000

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A rps p50 p99 p999 cpu requests
# run_target TARGET [-Dkey=value...]: one measured run; appends to the target's figures and to $line. No request may
# fail; the p99 bound only catches a target that stalls (other work on a shared machine stalls runs for a second).
run_target() {
  local t=$1 path c0 total r a b c ko
  shift
  path="/${url[$t]#http://*/}"
  c0=$(ticks_of $(cpu_pids "$t"))
  gatling ProxySessionSimulation "$t" -DbaseUrl="${url[$t]%$path}" -Dpath="$path" -Dp99Ms=5000 \
    -Dwarmup="$run_warmup" "$@"
  read -r total r a b c ko <<< "$RESULT"
  rps[$t]+="$r "; p50[$t]+="$a "; p99[$t]+="$b "; p999[$t]+="$c "
  cpu[$t]=$(( ${cpu[$t]:-0} + $(ticks_of $(cpu_pids "$t")) - c0 )); requests[$t]=$(( ${requests[$t]:-0} + total ))
  line+=" $t $r"
}
for round in $(seq 1 "$rounds"); do
  line="round $round (closed, $users users):"
  for k in $(seq 0 $(( ${#measured[@]} - 1 ))); do
    t=${measured[$(( (k + round - 1) % ${#measured[@]} ))]}
    [[ "${JFR:-}" == 1 && $round == 1 && $t == session ]] \
      && jcmd "$NODE" JFR.start name=bench settings=profile filename="$work/session.jfr" >/dev/null
    # The whole measured part of the run (after Gatling's own warm-up); the agent stops and writes by itself.
    [[ "${PROFILE:-}" == 1 && $round == "$rounds" && $t == session ]] && ( sleep "$run_warmup"; jcmd "$NODE" \
      JVMTI.agent_load "$work/linux-x64/libasyncProfiler.so" \
      "\"start,event=cpu,interval=1ms,threads,timeout=$duration,file=$work/session.collapsed,collapsed\"" >/dev/null ) &
    run_target "$t"
    [[ "${JFR:-}" == 1 && $round == 1 && $t == session ]] && jcmd "$NODE" JFR.stop name=bench >/dev/null
  done
  echo "$line req/s" >&2
done
med() { median ${1}; }
declare -A closed_rps closed_cpu
lowest=""
for t in "${measured[@]}"; do
  closed_rps[$t]=$(med "${rps[$t]}")
  closed_cpu[$t]=$(python3 -c "print(f'{${cpu[$t]} / $hz / max(1, ${requests[$t]}) * 1e6:.0f}')")
  [[ $t == direct ]] && continue
  [[ -z "$lowest" || "${closed_rps[$t]}" -lt "$lowest" ]] && lowest=${closed_rps[$t]}
done
declare -A closed_p50 closed_p99 closed_p999
for t in "${measured[@]}"; do
  closed_p50[$t]=$(med "${p50[$t]}"); closed_p99[$t]=$(med "${p99[$t]}"); closed_p999[$t]=$(med "${p999[$t]}")
  rps[$t]=""; p50[$t]=""; p99[$t]=""; p999[$t]=""; cpu[$t]=0; requests[$t]=0
done

# The closed-model table and the target ratios (over the targets measured).
ratio() { [[ -n "$1" && -n "$2" ]] && python3 -c "print(f'{$1 / max(1e-9, $2):.2f}')" || echo -; }
closed_table() {
  printf '\n%-46s %9s %7s %7s %7s %8s %8s %7s %7s %8s\n' \
    "closed model, $users users, ${duration}s x $rounds (medians)" "req/s" "p50 ms" "p99 ms" "p99.9" "+p99 ms" \
    "CPU us" "/nginx" "/auth_r" "CPU/ngx"
  for t in "${measured[@]}"; do
    printf '%-46s %9s %7s %7s %7s %8s %8s %7s %7s %8s\n' "${label[$t]}" "${closed_rps[$t]}" "${closed_p50[$t]}" \
      "${closed_p99[$t]}" "${closed_p999[$t]}" "$(( closed_p99[$t] - ${closed_p99[direct]:-0} ))" "${closed_cpu[$t]}" \
      "$(ratio "${closed_rps[$t]}" "${closed_rps[nginx]:-}")" \
      "$(ratio "${closed_rps[$t]}" "${closed_rps[auth_request]:-}")" \
      "$(ratio "${closed_cpu[$t]}" "${closed_cpu[nginx]:-}")"
  done
}
if [[ -n "${ONLY:-}" ]]; then
  closed_table
  echo "load average (1, 5, 15 min) before measuring: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ "${PROFILE:-}" == 1 ]] && echo "async-profiler stacks of the node during the last round's session run: $work/session.collapsed"
  [[ "${JFR:-}" == 1 ]] && echo "JFR recording of the node during round 1's session run: $work/session.jfr"
  (( ${#failed_runs[@]} )) && { echo "Gatling runs that failed their assertions: ${failed_runs[*]}" >&2; exit 1; }
  exit 0
fi

half=$((lowest / 2))
echo "open model: $half requests/s (half of the lowest proxy maximum, $lowest) on every target..." >&2
line="open ($half/s):"
for t in "${targets[@]}"; do run_target "$t" -Drate="$half"; done
echo "$line req/s" >&2
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
fi
only_edge && load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# The edge node: proxy role only, sessions over HTTP from the first node, the revocation feed from Kafka (so its cache
# is trusted), audit on. Time to ready, then CACHED distinct cache entries (each request a new Cookie header: a new
# check request, so a new entry), then resident memory under the closed load on one warm session.
EDGE_PROXY=$(free_port); EDGE_API=$(free_port); EDGE_METRICS=$(free_port)
cat > "$work/edge.yml" <<CONF
serve:
  proxy: {port: $EDGE_PROXY, host: 127.0.0.1}
  api: {port: $EDGE_API, host: 127.0.0.1}
  prometheus: {port: $EDGE_METRICS, host: 127.0.0.1}
log: {level: warn}
portcullis:
  audit: {enabled: true, bootstrap_servers: "$BOOTSTRAP", spool: {directory: edge-spool}}
  sessions:
    cache: {max_entries: $((cached + 1000))}   # room for the load's own sessions after the fill
    # A lag of 30 s, not 3: on a machine shared with other work the feed's broker calls stall for seconds, and a
    # node that stops trusting its cache empties it, which would measure an empty cache.
    revocations: {bootstrap_servers: "$BOOTSTRAP", max_lag: 30s}
$(handlers "http://127.0.0.1:$PUBLIC/sessions/whoami")
CONF
# edge_start JAVA_OPTION...: starts the edge node; sets EDGE, ready_ms and ready_cpu_ms (the CPU it took to get ready:
# on a machine shared with other work, wall time mostly measures the neighbours).
edge_start() {
  MALLOC_ARENA_MAX="${EDGE_MALLOC_ARENA_MAX:-2}" JAVA_OPTS="$edge_java_opts $*" serve_node "http://127.0.0.1:$EDGE_API/health/ready" edge
  ready_ms=$(( ($(date +%s%N) - NODE_STARTED) / 1000000 ))
  EDGE=$NODE_PID
  ready_cpu_ms=$(( $(ticks "$EDGE") * 1000 / hz ))
}
edge_stop() { kill "$EDGE"; wait "$EDGE" 2>/dev/null || true; }
# Three starts: one that writes the archive of the classes it loaded (at exit); one mapping that archive (AppCDS);
# the measured one as the image runs it (no archive of ours: the JDK's own class data sharing), with native memory
# tracking (where the resident memory goes, in $work/edge-memory.txt after the load).
edge_start -XX:ArchiveClassesAtExit="$work/edge.jsa"; edge_stop
edge_start -XX:SharedArchiveFile="$work/edge.jsa"; cds_ready_ms=$ready_ms; cds_ready_cpu_ms=$ready_cpu_ms; edge_stop
edge_start -XX:NativeMemoryTracking=summary
for _ in $(seq 1 50); do
  [[ "$(curl -fsS "http://127.0.0.1:$EDGE_API/health/ready")" == *'"cache":"trusted"'* ]] && break
  sleep 0.2
done
[[ "$(curl -fsS "http://127.0.0.1:$EDGE_API/health/ready")" == *'"cache":"trusted"'* ]] \
  || problem "the edge node's session cache is not trusted: $(curl -sS "http://127.0.0.1:$EDGE_API/health/ready")"
# live_heap_kb PID: the heap in use after a full collection, in KiB.
live_heap_kb() {
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/(generation|heap) +total/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1);
    sub(/K,?$/, "", v); s += v}} END {print s + 0}'
}
# resident_by_mapping PID: resident memory (smaps) summed by what is mapped, largest first.
resident_by_mapping() {
  python3 - "$1" <<'PY'
import collections, re, sys
rss, name = collections.Counter(), None
for line in open(f"/proc/{sys.argv[1]}/smaps"):
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        fields = line.split()
        name = fields[5] if len(fields) > 5 else "[anonymous: heap, metaspace, code, stacks, malloc]"
    elif line.startswith("Rss:"):
        rss[name] += int(line.split()[1])
print(f"resident by mapping (smaps), total {sum(rss.values()) // 1024} MB:")
for name, kb in rss.most_common(8):
    print(f"  {kb // 1024:6d} MB  {name}")
PY
}
metric() { { curl -fsS -m 10 "http://127.0.0.1:$EDGE_METRICS/metrics" || true; } | awk -v m="$1" 'index($1, m) == 1 {v = $NF} END {printf "%.0f\n", v}'; }
echo "edge node ready in $ready_ms ms; filling its session cache with $cached entries..." >&2
heap_before=$(live_heap_kb "$EDGE")
gatling ProxySessionSimulation edge-fill -DbaseUrl="http://127.0.0.1:$EDGE_PROXY" -Dpath=/session/bench \
  -DdistinctCookies=true -Dduration=600 -Drequests="$cached" -Dp99Ms=60000
entries=$(metric portcullis_session_cache_entries)
(( entries >= cached * 99 / 100 )) || problem "the edge cache holds $entries entries, expected $cached"
rss_max=0
( while kill -0 "$EDGE" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$EDGE/status"; sleep 0.5; done ) > "$work/edge-rss.txt" &
sampler=$!
gatling ProxySessionSimulation edge -DbaseUrl="http://127.0.0.1:$EDGE_PROXY" -Dpath=/session/bench -Dp99Ms=1000
read -r _ edge_rps _ edge_p99 _ _ <<< "$RESULT"
kill "$sampler" 2>/dev/null || true
rss_max=$(sort -n "$work/edge-rss.txt" | tail -1)
entries=$(metric portcullis_session_cache_entries)
# Native memory tracking, then what it does not see (the resident pages by mapping: shared libraries, class data
# archives, malloc's own overhead in anonymous memory), then the heap histogram.
{ jcmd "$EDGE" VM.native_memory summary; resident_by_mapping "$EDGE"; jcmd "$EDGE" GC.class_histogram | head -40; } \
  > "$work/edge-memory.txt" 2>&1
heap_after=$(live_heap_kb "$EDGE")
only_edge && load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

if ! only_edge; then
echo "the other simulations, once each (${duration}s)..." >&2
declare -A other
gatling DeniedSimulation denied -DbaseUrl="http://127.0.0.1:$PROXY" -Dpath=/session/bench -Dp99Ms=1000
other[denied]=$RESULT
gatling DecisionsSimulation decisions -DbaseUrl="http://127.0.0.1:$PROXY" -Dpath=/session/bench -Dp99Ms=1000
other[decisions]=$RESULT
gatling LoginWhoamiSimulation login -DbaseUrl="http://127.0.0.1:$PUBLIC" -Dpath=/health/ready -Dusers="$cores" \
  -Dsessions=50 -Dp99Ms=2000
other[login]=$RESULT
gatling RevocationMixSimulation revocations -DbaseUrl="http://127.0.0.1:$PROXY" -Dpath=/session/bench \
  -DsessionsFile="$work/revocable.txt" -Dsessions=$((duration * 2 + 20)) -Dp99Ms=1000
other[revocations]=$RESULT
revocation_line="$(grep -h '^revocations:' "$work"/revocations-*.out || true)"
fi

# The table.
if ! only_edge; then
closed_table
printf '\n%-46s %9s %7s %7s %7s %8s %8s\n' "open model, $half requests/s (fixed arrival rate)" "req/s" "p50 ms" \
  "p99 ms" "p99.9" "+p99 ms" "CPU us"
for t in "${targets[@]}"; do
  printf '%-46s %9s %7s %7s %7s %8s %8s\n' "${label[$t]}" "$(med "${rps[$t]}")" "$(med "${p50[$t]}")" \
    "$(med "${p99[$t]}")" "$(med "${p999[$t]}")" "$(( $(med "${p99[$t]}") - $(med "${p99[direct]}") ))" \
    "$(python3 -c "print(f'{${cpu[$t]} / $hz / max(1, ${requests[$t]}) * 1e6:.0f}')")"
done
echo
echo "targets: session / nginx $(ratio "${closed_rps[session]}" "${closed_rps[nginx]}") (>= 1.0)," \
  "session / auth_request $(ratio "${closed_rps[session]}" "${closed_rps[auth_request]}") (>= 1.5)," \
  "added p99 at half load $(( $(med "${p99[session]}") - $(med "${p99[direct]}") )) ms (<= 2)"
fi
echo "edge node (proxy role, sessions over HTTP, revocation feed from Kafka, audit on; $edge_java_opts):" \
  "ready in $cds_ready_ms ms with AppCDS (<= 3000; ${cds_ready_cpu_ms} ms of CPU), $ready_ms ms without" \
  "(${ready_cpu_ms} ms of CPU); $entries cached sessions; max RSS under load $((rss_max / 1024)) MB (<= 256);" \
  "live heap $((heap_before / 1024)) MB before the fill, $((heap_after / 1024)) MB after" \
  "($(( (heap_after - heap_before) * 1024 / (entries > 0 ? entries : 1) )) bytes per cached session); $edge_rps req/s," \
  "p99 $edge_p99 ms"
if ! only_edge; then
printf 'other simulations (requests req/s p50 p99 p99.9 failed): denied %s; decisions %s; login+whoami %s; revocation mix %s\n' \
  "${other[denied]}" "${other[decisions]}" "${other[login]}" "${other[revocations]}"
echo "$revocation_line"
fi
echo "load average (1, 5, 15 min) before measuring: $load_before; after: $load_after ($cores cores; Gatling, PostgreSQL," \
  "the broker and the targets share them: compare ratios within this run, not figures across runs)"
echo "Gatling reports: $results; the edge node's memory (NMT, heap histogram): $work/edge-memory.txt"
[[ "${JFR:-}" == 1 ]] && echo "JFR recording of the node during round 1's session run: $work/session.jfr"
[[ "${PROFILE:-}" == 1 ]] && echo "async-profiler stacks of the node during the last round's session run: $work/session.collapsed"
(( ${#problems[@]} )) && echo "failed checks: ${problems[*]}" >&2
if (( ${#failed_runs[@]} )); then
  echo "Gatling runs that failed their assertions: ${failed_runs[*]}" >&2
fi
(( ${#problems[@]} + ${#failed_runs[@]} == 0 ))
