#!/usr/bin/env bash
# `make bench`: measures each figure of issue 7 next to its baseline in the same run
# and writes bench/RESULTS.md (the table) from bench/raw/N-*.json (the raw numbers,
# N = the figure's number). Needs what `make test` needs (.ci/install-deps.sh --test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mkdir -p bench/raw
rm -f bench/raw/*.json

# The release app and .deb (figures 1, 2, 4, 7), the empty-window baseline built
# with the same profile, and the WebDriver bench driver.
make package
cargo build --locked --release -p pb-bench-empty-window
cargo build --locked -p pb-e2e --bin ui_bench --bin health_bench

# Figures 1, 2 and 4: start-up, idle memory and the registry page in the real window.
.ci/session.sh target/debug/ui_bench target/release/platform-builder target/release/pb-bench-empty-window 5

# Figure 11: the registry page while a scheduled health-check round runs.
.ci/session.sh target/debug/health_bench target/release/platform-builder

# Figures 3 and 8: registry query over 10k and 100k instances, database open
# (pb-registry/benches/registry.rs prints one JSON line per figure).
cargo bench --locked -p pb-registry --bench registry 2>/dev/null | grep '^{' > bench/raw/registry.jsonl
python3 - <<'PY'
import json
names = ["3a-registry-10k", "3b-registry-100k", "8-database-open"]
for name, line in zip(names, open("bench/raw/registry.jsonl")):
    json.dump(json.loads(line), open(f"bench/raw/{name}.json", "w"), ensure_ascii=False)
PY
rm bench/raw/registry.jsonl

# Figure 5: connector engine overhead against raw reqwest.
bench/connector-overhead.sh

# Figure 6: bulk connection tests against the ideal and sequential.
cargo bench --locked -p pb-validation --bench bulk 2>/dev/null | tail -1 > bench/raw/6-bulk.json

# Figure 9: the whole validation suite against each real server (Keystone,
# django-scim2, PostgreSQL through its exec program), next to the sample platform.
cargo build --locked --release -p pb-connector-postgresql
.ci/session.sh cargo bench --locked -p pb-real-platforms --bench suites 2>/dev/null | grep '^{' | tail -1 > bench/raw/9-suites.json

# Figure 10: import throughput (10,000 documents, the nesting scan on its own),
# against a bare SQLite insert of the same rows.
cargo bench --locked -p pb-registry --bench import 2>/dev/null | grep '^{' | tail -1 > bench/raw/10-import.json

# Figure 7: sizes, against the empty window's binary.
python3 - > bench/raw/7-sizes.json <<'PY'
import glob, json, os, re
mib = lambda n: n / 1048576
binary = os.path.getsize("target/release/platform-builder")
empty = os.path.getsize("target/release/pb-bench-empty-window")
deb = max(glob.glob("target/release/bundle/deb/*.deb"), key=os.path.getmtime)
assets = glob.glob("ui/dist/assets/*")
# The JavaScript the first screen loads: what index.html references, and what
# those files import statically (not the import("...") of lazily loaded pages).
first = set(re.findall(r'/assets/([^"]+\.js)', open("ui/dist/index.html").read()))
pending = list(first)
while pending:
    text = open(f"ui/dist/assets/{pending.pop()}").read()
    for name in re.findall(r'(?<!import\()["\']\./([\w.-]+\.js)["\']', text):
        if name not in first and re.search(r'import\(\s*["\']\./' + re.escape(name), text) is None:
            first.add(name)
            pending.append(name)
first_js = sum(os.path.getsize(f"ui/dist/assets/{n}") for n in first)
print(json.dumps({
    "figure": "Sizes: release binary; .deb; UI bundle (all assets, and the JavaScript the first screen loads)",
    "app": f"binary {mib(binary):.1f} MiB; .deb {mib(os.path.getsize(deb)):.1f} MiB; UI {mib(sum(map(os.path.getsize, assets))):.1f} MiB, first screen JS {first_js / 1e6:.2f} MB",
    "baseline": f"empty Tauri 2 window binary {mib(empty):.1f} MiB",
    "ratio": f"{binary / empty:.2f}",
    "goal": "binary ≤ 15 MiB",
    "met": mib(binary) <= 15,
    "binary_bytes": binary, "baseline_bytes": empty, "first_screen_js_files": sorted(first),
}, ensure_ascii=False))
PY

machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
python3 - "$machine" > bench/RESULTS.md <<'PY'
import glob, json, re, sys, datetime
machine = sys.argv[1]
# Figures in their numeric order (10 after 9, not after 1).
order = lambda f: (int(re.match(r"bench/raw/(\d+)", f).group(1)), f)
rows = [json.load(open(f)) for f in sorted(glob.glob("bench/raw/*.json"), key=order)]
print("# Benchmark results\n")
print(f"Written by `make bench` on {datetime.date.today()}; raw numbers in bench/raw/.\n")
print("| figure | this app | baseline | ratio | goal | met | machine |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['figure']} | {r['app']} | {r['baseline']} | {r['ratio']}× | {r['goal']} | {'yes' if r['met'] else 'NO'} | {machine} |")
PY
cat bench/RESULTS.md
