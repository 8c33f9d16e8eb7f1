#!/usr/bin/env bash
# One shard of a model per Slurm array task; submit it as an array, then the merge once every task succeeded:
#
#   jid=$(sbatch --parsable --array=1-64 --export=ALL,MODEL=models/x/x.model,OUT=$PWD/out/x deploy/slurm-array.sh)
#   sbatch --dependency=afterok:$jid --export=ALL,OUT=$PWD/out/x deploy/slurm-merge.sh
#
# MODEL and OUT come from the environment (OUT on a file system every node sees); ABATE is the command
# (default: npx abate). Each task uses the CPUs Slurm gives it (--cpus-per-task) as worker threads.
#SBATCH --job-name=abate-shard
#SBATCH --cpus-per-task=2
#SBATCH --time=01:00:00
#SBATCH --output=abate-shard-%A_%a.log
set -euo pipefail
: "${MODEL:?set MODEL to the .model file}" "${OUT:?set OUT to the output directory}"
: "${SLURM_ARRAY_TASK_ID:?submit with sbatch --array=1-N}" "${SLURM_ARRAY_TASK_COUNT:?submit with sbatch --array=1-N}"
ABATE=${ABATE:-npx abate}
$ABATE run "$MODEL" --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
  --out "$OUT/shards/$SLURM_ARRAY_TASK_ID" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet
