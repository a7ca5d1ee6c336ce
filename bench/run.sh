#!/usr/bin/env bash
# `make bench`: measures each figure next to its baseline in the same run and
# writes bench/RESULTS.md (the table) from bench/raw/*.json (the raw numbers).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bench/connector-overhead.sh
# Bulk connection tests against the ideal and sequential (pb-validation/benches/bulk.rs).
cargo bench --locked -p pb-validation --bench bulk 2>/dev/null | tail -1 > bench/raw/bulk.json
cat bench/raw/bulk.json
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
python3 - "$machine" > bench/RESULTS.md <<'PY'
import glob, json, sys, datetime
machine = sys.argv[1]
rows = [json.load(open(f)) for f in sorted(glob.glob("bench/raw/*.json"))]
print("# Benchmark results\n")
print(f"Written by `make bench` on {datetime.date.today()}; raw numbers in bench/raw/.\n")
print("| figure | this app | baseline | ratio | goal | met | machine |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['figure']} | {r['app']} | {r['baseline']} | {r['ratio']}× | {r['goal']} | {'yes' if r['met'] else 'NO'} | {machine} |")
PY
cat bench/RESULTS.md
