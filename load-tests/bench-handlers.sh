#!/usr/bin/env bash
# Cost of each Oathkeeper handler on the proxy path, caches warm, all on 127.0.0.1, bounded in time. One Portcullis
# node serves one rule per handler under its own path; each rule is the baseline (anonymous, allow, header) with the
# authenticator or authorizer swapped for the handler, or with the mutator added before the header one. The remote
# services (introspection, token endpoint, Keto-style check, hydrating API) are static nginx answers. Prints one table:
#   handler | requests/s | p99 | CPU us per request (the Java process) | added us vs baseline | ratio vs baseline
# Usage: load-tests/bench-handlers.sh [seconds per measurement (default 15)] [connections (default 64)]
# Env: WARMUP (seconds in all, shared by the paths; default 60), ROUNDS (default 3), HANDLERS (a subset, e.g. "jwt
# hydrator"; default all).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-15}"
connections="${2:-64}"
rounds="${ROUNDS:-3}"
all_handlers=(jwt introspection client_credentials remote_json id_token hydrator)
read -r -a handlers <<< "${HANDLERS:-${all_handlers[*]}}"
for h in "${handlers[@]}"; do
  [[ " ${all_handlers[*]} " == *" $h "* ]] || { echo "HANDLERS: unknown \"$h\", expected some of: ${all_handlers[*]}" >&2; exit 2; }
done
work="$(mktemp -d /tmp/portcullis-bench.XXXXXX)"

source "$root/load-tests/lib.sh"
UPSTREAM_PORT=$(free_port); PROXY_PORT=$(free_port); API_PORT=$(free_port); METRICS_PORT=$(free_port)
remotes="http://127.0.0.1:$UPSTREAM_PORT"

# Keys: the issuer's RSA key signs the bearer token the jwt rule verifies (public JWKS file); the edge's signs the
# id_token mutator's tokens (private JWKS file). openssl makes the keys; python3 writes the JWKs and signs RS256
# (PKCS#1 v1.5 is a modular power over the parsed key; no extra modules needed).
for k in issuer edge; do openssl genrsa -out "$work/$k.pem" 2048 2>/dev/null; done
python3 - "$work" <<'PY'
import base64, hashlib, json, re, subprocess, sys, time
work = sys.argv[1]
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
def key(name):
    text = subprocess.run(["openssl", "rsa", "-in", f"{work}/{name}.pem", "-text", "-noout"], check=True,
                          capture_output=True, text=True).stdout
    fields, current = {}, None
    for line in text.splitlines():
        if line.startswith(" "):
            fields[current] += re.sub(r"[^0-9a-f]", "", line)
        else:
            current, _, rest = line.partition(":")
            fields[current] = ""
            m = re.search(r"\(0x([0-9a-f]+)\)", rest)
            if m: fields[current] = m.group(1)
    return {f: int(fields[f], 16) for f in
            ("modulus", "publicExponent", "privateExponent", "prime1", "prime2", "exponent1", "exponent2", "coefficient")}
def n2b(n): return n.to_bytes((n.bit_length() + 7) // 8, "big")
def jwk(k, kid, private):
    j = {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": b64(n2b(k["modulus"])), "e": b64(n2b(k["publicExponent"]))}
    if private:
        for name, f in (("d", "privateExponent"), ("p", "prime1"), ("q", "prime2"), ("dp", "exponent1"),
                        ("dq", "exponent2"), ("qi", "coefficient")):
            j[name] = b64(n2b(k[f]))
    return j
issuer, edge = key("issuer"), key("edge")
json.dump({"keys": [jwk(issuer, "issuer-1", False)]}, open(f"{work}/issuer-jwks.json", "w"))
json.dump({"keys": [jwk(edge, "edge-1", True)]}, open(f"{work}/edge-jwks.json", "w"))
now = int(time.time())
signing_input = (b64(json.dumps({"alg": "RS256", "kid": "issuer-1", "typ": "JWT"}).encode()) + "." +
                 b64(json.dumps({"sub": "bench", "iss": "https://issuer.bench", "scp": ["read"], "iat": now - 60,
                                 "exp": now + 86400}).encode()))
size = (issuer["modulus"].bit_length() + 7) // 8
t = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(signing_input.encode()).digest()
em = b"\x00\x01" + b"\xff" * (size - len(t) - 3) + b"\x00" + t
signature = pow(int.from_bytes(em, "big"), issuer["privateExponent"], issuer["modulus"]).to_bytes(size, "big")
open(f"{work}/token", "w").write(signing_input + "." + b64(signature))
PY
jwt_token="$(cat "$work/token")"
basic="Basic $(printf 'bench:secret' | base64)"

exp=$(( $(date +%s) + 86400 ))
NGINX_LOCATIONS="
    location = /introspect { default_type application/json;
      return 200 '{\"active\":true,\"sub\":\"bench\",\"scope\":\"read\",\"client_id\":\"bench\",\"exp\":$exp}'; }
    location = /token { default_type application/json;
      return 200 '{\"access_token\":\"bench-at\",\"token_type\":\"bearer\",\"expires_in\":3600}'; }
    location = /check { default_type application/json; return 200 '{\"allowed\":true}'; }
    location = /hydrate { default_type application/json;
      return 200 '{\"subject\":\"anonymous\",\"extra\":{\"plan\":\"gold\"},\"header\":{\"X-Plan\":[\"gold\"]}}'; }"
start_nginx "$cores" "$UPSTREAM_PORT"

header='{handler: header, config: {headers: {X-User: "{{ print .Subject }}"}}}'
rule() { # id authenticator authorizer mutators
  cat <<RULE
- id: $1
  match: {url: "http://<[^/]+>/$1", methods: [GET]}
  authenticators: [$2]
  authorizer: $3
  mutators: [$4]
  upstream: {url: "http://127.0.0.1:$UPSTREAM_PORT"}
RULE
}
{
  rule baseline '{handler: anonymous}' '{handler: allow}' "$header"
  rule jwt '{handler: jwt}' '{handler: allow}' "$header"
  rule introspection '{handler: oauth2_introspection}' '{handler: allow}' "$header"
  rule client_credentials '{handler: oauth2_client_credentials}' '{handler: allow}' "$header"
  rule remote_json '{handler: anonymous}' '{handler: remote_json}' "$header"
  rule id_token '{handler: anonymous}' '{handler: allow}' "{handler: id_token}, $header"
  rule hydrator '{handler: anonymous}' '{handler: allow}' "{handler: hydrator}, $header"
} > "$work/rules.yml"
cat > "$work/portcullis.yml" <<CONF
serve:
  proxy: {port: $PROXY_PORT, host: 127.0.0.1}
  api: {port: $API_PORT, host: 127.0.0.1}
  prometheus: {port: $METRICS_PORT, host: 127.0.0.1}
log: {level: warn}
access_rules: {repositories: ["file://$work/rules.yml"]}
authenticators:
  anonymous: {enabled: true}
  jwt: {enabled: true, config: {jwks_urls: ["file://$work/issuer-jwks.json"]}}
  oauth2_introspection:
    enabled: true
    config: {introspection_url: "$remotes/introspect", cache: {enabled: true, ttl: 60s}}
  oauth2_client_credentials:
    enabled: true
    config: {token_url: "$remotes/token", cache: {enabled: true, ttl: 60s}}
authorizers:
  allow: {enabled: true}
  remote_json:
    enabled: true
    config: {remote: "$remotes/check", payload: '{"subject_id":"{{ print .Subject }}"}'}
mutators:
  header: {enabled: true}
  id_token: {enabled: true, config: {issuer_url: "https://portcullis.bench", jwks_url: "file://$work/edge-jwks.json"}}
  hydrator: {enabled: true, config: {api: {url: "$remotes/hydrate"}, cache: {enabled: true, ttl: 60s}}}
CONF

serve_node "http://127.0.0.1:$API_PORT/health/ready"

# auth NAME: the wrk/curl header the handler's path needs, if any.
auth() {
  case "$1" in
    jwt) echo "Authorization: Bearer $jwt_token" ;;
    introspection) echo "Authorization: Bearer opaque-bench-token" ;;
    client_credentials) echo "Authorization: $basic" ;;
  esac
}
fail() { echo "$1" >&2; echo "--- portcullis.log" >&2; cat "$work/portcullis.log" >&2
  echo "--- nginx-error.log" >&2; cat "$work/nginx-error.log" >&2 2>/dev/null || true; exit 1; }
status() { # path [header]
  curl -sS -o "$work/answer" -w "%{http_code}" ${2:+-H "$2"} "http://127.0.0.1:$PROXY_PORT/$1" || true
}
for h in baseline "${handlers[@]}"; do
  got=$(status "$h" "$(auth "$h")")
  [[ "$got" == 200 ]] || fail "/$h answered $got, expected 200: $(cat "$work/answer" 2>/dev/null)"
done
for h in jwt introspection; do
  got=$(status "$h")
  [[ "$got" == 401 ]] || fail "/$h without a token answered $got, expected 401"
done

run() { # path [header]: sets rps, p99 (ms) and total (requests); not in a subshell, so a failure ends the script
  wrk -t "$cores" -c "$connections" -d "${duration}s" --latency ${2:+-H "$2"} "http://127.0.0.1:$PROXY_PORT/$1" \
    > "$work/wrk.out"
  # A refusal is cheaper than the work measured: any non-2xx answer voids the figure.
  if grep -q 'Non-2xx' "$work/wrk.out"; then cat "$work/wrk.out" >&2; fail "/$1 had non-2xx answers under load"; fi
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.out")
  p99=$(ms "$(awk '$1=="99%" {print $2}' "$work/wrk.out")")
  total=$(awk '/requests in/ {print $1}' "$work/wrk.out")
}
java_pid() { pgrep -f "portcullis.jar serve --config $work/portcullis.yml" | head -1; }
pid=$(java_pid) || fail "no Java process found for $work/portcullis.yml"

# Every path is warmed (the JIT, the key sets, the caches) before anything is measured.
warmup="${WARMUP:-60}"
each=$(( warmup / (${#handlers[@]} + 1) )); (( each >= 1 )) || each=1
echo "warming up the JVM (${each}s per path)..." >&2
for h in baseline "${handlers[@]}"; do
  a="$(auth "$h")"
  wrk -t "$cores" -c "$connections" -d "${each}s" ${a:+-H "$a"} "http://127.0.0.1:$PROXY_PORT/$h" >/dev/null
done

# The baseline runs before each handler, in every round, so drift on a shared machine hits both alike.
declare -A rps_of p99_of ticks_of requests_of
measure() { # name: one run, added to the name's figures
  local before
  before=$(ticks "$pid")
  run "$1" "$(auth "$1")"
  ticks_of[$1]=$(( ${ticks_of[$1]:-0} + $(ticks "$pid") - before ))
  requests_of[$1]=$(( ${requests_of[$1]:-0} + total ))
  rps_of[$1]="${rps_of[$1]:-} $rps"; p99_of[$1]="${p99_of[$1]:-} $p99"
}
for round in $(seq 1 "$rounds"); do
  for h in "${handlers[@]}"; do
    measure baseline; b=$rps
    measure "$h"
    echo "round $round: baseline $b req/s, $h $rps req/s" >&2
  done
done

clk=$(getconf CLK_TCK)
cpu_us() { python3 -c "print(${ticks_of[$1]} / $clk / ${requests_of[$1]} * 1e6)"; }
base_rps=$(median ${rps_of[baseline]}); base_cpu=$(cpu_us baseline)
printf '\n%-40s %11s %9s %12s %12s %7s\n' "handler ($cores cores, $connections conn, ${duration}s x $rounds)" \
  "requests/s" "p99 ms" "CPU us/req" "added us" "ratio"
for h in baseline "${handlers[@]}"; do
  case "$h" in
    baseline) label="baseline (anonymous, allow, header)" ;;
    jwt) label="jwt (RS256, file:// JWKS)" ;;
    introspection) label="oauth2_introspection (cached)" ;;
    client_credentials) label="oauth2_client_credentials (cached)" ;;
    remote_json) label="remote_json (a loopback call each)" ;;
    id_token) label="id_token + header (token reused)" ;;
    hydrator) label="hydrator + header (cached)" ;;
  esac
  rps=$(median ${rps_of[$h]}); p99=$(median ${p99_of[$h]}); cpu=$(cpu_us "$h")
  python3 -c "print(f'{\"$label\":<40} {$rps:>11.0f} {$p99:>9.2f} {$cpu:>12.1f} {$cpu - $base_cpu:>+12.1f} {$rps / $base_rps:>7.2f}')"
done
echo "(medians of $rounds runs; CPU is the Portcullis JVM's only, over all its runs: nginx's share of the remote calls is not in it)"
