#!/usr/bin/env bash
# Start-up time to a usable window, and idle memory, of the real app.
# Run inside .ci/session.sh (Xvfb + D-Bus + keyring):
#   .ci/session.sh bench/startup-memory.sh [BINARY] [RUNS]
# Start-up is the app's own "UI ready" log line: milliseconds from process start to the
# UI reporting its first screen rendered with data (the ui_ready command). Memory is
# the PSS of the whole process tree (app + WebKit web and network processes) 5 s
# after ready.
set -euo pipefail
bin="${1:-target/release/platform-builder}"
runs="${2:-5}"

tree_pids() {
  local pid=$1
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do tree_pids "$child"; done
}

pss_kib() {
  local total=0
  for pid in $(tree_pids "$1"); do
    kib=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${kib:-0}))
  done
  echo "$total"
}

startups=()
for i in $(seq "$runs"); do
  dir="$(mktemp -d)"
  PB_DATA_DIR="$dir" "$bin" >/dev/null 2>&1 &
  pid=$!
  ms=""
  for _ in $(seq 300); do
    ms=$(grep -ho 'UI ready.*elapsed_ms=[0-9]*' "$dir"/logs/* 2>/dev/null | grep -o 'elapsed_ms=[0-9]*' | cut -d= -f2 | head -1 || true)
    [[ -n "$ms" ]] && break
    sleep 0.1
  done
  [[ -n "$ms" ]] || { echo "run $i: no 'UI ready' within 30 s" >&2; kill "$pid"; exit 1; }
  startups+=("$ms")
  if [[ $i -eq $runs ]]; then
    sleep 5
    echo "idle PSS (process tree, 5 s after ready): $(( $(pss_kib "$pid") / 1024 )) MiB"
    for p in $(tree_pids "$pid"); do
      printf '  %-16s %6d MiB\n' "$(cat /proc/$p/comm)" "$(( $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup) / 1024 ))"
    done
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
sorted=($(printf '%s\n' "${startups[@]}" | sort -n))
echo "start-up to UI ready (ms): ${startups[*]}  median: ${sorted[$(( ${#sorted[@]} / 2 ))]}"
echo "binary: $bin $(stat -c %s "$bin") bytes"
