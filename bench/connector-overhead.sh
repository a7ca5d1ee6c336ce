#!/usr/bin/env bash
# Figure: connector engine overhead per operation versus a raw reqwest call to the
# same loopback endpoint (criterion, pb-connector/benches/engine_overhead.rs).
# Writes bench/raw/5-connector-overhead.json with both medians and their ratio.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo bench --locked -p pb-connector --bench engine_overhead -- --noplot >&2
median() { # criterion's estimate of the median, in nanoseconds
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median"]["point_estimate"])' \
    "target/criterion/check_operation/$1/new/estimates.json"
}
raw=$(median raw_reqwest)
engine=$(median engine)
mkdir -p bench/raw
python3 - "$raw" "$engine" > bench/raw/5-connector-overhead.json <<'PY'
import json, sys
raw, engine = float(sys.argv[1]), float(sys.argv[2])
print(json.dumps({
    "figure": "Connector engine overhead per operation (loopback GET, median)",
    "app": f"{engine / 1000:.1f} µs",
    "baseline": f"{raw / 1000:.1f} µs (raw reqwest, reused client)",
    "ratio": round(engine / raw, 3),
    "goal": "≤ 1.2×",
    "met": engine / raw <= 1.2,
    "raw_ns": {"engine": engine, "raw_reqwest": raw},
}, ensure_ascii=False))
PY
cat bench/raw/5-connector-overhead.json
