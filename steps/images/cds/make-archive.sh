#!/usr/bin/env bash
# Makes a step image's start-up archive at package time, so that the step's JVM maps the classes it
# needs, already parsed and linked, instead of loading and verifying them at every start.
#
#   make-archive.sh JAVA MAIN_CLASS MODULE_JAR CLASSPATH_FILE OUT_DIR TIMESTAMP [TRAINING_ARG...]
#
# JAVA must be the very JVM of the image's base: an archive only works with the JVM that made it (the
# cluster profile uses the jlink JRE that e2e/cluster/images builds). On JDK 25 and later the archive
# is an ahead-of-time cache (JEP 483, 514), before that a static CDS archive.
# The jars are laid out as Jib lays them out in a "packaged" image (app/classpath/<module jar>,
# app/libs/<dependency jars>, in the Maven runtime classpath's order) with Jib's fixed modification
# time: the JVM checks each jar's size and time against the archive, and accepts another directory
# above app/. One training run of the step makes the archive: the step with TRAINING_ARGS, where @T@
# stands for a scratch directory holding a bare Git repository reg.git, a data directory data/,
# model.bin and metrics.json (without arguments, --help). The run may fail (an unknown artifact, for
# instance): it has loaded its classes by then.
# The JVM leaves signed jars out of any archive. JGit's jars, which every step loads, are signed:
# they are archived from a copy without the signature (unsign.py), and that copy replaces the signed
# jar in the image (a later layer at the same path). A JGit class left out fails the build.
# Writes OUT_DIR/layer/app/: the archive, cairn-jvm.args, the JVM options that use it (the image's
# entrypoint reads them: java @/app/cairn-jvm.args), and libs/ with the unsigned JGit jars; and
# OUT_DIR/classpath, the -cp it was made for.
set -euo pipefail
[ $# -ge 6 ] || { echo "usage: $0 JAVA MAIN_CLASS MODULE_JAR CLASSPATH_FILE OUT_DIR TIMESTAMP [TRAINING_ARG...]" >&2; exit 2; }
java=$1 main=$2 module_jar=$3 classpath_file=$4 out=$5
epoch=$(date -d "$6" +%s)  # Jib's file time (project.build.outputTimestamp)
shift 6
[ -x "$java" ] || { echo "error: $java is not an executable java (set -Dcairn.cluster.java to the base image's JVM)" >&2; exit 3; }
rm -rf "$out"
work=$out/work
mkdir -p "$work/app/classpath" "$work/app/libs" "$out/layer/app/libs"
cp "$module_jar" "$work/app/classpath/"
cp_entries=("/app/classpath/$(basename "$module_jar")")
IFS=: read -r -a deps < "$classpath_file" || true  # no newline at the end
for d in "${deps[@]}"; do
  [ -n "$d" ] || continue
  case $(basename "$d") in
    org.eclipse.jgit*.jar)
      python3 "$(dirname "$0")/unsign.py" "$d" "$out/layer/app/libs/$(basename "$d")"
      cp "$out/layer/app/libs/$(basename "$d")" "$work/app/libs/" ;;
    *) cp "$d" "$work/app/libs/" ;;
  esac
  cp_entries+=("/app/libs/$(basename "$d")")
done
find "$work/app" -type f -exec touch -d "@$epoch" {} +
image_cp=$(IFS=:; echo "${cp_entries[*]}")
printf '%s\n' "$image_cp" > "$out/classpath"
local_cp=${image_cp//\/app\//$work/app/}

t=$out/training
mkdir -p "$t/data/sub"
git init -q --bare -b main "$t/reg.git"
for i in 1 2 3; do echo "row $i" > "$t/data/sub/f$i.csv"; done
echo model > "$t/model.bin"
echo '{"accuracy": 0.9}' > "$t/metrics.json"
export CAIRN_GIT_AUTHOR_NAME=cds CAIRN_GIT_AUTHOR_EMAIL=cds@localhost HOME=$t
args=()
for a in "$@"; do args+=("${a//@T@/$t}"); done
[ ${#args[@]} -gt 0 ] || args=(--help)
# the image's JVM options that shape what is archived (pom.xml, the jib-maven-plugin's jvmFlags)
flags=(-XX:+UseSerialGC -XX:-UsePerfData)
version=$("$java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/{print $2}')
if [ "${version%%.*}" -ge 25 ]; then
  # JDK 25+: an ahead-of-time cache (JEP 483, 514), made by one training run; it holds the classes
  # loaded and linked, which a CDS archive does not
  (cd "$t" && "$java" "${flags[@]}" -XX:AOTCacheOutput="$out/layer/app/cairn.aot" -cp "$local_cp" "$main" "${args[@]}") \
    > "$out/training.log" 2>&1 || true
  [ -s "$out/layer/app/cairn.aot" ] || { cat "$out/training.log" >&2; echo "error: no AOT cache was written" >&2; exit 1; }
  archive=$out/layer/app/cairn.aot
  printf '%s\n' -XX:AOTCache=/app/cairn.aot -Xlog:aot=off -Xlog:cds=off > "$out/layer/app/cairn-jvm.args"
else
  # JDK 21-24: a static CDS archive from the training run's class list
  (cd "$t" && "$java" "${flags[@]}" -Xshare:off -XX:DumpLoadedClassList="$out/classes" -cp "$local_cp" "$main" "${args[@]}") \
    > "$out/training.log" 2>&1 || true
  "$java" "${flags[@]}" -Xshare:dump -XX:SharedClassListFile="$out/classes" -XX:SharedArchiveFile="$out/layer/app/cairn.jsa" \
    -cp "$local_cp" > "$out/dump.log" 2>&1 || { cat "$out/dump.log" >&2; exit 1; }
  archive=$out/layer/app/cairn.jsa
  printf '%s\n' -Xshare:auto -XX:SharedArchiveFile=/app/cairn.jsa -Xlog:cds=off > "$out/layer/app/cairn-jvm.args"
fi
if grep -q 'Skipping org/eclipse/jgit/.*Signed JAR' "$out"/*.log; then
  echo "error: JGit's classes were left out of the start-up archive as signed jars (see $out/*.log)" >&2
  exit 1
fi
find "$out/layer/app" -type f -exec touch -d "@$epoch" {} +
echo "start-up archive for $main: $(basename "$archive"), $(du -h "$archive" | cut -f1) (java $version)"
