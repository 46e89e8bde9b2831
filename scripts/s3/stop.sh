#!/usr/bin/env bash
# Stop the test S3 gateway started by scripts/s3/start.sh.
# Usage: stop.sh [--purge]   (--purge also deletes the state dir)
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${ELEMENTAL_S3_DIR:-$REPO/.s3}
CONF="$STATE/ceph.conf"
GRACE_S=${ELEMENTAL_S3_STOP_GRACE_S:-5} # before SIGKILL

log() { printf '[s3] %s\n' "$*" >&2; }

# PIDs of live processes running BINARY with our conf. Covers daemons whose
# pid file is missing or stale (e.g. after kill -9 or a failed start).
pids_of() {
  local bin=$1 pid cmd
  for pid in $(cat "$STATE/run/"*.pid 2>/dev/null) /proc/[0-9]*; do
    pid=${pid#/proc/}
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || continue
    if [[ $cmd == *"$bin "*"-c $CONF "* ]]; then echo "$pid"; fi
  done | sort -u
}

# Exited daemons can stay zombies for a while (our parent is init, which may
# reap slowly), and kill -0 succeeds on zombies, so look at the state instead.
alive() {
  local stat
  stat=$(cat 2>/dev/null "/proc/$1/stat") || return 1
  [[ ${stat##*) } != Z* ]]
}

# stop_daemons BIN...: SIGTERM all of them, SIGKILL whatever is left after GRACE_S.
stop_daemons() {
  local bin pids="" pid i
  for bin in "$@"; do
    pids+=" $(pids_of "$bin")"
  done
  pids=$(echo $pids)
  [[ -n $pids ]] || return 0
  log "stopping $* (pid $pids)"
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < GRACE_S * 10; i++)); do
    pids=$(for pid in $pids; do if alive "$pid"; then echo "$pid"; fi; done)
    [[ -n $pids ]] || return 0
    sleep 0.1
  done
  log "still running after ${GRACE_S}s, sending SIGKILL to" $pids
  kill -KILL $pids 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do
    pids=$(for pid in $pids; do if alive "$pid"; then echo "$pid"; fi; done)
    [[ -n $pids ]] || return 0
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
  if [[ -d $STATE ]]; then
    # One at a time, in this order: radosgw needs the osd to shut down
    # cleanly (else it hangs until SIGKILL), and the osd needs the mon.
    stop_daemons radosgw
    stop_daemons ceph-osd
    stop_daemons ceph-mon
    rm -f "$STATE"/run/*.pid "$STATE"/run/*.asok "$STATE/env"
  fi
  if ((purge)) && [[ -d $STATE ]]; then
    [[ -f $STATE/.elemental-s3 ]] || { log "refusing to purge $STATE: not created by start.sh"; exit 1; }
    rm -rf "$STATE"
    log "purged $STATE"
  fi
}

main "$@"
