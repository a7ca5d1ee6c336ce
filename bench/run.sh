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
# Registry query over 10k and 100k instances, and database open (pb-registry/benches/registry.rs):
# one JSON line per figure, each kept in its own raw file.
cargo bench --locked -p pb-registry --bench registry 2>/dev/null | grep '^{' > bench/raw/registry.jsonl
python3 - <<'PY'
import json
for n, line in enumerate(open("bench/raw/registry.jsonl")):
    json.dump(json.loads(line), open(f"bench/raw/registry-{n}.json", "w"), ensure_ascii=False)
PY
rm bench/raw/registry.jsonl
cat bench/raw/registry-*.json
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
