#!/usr/bin/env bash
# Installs django-scim2 and Django (requirements.txt, every version pinned) into a
# virtualenv for pb-real-platforms' SCIM server; .ci/install-deps.sh --test runs it.
# The venv lives in the workspace's target/ (ignored by git, removed by
# `cargo clean`) at the path src/scim.rs looks for; PB_SCIM_VENV overrides both.
# Idempotent: skipped when the venv already holds exactly these requirements.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
venv="${PB_SCIM_VENV:-$root/target/scim-venv}"
stamp="$venv/.pb-requirements"
python="${PYTHON:-python3}"

if [[ -f "$stamp" ]] && cmp -s "$here/requirements.txt" "$stamp" &&
  "$venv/bin/python" -c 'import django, django_scim' 2>/dev/null; then
  exit 0
fi
echo "==> installing the SCIM test server (django-scim2) into $venv"
# --clear: a venv of another Python or with other versions is rebuilt, not patched.
if ! "$python" -m venv --clear "$venv"; then
  echo "$python -m venv failed; on Debian's own python3, apt-get install python3-venv" >&2
  exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  -r "$here/requirements.txt"
# The pins are complete: pip check fails if one was missed or conflicts.
"$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null
cp "$here/requirements.txt" "$stamp"
