#!/usr/bin/env bash
# The merge after deploy/slurm-array.sh (submit with --dependency=afterok:<array job id>): checks that every
# shard is present once and from the same model, data and options, then writes OUT/results.json and the report.
#SBATCH --job-name=abate-merge
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=abate-merge-%j.log
set -euo pipefail
: "${OUT:?set OUT to the output directory of the shards}"
ABATE=${ABATE:-npx abate}
$ABATE merge "$OUT"/shards/* --out "$OUT" --jobs "${SLURM_CPUS_PER_TASK:-1}"
