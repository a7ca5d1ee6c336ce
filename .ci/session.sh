#!/usr/bin/env bash
# Runs a command the way the tests need it: XDG dirs inside the work tree (so nothing
# touches the real $HOME), a private D-Bus session with an unlocked gnome-keyring
# (the real Secret Service), and an Xvfb display for the real app window.
#   .ci/session.sh COMMAND [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="$root/target/test-session"
mkdir -p "$state"/{data,cache,config,run}
chmod 700 "$state/run"
export XDG_DATA_HOME="$state/data" XDG_CACHE_HOME="$state/cache" \
       XDG_CONFIG_HOME="$state/config" XDG_RUNTIME_DIR="$state/run"
export PB_SESSION_ROOT="$state"

inner() {
  # The keyring must be unlocked before anything touches it: a locked Secret Service
  # with a display shows a prompt nobody answers.
  echo -n "pb-test-session" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  if [[ -z "${DISPLAY:-}" ]]; then
    for n in $(seq 90 110); do
      [[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
      Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
      xvfb_pid=$!
      export DISPLAY=":$n"
      trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
      for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
      break
    done
  fi
  "$@"
}
export -f inner
# GTK asks the session bus for xdg-desktop-portal, which has no backend here and
# complains on every start; drop those lines and keep everything else on stderr.
exec dbus-run-session -- bash -c 'inner "$@"' _ "$@" \
  2> >(grep --line-buffered -vE 'desktop-portal|impl\.portal' >&2)
