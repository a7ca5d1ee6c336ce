#!/usr/bin/env bash
# Installs what Platform Builder needs on Debian 12, skipping what is already there.
#   .ci/install-deps.sh          packages to build and run the app
#   .ci/install-deps.sh --test   plus what the tests need (Xvfb, keyring, WebDriver)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

run_packages=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libsoup-3.0-dev
  librsvg2-dev libayatana-appindicator3-dev gnome-keyring dbus-x11 libsecret-1-dev)
# The real platforms the presets' whole-suite tests start on 127.0.0.1 (pb-real-platforms):
# OpenStack Keystone (about 200 packages, ~5 min cold) and a private PostgreSQL cluster.
test_packages=(xvfb xauth webkit2gtk-driver keyutils imagemagick file python3
  keystone postgresql postgresql-client python3-venv)

want=("${run_packages[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_packages[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vite 8 needs Node.js >= 20.19.
if ! command -v node >/dev/null; then
  echo "Node.js 20.19 or newer is required (https://nodejs.org or your distribution's nodejs package)" >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' || {
  echo "Node.js $(node --version) is too old: 20.19 or newer is required" >&2
  exit 1
}

# npm ci only when the lock changed since the last install.
stamp="$root/ui/node_modules/.pb-lock-stamp"
if [[ ! -f "$stamp" ]] || ! cmp -s "$root/ui/package-lock.json" "$stamp"; then
  echo "==> installing UI packages (npm ci)"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$root/ui/package-lock.json" "$stamp"
fi

# The real SCIM service provider of the SCIM preset's test: django-scim2 in a venv
# (target/scim-venv, pinned in its requirements.txt; skipped when current).
if [[ "${1:-}" == "--test" ]]; then
  bash "$root/src-tauri/crates/pb-real-platforms/servers/scim/install.sh"
fi

if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null && [[ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
  echo "==> installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi
