#!/usr/bin/env bash
# Stop the test S3 gateway started by scripts/s3/start.sh.
# Usage: stop.sh [--purge]   (--purge also deletes the state dir)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${ELEMENTAL_S3_DIR:-$REPO/.s3}
CONF="$STATE/ceph.conf"
GRACE_S=${ELEMENTAL_S3_STOP_GRACE_S:-5} # before SIGKILL

log() { printf '[s3] %s\n' "$*" >&2; }

# PIDs of processes running BINARY with our conf. Found in /proc rather than
# in the pid files, which can be stale (kill -9) or missing (failed start).
pids_of() {
  local bin=$1 f cmd
  grep -lasF -- "$CONF" /proc/[0-9]*/cmdline | while read -r f; do
    cmd=$(tr '\0' ' ' 2>/dev/null <"$f") || continue
    if [[ $cmd == *"$bin "*"-c $CONF "* ]]; then
      f=${f#/proc/}
      echo "${f%/cmdline}"
    fi
  done
}

# Exited daemons can stay zombies for a while (our parent is init, which may
# reap slowly), and kill -0 succeeds on zombies, so look at the state instead.
alive() {
  local stat
  stat=$(cat 2>/dev/null "/proc/$1/stat") || return 1
  [[ ${stat##*) } != Z* ]]
}

# Sets PIDS to those of its arguments that are still alive.
still_alive() {
  local pid
  PIDS=()
  for pid in "$@"; do
    if alive "$pid"; then PIDS+=("$pid"); fi
  done
  ((${#PIDS[@]} > 0))
}

# SIGTERM, then SIGKILL whatever is left after GRACE_S.
stop_daemon() {
  local bin=$1 i
  mapfile -t PIDS < <(pids_of "$bin")
  ((${#PIDS[@]} > 0)) || return 0
  log "stopping $bin (pid ${PIDS[*]})"
  kill -TERM "${PIDS[@]}" 2>/dev/null || true
  for ((i = 0; i < GRACE_S * 10; i++)); do
    still_alive "${PIDS[@]}" || return 0
    sleep 0.1
  done
  log "$bin still running after ${GRACE_S}s, sending SIGKILL"
  kill -KILL "${PIDS[@]}" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    still_alive "${PIDS[@]}" || return 0
    sleep 0.1
  done
}

main() {
  local purge=0
  case "${1:-}" in
    --purge) purge=1 ;;
    "") ;;
    *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
  esac
  [[ -d $STATE ]] || return 0
  # One at a time, in this order: radosgw needs the osd to shut down
  # cleanly (else it hangs until SIGKILL), and the osd needs the mon.
  stop_daemon radosgw
  stop_daemon ceph-osd
  stop_daemon ceph-mon
  rm -f "$STATE"/run/*.pid "$STATE"/run/*.asok "$STATE/env"
  if ((purge)); then
    [[ -f $STATE/.elemental-s3 ]] || { log "refusing to purge $STATE: not created by start.sh"; exit 1; }
    rm -rf "$STATE"
    log "purged $STATE"
  fi
}

main "$@"
