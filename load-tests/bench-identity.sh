#!/usr/bin/env bash
# Identity service benchmark, all on 127.0.0.1, bounded in time: PostgreSQL on this machine, Portcullis with the
# identity role, IDENTITIES identities created through the admin API and logged in through the API flow, then
#   whoami (GET /sessions/whoami, warm sessions rotated in X-Session-Token) with wrk at full load and at light load,
#   login (the two-step API flow, default argon2id m=64MiB t=2 p=1) with a closed-loop Java driver,
# and prints requests/s with p50/p99 next to the whoami figure Kratos users report (not measured here).
# Usage: load-tests/bench-identity.sh [seconds per measurement (default 15)] [connections (default 64)]
# Environment: IDENTITIES (50), WARMUP seconds of whoami before measuring (60), LOGIN_WORKERS (cores: one per
#   password-hashing thread, so login latency is the hashing cost, not a queue),
#   PG_BIN (a PostgreSQL bin directory to use instead of finding one), JAVA_OPTS (for Portcullis).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
identities="${IDENTITIES:-50}"
warmup="${WARMUP:-60}"
work="$(mktemp -d /tmp/portcullis-bench-identity.XXXXXX)"

source "$root/load-tests/lib.sh"
login_workers="${LOGIN_WORKERS:-$cores}"
start_postgres
PUBLIC_PORT=$(free_port); ADMIN_PORT=$(free_port)
PROXY_PORT=$(free_port); API_PORT=$(free_port); METRICS_PORT=$(free_port)
identity_config "$PROXY_PORT" "$API_PORT" "$METRICS_PORT" "$PUBLIC_PORT" "$ADMIN_PORT" > "$work/portcullis.yml"
"$root/portcullis" --version >/dev/null   # builds the jar on first use
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}" \
  "$root/portcullis" serve --config "$work/portcullis.yml" >"$work/portcullis.log" 2>&1 &
pids+=($!)
PUB="http://127.0.0.1:$PUBLIC_PORT"; ADMIN="http://127.0.0.1:$ADMIN_PORT"
for _ in $(seq 1 150); do curl -fsS "$ADMIN/admin/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "$PUB/health/ready" -o /dev/null || { cat "$work/portcullis.log" >&2; exit 1; }

mkdir -p "$work/classes"
javac -d "$work/classes" "$root/load-tests/identity/IdentityDriver.java"
driver() { java -Xmx256m -cp "$work/classes" IdentityDriver "$@"; }
echo "creating $identities identities and logging them in..." >&2
t0=$(date +%s)
driver setup "$ADMIN" "$PUB" "$identities" "$login_workers" "$work/tokens.txt"
echo "  done in $(( $(date +%s) - t0 ))s; $(wc -l < "$work/tokens.txt") session tokens" >&2

# wrk latencies come as 812.00us, 1.23ms, 1.05s: in ms.
whoami() { # connections -> requests/s p50 p99 (ms) non-2xx
  wrk -t "$cores" -c "$1" -d "${duration}s" --latency -s "$root/load-tests/identity/whoami.lua" "$PUB" \
    -- "$work/tokens.txt" > "$work/wrk.out"
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out") $(ms "$(awk '$1=="50%" {print $2}' "$work/wrk.out")")" \
    "$(ms "$(awk '$1=="99%" {print $2}' "$work/wrk.out")") $(awk '/Non-2xx/ {print $5}' "$work/wrk.out" | grep . || echo 0)"
}
curl -fsS -H "X-Session-Token: $(head -1 "$work/tokens.txt")" "$PUB/sessions/whoami" -o /dev/null

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# The JIT keeps improving the request path for about a minute under load; measure the steady state.
echo "warming up whoami (${warmup}s)..." >&2
wrk -t "$cores" -c "$connections" -d "${warmup}s" -s "$root/load-tests/identity/whoami.lua" "$PUB" \
  -- "$work/tokens.txt" >/dev/null
rps=(); p50=(); p99=(); bad=0
for round in 1 2 3; do
  read -r r a b n < <(whoami "$connections"); rps+=("$r"); p50+=("$a"); p99+=("$b"); bad=$((bad + n))
  echo "round $round: whoami $r req/s, p50 $a ms, p99 $b ms" >&2
done
read -r light_rps light_p50 light_p99 n < <(whoami 4); bad=$((bad + n))
echo "light load (4 connections): whoami $light_rps req/s, p50 $light_p50 ms, p99 $light_p99 ms" >&2

echo "login: warming up (${duration}s), then 3 rounds of ${duration}s, $login_workers workers..." >&2
driver login "$PUB" "$identities" "$login_workers" "$duration" >/dev/null
lps=(); l50=(); l99=(); lfail=0
for round in 1 2 3; do
  read -r done r a b max f < <(driver login "$PUB" "$identities" "$login_workers" "$duration")
  lps+=("$r"); l50+=("$a"); l99+=("$b"); lfail=$((lfail + f))
  echo "round $round: $done logins, $r logins/s, p50 $a ms, p99 $b ms, max $max ms, $f failed" >&2
done

pg_version="$("$(dirname "$PG_CTL")/postgres" --version | awk '{print $3}')"
printf '\n%-66s %10s %9s %9s\n' "Portcullis identity ($cores cores, PostgreSQL $pg_version on the same cores)" "per second" "p50 ms" "p99 ms"
printf '%-66s %10.0f %9s %9s\n' "whoami, $connections connections, $identities sessions (median of 3)" \
  "$(median "${rps[@]}")" "$(median "${p50[@]}")" "$(median "${p99[@]}")"
printf '%-66s %10.0f %9s %9s\n' "whoami, 4 connections (light load)" "$light_rps" "$light_p50" "$light_p99"
printf '%-66s %10.1f %9s %9s\n' "login, API flow (2 requests), argon2id m=64MiB t=2 p=1, $login_workers workers" \
  "$(median "${lps[@]}")" "$(median "${l50[@]}")" "$(median "${l99[@]}")"
printf '%-66s %10s %9s %9s\n' "Kratos self-hosted whoami as REPORTED in ory/kratos#2402 (not run here)" "-" "~20" "~200"
echo "whoami answers other than 2xx: $bad; failed logins: $lfail"
echo "load average (1, 5, 15 min) before measuring: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)" \
  "(above $cores, other work shared these cores: p99s suffer first)"
[[ "$bad" == 0 && "$lfail" == 0 ]] || { echo "errors during the run: see $work/portcullis.log" >&2; exit 1; }
