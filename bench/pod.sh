#!/usr/bin/env bash
# The daily snapshot as a pod runs it: every day starts with an empty work dir (the templates' emptyDir)
# and no hash state on the machine. Cairn's snapshot-data side by side with DVC scripted the same way
# (a fresh clone, dvc add, dvc push, commit, tag, push), and with one `cp -r` of the tree for scale.
# Data is generated under bench/out/ (git-ignored), never committed.
#
#   bash bench/pod.sh [--files N] [--change-pct P] [--big-gib G] [--no-dvc] [--out DIR] [--pod-mib M]
#       defaults: 100000 files of 4 KiB, 1% of them rewritten on day 2, no big file, with dvc
#   bash bench/pod.sh --files 1000000 --no-dvc     the 1M-file case (dvc takes hours there)
#   bash bench/pod.sh --files 0 --big-gib 10       one 10 GiB file
#   bash bench/pod.sh --files 1000000 --no-dvc --out /dev/shm/cairn-pod
#       the run on a tmpfs: CPU and memory without the disk (a slow or shared disk needs far longer
#       to create and delete a million files than Cairn needs to snapshot them)
#   --pod-mib 512: Cairn's JVM sized as in a pod with a 512 MiB memory limit: the step images' flags
#       (75% of the limit for the heap, the serial collector), the limit given by -XX:MaxRAM
#   --image-jvm: run the snapshot-data step as its image does (bench/image-jvm.sh: the images' JVM, a
#       JDK 25 if installed, with the image's options and start-up archive) instead of bin/cairn;
#       CAIRN_JAVA_OPTS adds JVM options there too
#
# Needs: a built CLI (mvn -B -q package -DskipTests -DskipITs -pl steps/cli -am), .venv-interop
# (bash .ci/install-interop-tools) unless --no-dvc, GNU time (/usr/bin/time). Prints a Markdown
# table and writes it to bench/out/pod-results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=100000
change_pct=1
big_gib=0
with_dvc=true
out_dir=""
pod_mib=""
image=false
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --change-pct) change_pct=$2; shift 2 ;;
    --big-gib) big_gib=$2; shift 2 ;;
    --no-dvc) with_dvc=false; shift ;;
    --out) out_dir=$2; shift 2 ;;
    --pod-mib) pod_mib=$2; shift 2 ;;
    --image-jvm) image=true; shift ;;
    *) echo "error: unknown option $1 (use --files N, --change-pct P, --big-gib G, --no-dvc, --out DIR, --pod-mib M, --image-jvm)" >&2; exit 2 ;;
  esac
done
if [ -n "$pod_mib" ] && ! $image; then
  # the jvmFlags of the step images (pom.xml, Jib), in a pod limited to $pod_mib MiB
  export CAIRN_JAVA_OPTS="-XX:MaxRAM=${pod_mib}m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC ${CAIRN_JAVA_OPTS:-}"
fi

cairn=("$here/bin/cairn" snapshot-data)
dvc="$here/.venv-interop/bin/dvc"
[ -f "$here/steps/cli/target/cairn.jar" ] || { echo "error: CLI not built (run: mvn -B -q package -DskipTests -DskipITs -pl steps/cli -am)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "error: GNU time missing (apt-get install time)" >&2; exit 3; }
if $with_dvc && [ ! -x "$dvc" ]; then
  echo "error: dvc not installed (run: bash .ci/install-interop-tools, or pass --no-dvc)" >&2; exit 3
fi
export DVC_NO_ANALYTICS=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
export CAIRN_GIT_AUTHOR_NAME=bench CAIRN_GIT_AUTHOR_EMAIL=bench@localhost

out="$here/bench/out"
run="${out_dir:-$out/pod}"
rm -rf "$run"
mkdir -p "$run"
if $image; then
  . "$here/bench/image-jvm.sh"
  image_jvm "$(image_java)" "$run/image"
  # shellcheck disable=SC2206 # CAIRN_JAVA_OPTS: more JVM options, split on spaces as bin/cairn does
  cairn=("${IMAGE_STEP[0]}" ${pod_mib:+-XX:MaxRAM=${pod_mib}m} ${CAIRN_JAVA_OPTS:-} "${IMAGE_STEP[@]:1}")
fi

# --- data: the tree (regenerated each run: day 2 rewrites part of it) and the big file ------------
data="$run/data"
mkdir -p "$data"
python3 - "$data" "$files" "$big_gib" <<'PY'
import os, sys, random
root, n, big_gib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
for i in range(n):
    d = os.path.join(root, f"d{(i // 10000) % 1000:03d}", f"s{(i // 1000) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:07d}.bin"), "wb") as f:
        f.write(rng.randbytes(4096))
if big_gib > 0:
    chunk = rng.randbytes(1 << 20)
    with open(os.path.join(root, "big.bin"), "wb") as f:
        for i in range(big_gib * 1024):
            f.write(bytes([i & 0xff]) + chunk[1:])
PY

rewrite() { # day 2: every (100/P)-th small file gets new bytes of the same size
  python3 - "$data" "$files" "$change_pct" <<'PY'
import os, sys, random
root, n, pct = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
step = max(1, round(100 / pct)) if pct > 0 else 0
rng = random.Random(7)
changed = 0
for i in range(0, n, step) if step else []:
    d = os.path.join(root, f"d{(i // 10000) % 1000:03d}", f"s{(i // 1000) % 10}")
    with open(os.path.join(d, f"f{i:07d}.bin"), "wb") as f:
        f.write(rng.randbytes(4096))
    changed += 1
print(changed)
PY
}

measure() { # dir label cmd... -> "seconds peak-rss-kib"
  local dir=$1 label=$2; shift 2
  local t="$run/$label.time"
  (cd "$dir" && /usr/bin/time -f "%e %M" -o "$t" "$@" > "$run/$label.log" 2>&1) \
    || { echo "error: $label failed, see $run/$label.log" >&2; exit 1; }
  cat "$t"
}
settle() { sync; find "$data" -type f -print0 | xargs -0 cat > /dev/null; }
size_mb() { du -sb "$1" 2>/dev/null | awk '{printf "%.1f", $1 / 1e6}'; }
data_mb=$(find "$data" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1e6}')

# --- for scale: one copy of the tree to a remote directory ----------------------------------------
settle
read -r cp_s _ < <(measure "$run" cp-copy cp -r "$data" "$run/cp-copy")
rm -rf "$run/cp-copy"

# --- Cairn: snapshot-data with a fresh work dir each day ------------------------------------------
git init -q --bare -b main "$run/cairn-registry.git"
cairn_day() { # label -> "seconds rss-kib workdir-mb"
  local work="$run/$1-work"
  rm -rf "$work"
  settle
  read -r s rss < <(measure "$run" "$1" "${cairn[@]}" --quiet --name ds --data "$data" \
    --git-url "$run/cairn-registry.git" --remote "$run/cairn-remote" --work-dir "$work" \
    --summary "$run/$1.md")
  echo "$s $rss $(size_mb "$work")"
  rm -rf "$work"
}

# --- DVC: a fresh clone each day, add, push, commit, tag, push ------------------------------------
dvc_setup() {
  git init -q --bare -b main "$run/dvc-registry.git"
  local c="$run/dvc-setup"
  git clone -q "$run/dvc-registry.git" "$c" 2> /dev/null
  (cd "$c" && "$dvc" init -q && "$dvc" remote add -q -d store "$run/dvc-remote" \
    && git add -A && git commit -qm init && git push -q origin HEAD:main)
  rm -rf "$c"
}
dvc_day() { # label tag -> "seconds rss-kib cache-mb"
  local c="$run/$1-clone"
  rm -rf "$c"
  git clone -q "$run/dvc-registry.git" "$c"
  cp -al "$data" "$c/data" # the mounted data, in the workspace (hard links: no copy)
  settle
  read -r s rss < <(measure "$c" "$1" bash -c "'$dvc' add -q data && '$dvc' push -q \
    && git add data.dvc .gitignore && git commit -qm '$2' && git tag -a 'ds@$2' -m '$2' \
    && git push -q origin HEAD:main 'ds@$2'")
  echo "$s $rss $(size_mb "$c/.dvc/cache")"
  rm -rf "$c"
}

read -r c1 c1_rss c1_work < <(cairn_day cairn-day1)
if $with_dvc; then dvc_setup; read -r d1 _ d1_cache < <(dvc_day dvc-day1 v0.0.1); fi
changed=$(rewrite)
read -r c2 c2_rss c2_work < <(cairn_day cairn-day2)
if $with_dvc; then read -r d2 _ d2_cache < <(dvc_day dvc-day2 v0.0.2); fi

ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", $1 / $2; else print \"inf\" }"; }
pct() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", 100 * $1 / $2; else print \"-\" }"; }
what="$files x 4 KiB"
[ "$big_gib" -gt 0 ] && what="$what + one $big_gib GiB file"
{
  echo "## Daily snapshot in a fresh pod: $what, $data_mb MB ($(nproc) cores, $(date -u +%Y-%m-%d))"
  echo
  echo "| day | cairn | dvc | dvc / cairn | cairn / \`cp -r\` | cairn work dir after the run | cairn peak RSS |"
  echo "|---|---|---|---|---|---|---|"
  if $with_dvc; then
    echo "| 1, everything new | ${c1} s | ${d1} s | $(ratio "$d1" "$c1")x | $(ratio "$c1" "$cp_s")x | ${c1_work} MB ($(pct "$c1_work" "$data_mb")% of the data; dvc cache ${d1_cache} MB) | $((c1_rss / 1024)) MiB |"
    echo "| 2, $changed files rewritten | ${c2} s | ${d2} s | $(ratio "$d2" "$c2")x | | ${c2_work} MB ($(pct "$c2_work" "$data_mb")%; dvc cache ${d2_cache} MB) | $((c2_rss / 1024)) MiB |"
  else
    echo "| 1, everything new | ${c1} s | not run | | $(ratio "$c1" "$cp_s")x | ${c1_work} MB ($(pct "$c1_work" "$data_mb")% of the data) | $((c1_rss / 1024)) MiB |"
    echo "| 2, $changed files rewritten | ${c2} s | not run | | | ${c2_work} MB ($(pct "$c2_work" "$data_mb")%) | $((c2_rss / 1024)) MiB |"
  fi
  echo
  echo "For scale: \`cp -r\` of the tree took ${cp_s} s. Each day starts with the data in the page cache"
  echo "(read once before timing) and no Cairn work dir / a fresh DVC clone. The run's files were on"
  echo "$(df --output=fstype "$run" | tail -1) (data, work dirs and the remote)."
  if $image; then
    echo "Cairn ran as the snapshot-data image runs it: $("${cairn[0]}" -version 2>&1 | head -1), options" \
      "$(printf '%s\n' "${cairn[@]:1}" | sed -n '/^-cp$/q; s#^-XX:AOTCache=.*#-XX:AOTCache=(its archive)#; s#^-XX:SharedArchiveFile=.*#-XX:SharedArchiveFile=(its archive)#; p' | tr '\n' ' ')"
  else
    [ -z "$pod_mib" ] || echo "Cairn's JVM as in a pod limited to $pod_mib MiB: $CAIRN_JAVA_OPTS"
  fi
} | tee "$out/pod-results.md"
