#!/usr/bin/env bash
# Start a throwaway single-node Ceph RADOS Gateway (S3) on 127.0.0.1 for tests.
# Idempotent: exits at once if it is already up. Otherwise builds a fresh,
# empty cluster (the osd uses memstore, so nothing survives a stop anyway).
# Prints the S3_* env (also in $STATE/env) on stdout, progress on stderr.
# See scripts/s3/README.md.
set -Eeuo pipefail
trap 'die "command failed (line $LINENO): $BASH_COMMAND"' ERR

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${ELEMENTAL_S3_DIR:-$REPO/.s3}
PORT=${ELEMENTAL_S3_PORT:-7480}
MON_PORT=${ELEMENTAL_S3_MON_PORT:-} # default: first free port from 3300
ACCESS_KEY=${ELEMENTAL_S3_ACCESS_KEY:-elemental}
SECRET_KEY=${ELEMENTAL_S3_SECRET_KEY:-elemental-secret-key}
# Object data lives in the osd's RAM, at about 2x its size. When it is full,
# writes hang (no error), hence a cap well below RAM and gc.sh between rounds.
MEM_BYTES=${ELEMENTAL_S3_MEM_BYTES:-6442450944} # 6 GiB of data, ~12 GiB of RSS
REGION=us-east-1
ENDPOINT="http://127.0.0.1:$PORT"
CONF="$STATE/ceph.conf"
RGW_NAME=client.rgw.elemental
RGW_UID=elemental
DEADLINE_S=90
PACKAGES=(radosgw ceph-mon ceph-osd)
BINARIES=(ceph ceph-authtool monmaptool ceph-mon ceph-osd radosgw radosgw-admin)

T0=$(date +%s.%N)
PHASE_T=$T0

log() { printf '[s3] %s\n' "$*" >&2; }
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
phase_done() { log "$1 ($(elapsed "$PHASE_T")s)"; PHASE_T=$(date +%s.%N); }

die() {
  trap - ERR
  log "ERROR: $*"
  local f
  for f in "$STATE"/log/{mon.a,osd.0,$RGW_NAME}.log; do
    [[ -s $f ]] || continue
    printf '\n----- tail of %s -----\n' "$f" >&2
    tail -n 15 "$f" >&2
  done
  exit 1
}

authtool() { ceph-authtool "$@" >/dev/null; }
ceph_cli() { timeout 60 ceph -c "$CONF" --connect-timeout 30 "$@"; }
rgw_admin() { timeout 60 radosgw-admin -c "$CONF" "$@"; }

# Exited daemons may linger as zombies (init reaps lazily); kill -0 says yes to those.
alive() {
  local stat
  stat=$(cat 2>/dev/null "/proc/$1/stat") || return 1
  [[ ${stat##*) } != Z* ]]
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Signed S3 request: s3 METHOD PATH [extra curl args...]; prints the body.
# RGW 16 rejects SigV4 requests without x-amz-content-sha256, which curl 7.88 does not add.
s3() {
  local method=$1 path=$2
  shift 2
  curl -sS --fail-with-body --max-time 30 -X "$method" \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "$@" "$ENDPOINT$path"
}

env_lines() {
  printf '%s\n' "S3_ENDPOINT=$ENDPOINT" "S3_ACCESS_KEY=$ACCESS_KEY" \
    "S3_SECRET_KEY=$SECRET_KEY" "S3_REGION=$REGION"
}

# Up, started by us with the same settings, all three daemons alive, and
# accepting our credentials. (RGW keeps answering for a while with the mon dead.)
already_running() {
  local name pid
  [[ -f $STATE/env && $(cat "$STATE/env") == "$(env_lines)" ]] || return 1
  for name in mon.a osd.0 "$RGW_NAME"; do
    pid=$(cat 2>/dev/null "$STATE/run/$name.pid") || return 1
    alive "$pid" || return 1
  done
  # Generous timeout: under heavy load a slow answer must not make us tear
  # down a healthy server that other test processes are using.
  s3 GET / --max-time 15 -o /dev/null 2>/dev/null
}

binaries_present() {
  local b
  for b in "${BINARIES[@]}"; do
    command -v "$b" >/dev/null || return 1
  done
}

install_packages() {
  if ! binaries_present; then
    log "installing ${PACKAGES[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    local apt_log="$STATE/apt.log"
    { timeout 600 apt-get update -qq &&
      timeout 600 apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"; } >"$apt_log" 2>&1 \
      || die "apt-get failed: $(tail -n 20 "$apt_log")"
    binaries_present || die "${BINARIES[*]} still not all on PATH after apt-get install"
  fi
  phase_done "packages ready"
}

# Refuse to wipe a directory we did not create (ELEMENTAL_S3_DIR could point anywhere).
check_state_dir() {
  mkdir -p "$STATE"
  if [[ ! -f $STATE/.elemental-s3 && -n $(ls -A "$STATE") ]]; then
    die "$STATE is not empty and was not created by this script; refusing to use it"
  fi
  touch "$STATE/.elemental-s3"
}

# The old cluster is thrown away, so a short grace period before SIGKILL is enough.
fresh_state() {
  ELEMENTAL_S3_STOP_GRACE_S=2 bash "$REPO/scripts/s3/stop.sh"
  find "$STATE" -mindepth 1 -maxdepth 1 ! -name .elemental-s3 -exec rm -rf {} +
  mkdir -p "$STATE"/{run,log,crash,tmp,mon,osd,rgw}
  phase_done "state dir reset"
}

# Several instances can coexist (own ELEMENTAL_S3_DIR and ELEMENTAL_S3_PORT);
# the mon port is then picked automatically unless given.
check_ports() {
  ! port_in_use "$PORT" || die "port $PORT on 127.0.0.1 is taken by another process"
  if [[ -n $MON_PORT ]]; then
    ! port_in_use "$MON_PORT" || die "mon port $MON_PORT on 127.0.0.1 is taken by another process"
    return 0
  fi
  for MON_PORT in {3300..3399}; do
    port_in_use "$MON_PORT" || return 0
  done
  die "no free port in 3300-3399 for the mon"
}

# Every path a daemon or CLI could default to under /var/lib/ceph, /var/log/ceph,
# /var/run/ceph or /etc/ceph is pointed into $STATE.
write_conf() {
  cat >"$CONF" <<EOF
# Generated by scripts/s3/start.sh; rewritten on every cold start.
[global]
fsid = $(uuidgen)
mon host = v2:127.0.0.1:$MON_PORT
public addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
mon warn on insecure global id reclaim allowed = false
keyring = $STATE/keyring
run dir = $STATE/run
admin socket = $STATE/run/\$name.asok
pid file = $STATE/run/\$name.pid
log file = $STATE/log/\$name.log
mon cluster log file = $STATE/log/cluster.log
crash dir = $STATE/crash
tmp dir = $STATE/tmp
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon allow pool delete = true

[mon]
mon data = $STATE/mon
paxos propose interval = 0.05
mon tick interval = 1
# Defaults warn below 30% free disk and shut the mon down below 5%.
mon data avail warn = 2
mon data avail crit = 1

[osd]
osd data = $STATE/osd
keyring = $STATE/osd/keyring
osd objectstore = memstore
memstore device bytes = $MEM_BYTES
osd mon report interval = 1

[$RGW_NAME]
rgw data = $STATE/rgw
keyring = $STATE/rgw/keyring
rgw frontends = beast endpoint=127.0.0.1:$PORT
EOF
}

# All keys are made here and imported into the mon at mkfs time, which saves
# a `ceph auth` round trip per daemon.
make_keys() {
  local mon_keyring=$1 k
  authtool "$mon_keyring" --create-keyring --gen-key -n mon. --cap mon 'allow *'
  authtool "$STATE/keyring" --create-keyring --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *'
  authtool "$STATE/osd/keyring" --create-keyring --gen-key -n osd.0 \
    --cap mon 'allow profile osd' --cap osd 'allow *' --cap mgr 'allow profile osd'
  authtool "$STATE/rgw/keyring" --create-keyring --gen-key -n "$RGW_NAME" \
    --cap mon 'allow rw' --cap osd 'allow rwx' --cap mgr 'allow rw'
  for k in "$STATE/keyring" "$STATE/osd/keyring" "$STATE/rgw/keyring"; do
    authtool "$mon_keyring" --import-keyring "$k"
  done
}

# Daemons fork into the background themselves (ceph's default), writing
# $STATE/run/<name>.pid. They get fd 9 closed or they would hold our lock forever.
start_mon() {
  local fsid
  fsid=$(awk '$1 == "fsid" { print $3 }' "$CONF")
  make_keys "$STATE/tmp/mon.keyring"
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$STATE/tmp/monmap" >/dev/null
  ceph-mon -c "$CONF" -i a --mkfs --monmap "$STATE/tmp/monmap" --keyring "$STATE/tmp/mon.keyring" \
    || die "ceph-mon --mkfs failed"
  ceph-mon -c "$CONF" -i a 9<&- || die "ceph-mon failed to start"
  phase_done "mon started"
}

start_osd() {
  local uuid
  uuid=$(uuidgen)
  ceph_cli osd new "$uuid" 0 >/dev/null || die "'ceph osd new' failed (is the mon up?)"
  # Both print harmless noise on stderr ("Falling back to public interface", ...).
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$uuid" 2>>"$STATE/log/osd-stderr.log" \
    || die "ceph-osd --mkfs failed"
  ceph-osd -c "$CONF" -i 0 9<&- 2>>"$STATE/log/osd-stderr.log" || die "ceph-osd failed to start"
  phase_done "osd started"
}

start_rgw() {
  radosgw -c "$CONF" -n "$RGW_NAME" 9<&- || die "radosgw failed to start"
  phase_done "rgw started"
}

# Talks to RADOS directly, so it runs while radosgw is still initialising.
create_user() {
  if ! rgw_admin user create --uid "$RGW_UID" --display-name "Elemental tests" \
    --access-key "$ACCESS_KEY" --secret-key "$SECRET_KEY" >/dev/null 2>"$STATE/log/user-create.log"; then
    rgw_admin user info --uid "$RGW_UID" 2>/dev/null | grep -q "\"access_key\": \"$ACCESS_KEY\"" \
      || die "radosgw-admin user create failed: $(cat "$STATE/log/user-create.log")"
  fi
  phase_done "user ready"
}

wait_for_s3() {
  local pid
  until curl -s -o /dev/null --max-time 2 "$ENDPOINT/"; do
    pid=$(cat 2>/dev/null "$STATE/run/$RGW_NAME.pid") || true
    if [[ -n $pid ]] && ! alive "$pid"; then
      die "radosgw exited during startup"
    fi
    (($(date +%s) - ${T0%.*} < DEADLINE_S)) || die "S3 did not answer on $ENDPOINT within ${DEADLINE_S}s"
    sleep 0.2
  done
  phase_done "S3 answering on $ENDPOINT"
}

# RGW creates its RADOS pools lazily on first use (~2 s each with default mon
# timings), so exercise bucket, object and multipart paths once before tests.
# "?uploads=" rather than "?uploads": curl 7.88 signs a bare key without the "=".
warm_up() {
  local bucket=elemental-warmup upload_id
  s3 PUT "/$bucket" -o /dev/null || die "warm-up: create bucket failed"
  s3 PUT "/$bucket/obj" --data-binary warm -o /dev/null || die "warm-up: put object failed"
  upload_id=$(s3 POST "/$bucket/mp?uploads=" | sed -n 's:.*<UploadId>\(.*\)</UploadId>.*:\1:p') \
    || die "warm-up: create multipart upload failed"
  [[ -n $upload_id ]] || die "warm-up: no UploadId in response"
  s3 DELETE "/$bucket/mp?uploadId=$upload_id" -o /dev/null || die "warm-up: abort multipart failed"
  s3 DELETE "/$bucket/obj" -o /dev/null || die "warm-up: delete object failed"
  s3 DELETE "/$bucket" -o /dev/null || die "warm-up: delete bucket failed"
  phase_done "warmed up"
}

env_stamp() { stat -c %y "$STATE/env" 2>/dev/null || echo none; }

main() {
  if already_running; then
    cat "$STATE/env"
    return 0
  fi
  local stamp
  stamp=$(env_stamp)
  phase_done "not running; cold start"
  command -v curl >/dev/null || die "curl is required"
  check_state_dir
  cd "$STATE" # daemons inherit it as their working directory
  # Serialise concurrent start.sh runs on the same state dir. If another run
  # wrote env meanwhile, it probably brought the server up for us too.
  exec 9<"$STATE"
  if ! flock -n 9; then
    log "waiting for another start.sh"
    flock -w "$DEADLINE_S" 9 || die "timed out waiting for another start.sh to finish"
  fi
  if [[ $(env_stamp) != "$stamp" ]] && already_running; then
    cat "$STATE/env"
    return 0
  fi
  install_packages
  fresh_state
  check_ports
  write_conf
  start_mon
  start_osd
  start_rgw
  create_user
  wait_for_s3
  warm_up
  env_lines >"$STATE/env"
  log "ready in $(elapsed "$T0")s (state in $STATE)"
  cat "$STATE/env"
}

main "$@"
