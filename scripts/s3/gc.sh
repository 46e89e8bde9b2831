#!/usr/bin/env bash
# Reclaim space from deleted objects now instead of after RGW's 2 h GC delay.
# Benchmarks run this between rounds so memstore (RAM) does not fill up.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${ELEMENTAL_S3_DIR:-$REPO/.s3}
CONF="$STATE/ceph.conf"

[[ -f $CONF ]] || { echo "[s3] no $CONF; is the server running? (scripts/s3/start.sh)" >&2; exit 1; }
timeout "${ELEMENTAL_S3_GC_TIMEOUT:-600}" radosgw-admin -c "$CONF" gc process --include-all
