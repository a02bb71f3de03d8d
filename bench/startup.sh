#!/usr/bin/env bash
# Start-up: the time of commands that do almost nothing, where the JVM's start is most of the run.
#   - the snapshot-data step as its image runs it (the image's JVM options, its start-up archive made by
#     steps/images/cds/make-archive.sh), against the same JVM without an archive, with both JIT tiers
#     and with C1 alone (the images' options when issue 15 was filed): `--version`, and a no-op
#     snapshot (the data is already registered; a fresh work dir, as in a pod);
#   - bin/cairn `--version` and `status` in a small repository, with its archive and without
#     (CAIRN_CDS=false).
# Each figure is the median of --runs runs: wall time and CPU time (user + system), in seconds.
#
#   bash bench/startup.sh [--runs N] [--java PATH]
#       --java: the JVM of the images' base (default: a JDK 25 or 21 from /usr/lib/jvm, as
#       e2e/cluster/images picks for the cluster's JRE, else java on PATH). With JDK 25 the archive is
#       an AOT cache, before that a static CDS archive.
#
# Needs: the modules installed (mvn -B -q install -DskipTests -DskipITs) for the step's runtime
# classpath, and python3 (make-archive.sh). Prints a Markdown table and writes it to
# bench/out/startup-results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=7
java=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    *) echo "error: unknown option $1 (use --runs N, --java PATH)" >&2; exit 2 ;;
  esac
done
. "$here/bench/image-jvm.sh"
java=${java:-$(image_java)}
[ -f "$here/steps/cli/target/cairn.jar" ] || { echo "error: CLI not built (run: mvn -B -q install -DskipTests -DskipITs)" >&2; exit 3; }

w="$here/bench/out/startup"
rm -rf "$w"
image_jvm "$java" "$w/image"
t=$IMAGE_TRAINING  # holds the registered training data: the step's no-op
export CAIRN_GIT_AUTHOR_NAME=bench CAIRN_GIT_AUTHOR_EMAIL=bench@localhost HOME=$t
# the image's command without its archive, and with C1 alone (the images when issue 15 was filed)
no_archive=()
for a in "${IMAGE_STEP[@]}"; do
  case $a in -XX:AOTCache=* | -XX:SharedArchiveFile=* | -Xlog:* | -Xshare:*) ;; *) no_archive+=("$a") ;; esac
done
c1_only=("${no_archive[0]}" -XX:TieredStopAtLevel=1 "${no_archive[@]:1}")

# median wall and CPU seconds of $runs runs of a command, as "wall cpu"
measure() {
  local i
  : > "$w/times"
  for ((i = 0; i < runs; i++)); do
    local TIMEFORMAT='%R %U %S'
    { time "$@" > "$w/out" 2> "$w/err" || { cat "$w/out" "$w/err" >&2; echo "error: failed: $*" >&2; exit 1; }; } 2>> "$w/times"
  done
  local mid=$(((runs + 1) / 2))
  printf '%s %s' "$(awk '{print $1}' "$w/times" | sort -n | sed -n "${mid}p")" \
    "$(awk '{printf "%.2f\n", $2 + $3}' "$w/times" | sort -n | sed -n "${mid}p")"
}
noop() { (cd "$t" && "$@" --name cds-data --data "$t/data" --git-url "$t/reg.git" --remote "$t/remote" --work-dir "$t/work-$RANDOM$RANDOM"); }
version() { "$@" --version; }
row() { printf '| %s | %s | %s |\n' "$1" "$(measure version "${@:2}")" "$(measure noop "${@:2}")"; }
{
  echo "snapshot-data, $("$java" -version 2>&1 | head -1), $runs runs each, medians in seconds (wall CPU)"
  echo
  echo "| JVM options | \`--version\` | no-op snapshot |"
  echo "|---|---|---|"
  row "C1 only, no archive (the images when issue 15 was filed)" "${c1_only[@]}"
  row "both JIT tiers, no archive" "${no_archive[@]}"
  row "both JIT tiers, the image's archive (today's images)" "${IMAGE_STEP[@]}"
  echo
} | tee "$w/../startup-results.md"

# bin/cairn in a small repository
repo=$w/repo
mkdir -p "$repo/data"
for i in $(seq 1 20); do echo "row $i" > "$repo/data/f$i.csv"; done
(cd "$repo" && git init -q && git config user.email bench@localhost && git config user.name bench &&
  "$here/bin/cairn" init > /dev/null && "$here/bin/cairn" add data > /dev/null && git add -A && git commit -qm data)
cli() { (cd "$repo" && "$here/bin/cairn" "$@"); }
cli --version > /dev/null  # makes bin/cairn's archive if it is missing
{
  echo "bin/cairn, $(java -version 2>&1 | head -1), $runs runs each, medians in seconds (wall CPU)"
  echo
  echo "| | \`--version\` | \`status\` |"
  echo "|---|---|---|"
  printf '| no archive (CAIRN_CDS=false) | %s | %s |\n' "$(CAIRN_CDS=false measure cli --version)" "$(CAIRN_CDS=false measure cli status)"
  printf '| its archive | %s | %s |\n' "$(measure cli --version)" "$(measure cli status)"
} | tee -a "$w/../startup-results.md"
