#!/usr/bin/env bash
# Checks the built .deb: it declares its dependencies, and installing it puts the
# binary on PATH and a desktop entry in place. On CI (root) it really installs the
# package with apt (which also proves the dependencies resolve) and removes it again;
# elsewhere it unpacks it into a scratch directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
deb="$(ls -t "$root"/target/release/bundle/deb/*.deb | head -1)"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
# Read the control info once into a variable: `dpkg-deb | grep -q` under pipefail
# fails at random when grep exits early and dpkg-deb dies of SIGPIPE.
info="$(dpkg-deb -I "$deb")"
grep -E '^ (Package|Version|Depends):' <<<"$info"
grep -q 'libwebkit2gtk-4.1-0' <<<"$info" || { echo "missing webkit dependency" >&2; exit 1; }

if [[ $(id -u) -eq 0 && "${CI:-}" == "true" ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
  prefix=""
else
  prefix="$(mktemp -d)"
  dpkg-deb -x "$deb" "$prefix"
fi
bin="$prefix/usr/bin/platform-builder"
contents="$(dpkg-deb -c "$deb")"
entry="$(grep -o 'usr/share/applications/.*\.desktop$' <<<"$contents")"
desktop="$prefix/$entry"
[[ "$(file "$bin")" == *"ELF 64-bit"* ]] || { echo "$bin is not an executable" >&2; exit 1; }
# The PostgreSQL preset's exec program is found next to the app's own executable.
[[ "$(file "$prefix/usr/bin/pb-connector-postgresql")" == *"ELF 64-bit"* ]] \
  || { echo "pb-connector-postgresql is missing from the package" >&2; exit 1; }
grep -q '^Exec=platform-builder' "$desktop" || { echo "desktop entry has no Exec line" >&2; exit 1; }
ls "$prefix"/usr/share/icons/hicolor/*/apps/platform-builder.png >/dev/null
[[ -f "$desktop" ]] || { echo "no desktop entry at $desktop" >&2; exit 1; }
echo "installed: $bin, $desktop"
if [[ -z "$prefix" ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq platform-builder >/dev/null
else
  rm -rf "$prefix"
fi
echo "1 passed, 0 failed"
