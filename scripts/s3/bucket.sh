#!/usr/bin/env bash
# Create a bucket on the local S3 server if it does not exist: bucket.sh NAME
# Reads the server's address and keys from $STATE/env (written by start.sh).
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${ELEMENTAL_S3_DIR:-$REPO/.s3}
bucket=${1:?usage: bucket.sh NAME}
# shellcheck source=/dev/null
. "$STATE/env"
# RGW 16 rejects SigV4 requests without x-amz-content-sha256, which curl does not add.
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 -X PUT \
  --aws-sigv4 "aws:amz:${S3_REGION}:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$S3_ENDPOINT/$bucket")
case $status in
  200 | 409) ;; # created, or already there
  *) echo "bucket.sh: creating $bucket failed with HTTP $status" >&2; exit 1 ;;
esac
