#!/usr/bin/env bash
# JMH: the decision through the plugin SPI against the same work done directly, in one run; prints the ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -Pbench -DskipTests -pl load-tests -am install >&2
out="$(mktemp)"
java -jar load-tests/target/benchmarks.jar PluginIndirectionBenchmark -rf json -rff "$out" "$@"
python3 - "$out" <<'PY'
import json, sys
r = {b["benchmark"].rsplit(".", 1)[1]: b["primaryMetric"]["score"] for b in json.load(open(sys.argv[1]))}
d, p = r["direct"], r["viaPlugins"]
print(f"\ndirect: {d:.0f} ns/op, via plugins: {p:.0f} ns/op, indirection: {p - d:.0f} ns per request "
      f"({(p - d) / d * 100:.1f}% of the decision)")
PY
