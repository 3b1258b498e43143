#!/usr/bin/env bash
# A Slurm array over one corpus: task K of N extracts shard K/N (`--shard`, split by a hash
# of the document id, so the N tasks need no coordination and read every document once).
#
#   sbatch --array=1-16 scripts/slurm_extract.sh /data/notices.tar.gz /data/out
#   cat /data/out/part-*.jsonl > all.jsonl     # every record once (order: by shard)
#
# ZHENGGAI (default: zhenggai on PATH) is the CLI; each task uses the cores Slurm gives it.
#SBATCH --job-name=zhenggai
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=zhenggai-%A_%a.log
set -euo pipefail
INPUT=${1:?usage: sbatch --array=1-N slurm_extract.sh INPUT OUTDIR}
OUT=${2:?usage: sbatch --array=1-N slurm_extract.sh INPUT OUTDIR}
K=${SLURM_ARRAY_TASK_ID:?run under sbatch --array=1-N}
N=${SLURM_ARRAY_TASK_COUNT:?run under sbatch --array=1-N}
mkdir -p "$OUT"
"${ZHENGGAI:-zhenggai}" extract --shard "$K/$N" --jobs "${SLURM_CPUS_PER_TASK:-1}" -q \
    -o "$OUT/part-$(printf '%04d' "$K").jsonl" "$INPUT"
