#!/usr/bin/env bash
# A sharded snapshot on one machine: snapshot-data in one process against plan, 2 and 4 concurrent
# shard processes (each with its own fresh work dir, as separate pods) and merge, on the same tree of
# small files; then one big file through a single process for the byte rate. Each case gets a fresh
# registry and remote. Prints a Markdown table and a paper estimate for 100M files / 100 TB over 64
# pods from the measured per-shard rates. Data is generated under bench/out/ (git-ignored).
#
#   bash bench/shard.sh [--files N] [--big-mib M] [--shards "2 4"] [--out DIR]
#       defaults: 1000000 files of 1 KiB, a 256 MiB file, 2 and 4 shards, data under bench/out/shard
#   bash bench/shard.sh --out /dev/shm/cairn-shard
#       the run on a tmpfs: CPU without the disk (creating and deleting a million files on a slow
#       disk takes longer than the snapshot itself)
#
# Each case's remote is deleted once its .dir is checked against the one-process run, so the run
# needs room for the data and two copies of it.
#
# Needs: a built CLI (mvn -B -q package -DskipTests -DskipITs -pl steps/cli -am), GNU time.
# Writes the table to bench/out/shard-results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=1000000
big_mib=256
shard_counts="2 4"
out_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --big-mib) big_mib=$2; shift 2 ;;
    --shards) shard_counts=$2; shift 2 ;;
    --out) out_dir=$2; shift 2 ;;
    *) echo "error: unknown option $1 (use --files N, --big-mib M, --shards \"2 4\", --out DIR)" >&2; exit 2 ;;
  esac
done
cairn="$here/bin/cairn"
[ -f "$here/steps/cli/target/cairn.jar" ] || { echo "error: CLI not built (run: mvn -B -q package -DskipTests -DskipITs -pl steps/cli -am)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "error: GNU time missing (apt-get install time)" >&2; exit 3; }
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=bench@localhost CAIRN_GIT_AUTHOR_NAME=bench CAIRN_GIT_AUTHOR_EMAIL=bench@localhost

out="$here/bench/out"
run="${out_dir:-$out/shard}"
rm -rf "$run"
mkdir -p "$run"
data="$run/data"
python3 - "$data" "$files" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    d = os.path.join(root, f"d{(i // 10000) % 1000:03d}", f"s{(i // 1000) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:07d}.bin"), "wb") as f:
        f.write(rng.randbytes(1024))
PY
big="$run/big"
mkdir -p "$big"
head -c "$((big_mib * 1024 * 1024))" /dev/urandom > "$big/big.bin"
sync

now() { date +%s.%N; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$1" "$2"; }
# step CASE POD ARGS...: snapshot-data of $data into CASE's registry and remote, in pod POD's work dir
step() {
  local case=$1 pod=$2; shift 2
  "$cairn" snapshot-data --quiet --name lake --data "$data" --git-url "$run/$case/registry.git" \
    --remote "$run/$case/remote" --work-dir "$run/$case/pods/$pod" "$@" > "$run/$case/$pod.log" 2>&1 \
    || { echo "error: $case $pod failed; see $run/$case/$pod.log" >&2; tail -3 "$run/$case/$pod.log" >&2; exit 1; }
}
fresh() { mkdir -p "$run/$1"; git init -q --bare -b main "$run/$1/registry.git"; }

rows=()
# --- one process ----------------------------------------------------------------------------------
fresh single
t0=$(now); step single pod; t1=$(now)
single_s=$(secs "$t0" "$t1")
single_md5=$(grep -o '^md5: .*' "$run/single/pod.log" | cut -d' ' -f2)
rm -rf "$run/single/remote"
rows+=("| 1 process | – | $single_s | – | $single_s | $(python3 -c "print(round($files / $single_s))") |")

# --- plan, N concurrent shard processes, merge ------------------------------------------------------
declare -A shard_wall
for n in $shard_counts; do
  c="sharded-$n"
  fresh "$c"
  t0=$(now); step "$c" plan --role plan --shards "$n" --output "shards=$run/$c/shards.json"; t1=$(now)
  pids=()
  for ((i = 0; i < n; i++)); do
    step "$c" "shard$i" --role shard --shard "$i" --plan "$run/$c/shards.json" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t2=$(now)
  step "$c" merge --role merge --plan "$run/$c/shards.json"; t3=$(now)
  md5=$(grep -o '^md5: .*' "$run/$c/merge.log" | cut -d' ' -f2)
  [ "$md5" = "$single_md5" ] || { echo "error: $n shards gave $md5, one process $single_md5" >&2; exit 1; }
  rm -rf "$run/$c/remote"
  plan_s=$(secs "$t0" "$t1"); shards_s=$(secs "$t1" "$t2"); merge_s=$(secs "$t2" "$t3")
  total=$(secs "$t0" "$t3")
  shard_wall[$n]=$shards_s
  last_plan=$plan_s last_merge=$merge_s
  rows+=("| plan + $n shards + merge | $plan_s | $shards_s | $merge_s | $total | $(python3 -c "print(round($files / $total))") |")
done

# --- one big file: the byte rate of one process -----------------------------------------------------
fresh big
t0=$(now)
"$cairn" snapshot-data --quiet --name big --data "$big" --git-url "$run/big/registry.git" \
  --remote "$run/big/remote" --work-dir "$run/big/pod" > "$run/big/pod.log" 2>&1
t1=$(now)
big_s=$(secs "$t0" "$t1")

{
  echo "$files files of 1 KiB (same .dir in every case: $single_md5); $(nproc) cores"
  echo
  echo "| case | plan s | hash+upload s (wall) | merge s | total s | files/s |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "One $big_mib MiB file, one process: ${big_s} s"
  echo
  python3 - "$files" "$single_s" "$big_mib" "$big_s" "$last_plan" "$last_merge" <<'PY'
import sys
files, single_s, big_mib, big_s, plan_s, merge_s = (float(a) for a in sys.argv[1:])
file_rate = files / single_s              # files/s of one process (one pod) on small files
byte_rate = big_mib * 2**20 / big_s       # bytes/s of one process on a big file
plan_rate = files / plan_s                # files/s the plan lists
merge_rate = files / merge_s              # files/s the merge reads and checks
F, B, P = 100e6, 100e12, 64
per_pod = F / P / file_rate + B / P / byte_rate
total = F / plan_rate + per_pod + F / merge_rate
print("Paper estimate, 100M files / 100 TB over 64 pods, each pod as fast as one process here:")
print(f"- per pod: {F / P:,.0f} files at {file_rate:,.0f} files/s + {B / P / 1e12:.2f} TB at "
      f"{byte_rate / 2**20:,.0f} MiB/s = {per_pod / 3600:.1f} h")
print(f"- plan (one pod, {plan_rate:,.0f} files/s): {F / plan_rate / 3600:.1f} h; "
      f"merge (one pod, {merge_rate:,.0f} files/s): {F / merge_rate / 3600:.1f} h")
print(f"- total about {total / 3600:.1f} h (one pod alone: {(F / file_rate + B / byte_rate) / 3600:.0f} h)")
PY
} | tee "$out/shard-results.md"
