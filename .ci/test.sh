#!/usr/bin/env bash
# Every check CI runs, in order of cost. `make test` calls this.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s  [%s]\n' "$1" "$(date +%T)"; }

step "dependencies"
.ci/install-deps.sh --test

# Anything written into the real per-user dirs from here on is a hermeticity bug.
marker="$(mktemp)"
trap 'rm -f "$marker"' EXIT

step "rustfmt"
cargo fmt --all --check

step "UI typecheck, lint, unit tests, build"
(cd ui && npm run --silent typecheck && npm run --silent lint && npm run --silent test && npm run --silent build)

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (real SQLite files, real keyring in a private D-Bus session)"
.ci/session.sh cargo test --workspace --exclude pb-e2e --exclude pb-bench-empty-window --locked

step "platformctl needs no display: no Tauri, WebKit or GTK in its dependencies"
# Read into a variable first: `grep -q` closing the pipe early would fail the
# pipeline under pipefail and hide a match.
tree="$(cargo tree --locked -p platformctl -e normal --prefix none)"
if grep -Eq '^(tauri|wry|webkit2gtk|gtk|tao) ' <<<"$tree"; then
  cargo tree --locked -p platformctl -e normal -i tauri >&2 || true
  echo "platformctl pulls in Tauri/WebKit" >&2
  exit 1
fi
echo "none"

step "benchmark harness smoke (tiny sizes, one run; make bench measures)"
figures="$(PB_BENCH_SMOKE=1 cargo bench --locked -p pb-registry --bench registry 2>/dev/null | grep -c '"figure"')"
[[ "$figures" == 2 ]] || { echo "the registry bench printed $figures figures, not 2" >&2; exit 1; }
figures="$(PB_BENCH_SMOKE=1 cargo bench --locked -p pb-registry --bench import 2>/dev/null | grep -c '"figure"')"
[[ "$figures" == 1 ]] || { echo "the import bench printed $figures figures, not 1" >&2; exit 1; }

step "generated files are current (TypeScript bindings, connector JSON Schema)"
generated=(ui/src/bindings docs/connector.schema.json)
if [[ -n "$(git status --porcelain -- "${generated[@]}")" ]]; then
  git status --porcelain -- "${generated[@]}"
  echo "generated files are stale: the Rust types changed; run 'make bindings' and commit the result" >&2
  exit 1
fi

step "end-to-end tests (real window through tauri-driver under Xvfb)"
cargo build --locked --bin platform-builder
# One window at a time: on 2 cores, parallel windows make transitions slow enough
# to invite timing flakes; the tests themselves can run in parallel (own data dirs).
.ci/session.sh cargo test --locked -p pb-e2e -- --test-threads=1

step "window benchmark harness smoke (debug builds, 1,000 instances, one run)"
cargo build --locked -p pb-bench-empty-window -p pb-e2e --bins
rm -rf target/bench-smoke
PB_BENCH_SMOKE=1 .ci/session.sh target/debug/ui_bench target/debug/platform-builder target/debug/pb-bench-empty-window 1
PB_BENCH_SMOKE=1 .ci/session.sh target/debug/health_bench target/debug/platform-builder
figures="$(ls target/bench-smoke/*.json | wc -l)"
[[ "$figures" == 4 ]] || { echo "the window benches wrote $figures figures, not 4" >&2; exit 1; }

step "package (.deb) installs the binary and the desktop entry"
make --no-print-directory package
.ci/check-deb.sh

step "nothing was written to the real per-user data directories"
leaks="$(find "$HOME/.local/share" "$HOME/.config" "$HOME/.cache" -newer "$marker" 2>/dev/null \
  | grep -Ei 'platformbuilder|platform-builder|webkitgtk|keyrings' || true)"
if [[ -n "$leaks" ]]; then
  echo "tests wrote into \$HOME:" >&2
  echo "$leaks" >&2
  exit 1
fi
echo "none"
