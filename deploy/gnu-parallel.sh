#!/usr/bin/env bash
# Run a model as N shards with GNU parallel on one machine (or several, with parallel's --sshlogin), then merge.
#
#   deploy/gnu-parallel.sh MODEL N OUT [abate run options...]
#
#   MODEL  the .model file          N    number of shards (e.g. 64)
#   OUT    output directory: OUT/shards/1..N hold the shards, OUT the merged results and report
#   JOBS   shards at a time (default: parallel's one per core); ABATE: the command (default: npx abate)
#   THREADS  worker threads per shard (default 1: the shards already fill the cores)
set -euo pipefail
if [ "$#" -lt 3 ]; then
  echo "usage: $0 MODEL N OUT [abate run options...]" >&2
  exit 2
fi
MODEL=$1 N=$2 OUT=$3
shift 3
ABATE=${ABATE:-npx abate}
mkdir -p "$OUT/shards"
# --halt now,fail=1: one failed shard stops the others; abate merge would name the missing shards anyway
seq 1 "$N" | parallel --halt now,fail=1 ${JOBS:+-j "$JOBS"} \
  "$ABATE run '$MODEL' --shard {}/$N --out '$OUT/shards/{}' --jobs ${THREADS:-1} --quiet $*"
$ABATE merge "$OUT"/shards/* --out "$OUT"
