#!/usr/bin/env bash
# Cairn benchmark harness: Cairn side by side with `dvc` and `md5sum`, measured in one run on this
# machine. Data is generated under bench/out/ (git-ignored), never committed.
#
#   bash bench/run.sh [--files N] [--big-mib M]      defaults: 100000 files of 4 KiB, one 1024 MiB file
#
# Needs: a built CLI (mvn -B -q package -DskipTests), .venv-interop (bash .ci/install-interop-tools),
# md5sum, GNU time (/usr/bin/time, Debian package `time`). Prints a Markdown table and writes it to
# bench/out/results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=100000
big_mib=1024
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --big-mib) big_mib=$2; shift 2 ;;
    *) echo "error: unknown option $1 (use --files N, --big-mib M)" >&2; exit 2 ;;
  esac
done

cairn="$here/bin/cairn"
dvc="$here/.venv-interop/bin/dvc"
[ -x "$dvc" ] || { echo "error: dvc not installed (run: bash .ci/install-interop-tools)" >&2; exit 3; }
[ -f "$here/steps/cli/target/cairn.jar" ] || { echo "error: CLI not built (run: mvn -B -q package -DskipTests)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "error: GNU time missing (apt-get install time)" >&2; exit 3; }
export DVC_NO_ANALYTICS=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost

out="$here/bench/out"
rm -rf "$out/run"
mkdir -p "$out/run"
data="$out/data-$files"
big="$out/big-$big_mib.bin"

# --- data: deterministic pseudo-random content, nested 3 levels deep ---------------------------
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  python3 - "$data" "$files" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)
for i in range(n):
    d = os.path.join(root, f"d{i % 100:02d}", f"s{(i // 100) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:06d}.bin"), "wb") as f:
        f.write(rng.randbytes(4096))
open(os.path.join(root, ".complete"), "w").close()
PY
  rm -f "$data/.complete.tmp"
fi
if [ ! -f "$big" ] || [ "$(stat -c %s "$big")" -ne $((big_mib * 1024 * 1024)) ]; then
  head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$big"
fi

# seconds and peak RSS (KiB) of a command, run in a directory
measure() { # dir label cmd...
  local dir=$1 label=$2; shift 2
  local t="$out/run/$label.time"
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$t" "$@" > "$out/run/$label.log" 2>&1) \
    || { echo "error: $label failed, see $out/run/$label.log" >&2; exit 1; }
  cat "$t"
}

repo() { # name -> path of a fresh git repo with the data copied in by hardlinks (same inode-free cost)
  local r="$out/run/$1"
  mkdir -p "$r"; (cd "$r" && git init -q && cp -al "$data" data && rm -f data/.complete)
  echo "$r"
}

# Each cold step starts alike: earlier steps' dirty pages written back (sync) and the data read
# into the page cache, so neither tool pays for the other's writes or for the first read from disk.
settle() { sync; find "$data" -type f -print0 | xargs -0 cat > /dev/null; }

# --- for scale: the file system's own cost of copying the tree once --------------------------
settle
read -r cp_copy _ < <(measure "$out/run" cp-copy cp -r "$data" "$out/run/cp-copy")
rm -rf "$out/run/cp-copy"

# --- 100k files: add + push, cold then warm ---------------------------------------------------
cr=$(repo cairn); (cd "$cr" && "$cairn" init -q && "$cairn" remote add -d store "$out/run/cairn-remote" >/dev/null)
dr=$(repo dvc);   (cd "$dr" && "$dvc" init -q && "$dvc" remote add -d store "$out/run/dvc-remote" >/dev/null)

settle
read -r c_add c_add_mem < <(measure "$cr" cairn-add "$cairn" add data)
sync
read -r c_push c_push_mem < <(measure "$cr" cairn-push "$cairn" push)
settle
read -r d_add _ < <(measure "$dr" dvc-add "$dvc" add data)
sync
read -r d_push _ < <(measure "$dr" dvc-push "$dvc" push)
sync
# warm steps change nothing, so each is repeated and the best of 3 kept (as for hashing below)
best_in() { local b=""; for _ in 1 2 3; do read -r s _ < <(measure "$@"); if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi; done; echo "$b"; }
c_add2=$(best_in "$cr" cairn-add-warm "$cairn" add data)
c_push2=$(best_in "$cr" cairn-push-warm "$cairn" push)
d_add2=$(best_in "$dr" dvc-add-warm "$dvc" add data)
d_push2=$(best_in "$dr" dvc-push-warm "$dvc" push)

# --- 1 GiB file: cairn hash vs md5sum (page cache warmed first, best of 3) ---------------------
md5sum "$big" > /dev/null
best() { local b=""; for _ in 1 2 3; do read -r s _ < <(measure "$out" "$1" "${@:2}"); if [ -z "$b" ] || awk "BEGIN{exit !($s < $b)}"; then b=$s; fi; done; echo "$b"; }
m_hash=$(best md5sum md5sum "$big")
c_hash=$(best cairn-hash "$cairn" hash "$big")
[ "$(md5sum "$big" | cut -d' ' -f1)" = "$("$cairn" hash "$big")" ] || { echo "error: cairn hash disagrees with md5sum" >&2; exit 1; }

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", $1 / $2; else print \"inf\" }"; }
rate() { awk "BEGIN{ if ($2 > 0) printf \"%.0f\", $1 / $2; else print \"inf\" }"; }
c_cold=$(awk "BEGIN{print $c_add + $c_push}"); d_cold=$(awk "BEGIN{print $d_add + $d_push}")
c_warm=$(awk "BEGIN{print $c_add2 + $c_push2}"); d_warm=$(awk "BEGIN{print $d_add2 + $d_push2}")
peak=$(( (c_add_mem > c_push_mem ? c_add_mem : c_push_mem) / 1024 ))
mbps() { awk "BEGIN{ printf \"%.0f\", $big_mib * 1.048576 / $1 }"; }

{
  echo "## Cairn benchmark ($(nproc) cores, $(date -u +%Y-%m-%d))"
  echo
  echo "| case | cairn | dvc / md5sum | ratio (other / cairn) |"
  echo "|---|---|---|---|"
  echo "| $files x 4 KiB: add + push, cold | ${c_cold} s ($(rate "$files" "$c_cold") files/s) | dvc ${d_cold} s ($(rate "$files" "$d_cold") files/s) | $(ratio "$d_cold" "$c_cold")x |"
  echo "| same, nothing changed (warm, best of 3) | ${c_warm} s | dvc ${d_warm} s | $(ratio "$d_warm" "$c_warm")x |"
  echo "| hash one ${big_mib} MiB file | ${c_hash} s ($(mbps "$c_hash") MB/s) | md5sum ${m_hash} s ($(mbps "$m_hash") MB/s) | $(ratio "$m_hash" "$c_hash")x |"
  echo "| peak RSS of cairn add/push ($files files) | ${peak} MiB | | |"
  echo "| for scale: \`cp -r\` of the same tree (one copy) | | ${cp_copy} s | |"
  echo
  echo "Breakdown: cairn add ${c_add} s, push ${c_push} s; dvc add ${d_add} s, push ${d_push} s;"
  echo "warm: cairn add ${c_add2} s, push ${c_push2} s; dvc add ${d_add2} s, push ${d_push2} s."
} | tee "$out/results.md"
