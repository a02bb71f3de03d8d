# Sourced by the bench scripts: runs the snapshot-data step as its image does, on this machine.
#
#   image_jvm JAVA DIR      sets IMAGE_STEP, the command that starts the step (arguments follow), and
#                           IMAGE_TRAINING, the scratch directory of the archive's training run
#
# JAVA stands for the image's JVM (a JDK 25 makes an AOT cache, as the cluster's jlink JRE does). The
# jars are laid out as in the image and the start-up archive is made by the same script as at package
# time (steps/images/cds/make-archive.sh), with the step module's training run. The JVM options are
# the image's (pom.xml, the jib-maven-plugin's jvmFlags) and those of the archive (cairn-jvm.args).
# Needs the modules installed (mvn -B -q install -DskipTests -DskipITs) and python3.
image_jvm() {
  local java=$1 dir=$2 root step_jar
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  step_jar=$(ls "$root"/steps/snapshot-data/target/cairn-snapshot-data-*.jar 2> /dev/null | grep -v -e sources -e tests | head -1 || true)
  [ -n "$step_jar" ] || { echo "error: snapshot-data not built (run: mvn -B -q install -DskipTests -DskipITs)" >&2; exit 3; }
  mkdir -p "$dir"
  mvn -B -q -o -f "$root/pom.xml" -pl steps/snapshot-data dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile="$dir/runtime-classpath" > "$dir/mvn.log" 2>&1 ||
    { cat "$dir/mvn.log" >&2; echo "error: no runtime classpath for snapshot-data (run: mvn -B -q install -DskipTests -DskipITs)" >&2; exit 3; }
  bash "$root/steps/images/cds/make-archive.sh" "$java" dev.cairn.steps.snapshot.SnapshotDataMain "$step_jar" \
    "$dir/runtime-classpath" "$dir/archive" 2026-01-01T00:00:00Z \
    --name cds-data --data @T@/data --git-url @T@/reg.git --remote @T@/remote --work-dir @T@/work >&2
  local cp archive_args
  cp=$(sed "s#/app/#$dir/archive/work/app/#g" "$dir/archive/classpath")
  mapfile -t archive_args < <(sed "s#/app/#$dir/archive/layer/app/#g" "$dir/archive/layer/app/cairn-jvm.args")
  IMAGE_STEP=("$java" -XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:-UsePerfData "${archive_args[@]}"
    -cp "$cp" dev.cairn.steps.snapshot.SnapshotDataMain)
  IMAGE_TRAINING=$dir/archive/training
}

# The JVM for the images' base on this machine: a JDK 25 or 21 in /usr/lib/jvm, as e2e/cluster/images
# picks one for the cluster's JRE, else java on PATH.
image_java() {
  local d
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*21*; do
    [ -x "$d/bin/java" ] && { echo "$d/bin/java"; return; }
  done
  command -v java
}
