#!/usr/bin/env bash
# Remote benchmark: Cairn versus the real `dvc push` / `dvc pull`, in one run against the same
# loopback servers: S3Proxy (standalone, file-system blob store, started from the core module's test
# classpath), OpenSSH sshd (own config, generated host and user keys, a free port), fake-gcs-server
# (gs://) and Azurite (azure://). Data and servers live under bench/out/remote/ (git-ignored);
# nothing is committed.
#
#   bash bench/remote.sh [--files N] [--big-mib M] [--filler K] [--backends "s3 ssh gs azure"]
#       defaults: 10000 files of 4 KiB, one 1024 MiB file, 200000 extra objects for the no-op push
#       (the no-op push against many objects runs only with s3 among the backends)
#   bash bench/remote.sh --noop-only [--filler K]
#       repeats only the no-op push against the big remote, reusing the previous run's S3 data
#
# Needs: a built CLI (mvn -B -q package -DskipTests -pl steps/cli -am), .venv-interop
# (bash .ci/install-interop-tools: dvc, dvc-s3, dvc-ssh, dvc-gs, dvc-azure, fake-gcs-server,
# Azurite), sshd and ssh-keygen, GNU time.
# Prints a Markdown table and writes it to bench/out/remote/results.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files=10000
big_mib=1024
filler=200000
noop_only=0
backends="s3 ssh gs azure"
while [ $# -gt 0 ]; do
  case "$1" in
    --noop-only) noop_only=1; shift ;;
    --files) files=$2; shift 2 ;;
    --big-mib) big_mib=$2; shift 2 ;;
    --filler) filler=$2; shift 2 ;;
    --backends) backends=$2; shift 2 ;;
    *) echo "error: unknown option $1 (use --files N, --big-mib M, --filler K, --backends LIST, --noop-only)" >&2; exit 2 ;;
  esac
done

cairn="$here/bin/cairn"
dvc="$here/.venv-interop/bin/dvc"
py="$here/.venv-interop/bin/python"
[ -x "$dvc" ] || { echo "error: dvc not installed (run: bash .ci/install-interop-tools)" >&2; exit 3; }
[ -f "$here/steps/cli/target/cairn.jar" ] || { echo "error: CLI not built (run: mvn -B -q package -DskipTests -pl steps/cli -am)" >&2; exit 3; }
[ -x /usr/bin/time ] || { echo "error: GNU time missing (apt-get install time)" >&2; exit 3; }
sshd=$(command -v sshd || echo /usr/sbin/sshd)
[ -x "$sshd" ] || { echo "error: sshd missing (apt-get install openssh-server)" >&2; exit 3; }

out="$here/bench/out/remote"
run="$out/run"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
[ "$noop_only" = 1 ] || rm -rf "$run"
mkdir -p "$run"

# Both tools: same credentials, no analytics, a private HOME (known_hosts, dvc global config).
export DVC_NO_ANALYTICS=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost \
  GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret-key AWS_DEFAULT_REGION=us-east-1
export HOME="$run/home"
mkdir -p "$HOME/.ssh"
export CAIRN_JAVA_OPTS="-Duser.home=$HOME ${CAIRN_JAVA_OPTS:-}"

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 300); do "$py" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$1)))" && return 0; sleep 0.1; done; echo "error: nothing listens on $1" >&2; exit 1; }

# --- data ----------------------------------------------------------------------------------------
data="$out/data-$files"
big="$out/big-$big_mib.bin"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  python3 - "$data" "$files" <<'PY'
import os, sys, random
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    d = os.path.join(root, f"d{i % 100:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i:06d}.bin"), "wb") as f:
        f.write(rng.randbytes(4096))
open(os.path.join(root, ".complete"), "w").close()
PY
fi
if [ ! -f "$big" ] || [ "$(stat -c %s "$big")" -ne $((big_mib * 1024 * 1024)) ]; then
  head -c $((big_mib * 1024 * 1024)) /dev/urandom > "$big"
fi

has() { case " $backends " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- S3Proxy on loopback, file-system blob store ---------------------------------------------------
if has s3 || [ "$noop_only" = 1 ]; then
cp_file="$out/s3proxy.classpath"
if [ ! -s "$cp_file" ]; then
  (cd "$here" && mvn -B -q -pl core dependency:build-classpath -Dmdep.includeScope=test \
     -Dmdep.outputFile="$cp_file")
fi
s3_port=$(free_port)
mkdir -p "$run/s3data/bench"
cat > "$run/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3_port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$run/s3data
PROPS
cat > "$run/logback.xml" <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
# S3Proxy's Main routes System.err into its logger; slf4j-simple (a test dependency) writes to
# System.err, so the two would call each other forever: leave it off S3Proxy's classpath.
s3_cp=$(tr ':' '\n' < "$cp_file" | grep -v '/slf4j-simple-' | paste -sd:)
java -Xmx1g -Dlogback.configurationFile="$run/logback.xml" -cp "$s3_cp" org.gaul.s3proxy.Main --properties "$run/s3proxy.properties" \
  > "$run/s3proxy.log" 2>&1 &
pids+=($!)
wait_port "$s3_port"
fi

# --- fake-gcs-server and Azurite on loopback -------------------------------------------------------
# gcsfs (under dvc-gs) would first ask a gRPC API the emulator does not serve, 60 s per call: off.
export GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT=false
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
if [ "$noop_only" = 0 ] && has gs; then
  gcs_port=$(free_port)
  mkdir -p "$run/gcsdata"
  "$here/.tools/bin/fake-gcs-server" -scheme http -host 127.0.0.1 -port "$gcs_port" \
    -public-host "127.0.0.1:$gcs_port" -external-url "http://127.0.0.1:$gcs_port" \
    -backend filesystem -filesystem-root "$run/gcsdata" -log-level warn > "$run/gcs.log" 2>&1 &
  pids+=($!)
  wait_port "$gcs_port"
  curl -sf -X POST -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "http://127.0.0.1:$gcs_port/storage/v1/b?project=bench" > /dev/null
fi
if [ "$noop_only" = 0 ] && has azure; then
  az_port=$(free_port)
  mkdir -p "$run/azdata"
  "$here/.tools/bin/azurite-blob" --blobHost 127.0.0.1 --blobPort "$az_port" --location "$run/azdata" \
    --skipApiVersionCheck --disableProductStyleUrl --silent > "$run/azurite.log" 2>&1 &
  pids+=($!)
  wait_port "$az_port"
  az_conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$az_port/devstoreaccount1;"
  "$py" - "$az_conn" <<'PY'
import sys
from azure.storage.blob import BlobServiceClient
BlobServiceClient.from_connection_string(sys.argv[1]).create_container("bench")
PY
fi

if [ "$noop_only" = 0 ]; then
# --- OpenSSH sshd on loopback, generated keys --------------------------------------------------
ssh_port=$(free_port)
ssh-keygen -q -t ed25519 -N "" -C bench -f "$run/host_key"
ssh-keygen -q -t ed25519 -N "" -C bench -f "$run/user_key"
cp "$run/user_key.pub" "$run/authorized_keys"
echo "[127.0.0.1]:$ssh_port $(cat "$run/host_key.pub")" > "$HOME/.ssh/known_hosts"
user=$(id -un)
cat > "$run/sshd_config" <<CONF
Port $ssh_port
ListenAddress 127.0.0.1
HostKey $run/host_key
PidFile $run/sshd.pid
AuthorizedKeysFile $run/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PermitRootLogin prohibit-password
AllowUsers $user
Subsystem sftp internal-sftp
MaxSessions 64
MaxStartups 64:30:128
CONF
[ "$user" = root ] && mkdir -p /run/sshd
"$sshd" -D -e -f "$run/sshd_config" > "$run/sshd.log" 2>&1 &
pids+=($!)
wait_port "$ssh_port"
mkdir -p "$run/ssh-remote"

fi

# --- helpers -------------------------------------------------------------------------------------
measure() { # dir label cmd... -> seconds
  local dir=$1 label=$2; shift 2
  (cd "$dir" && /usr/bin/time -f "%e" -o "$run/$label.time" "$@" > "$run/$label.log" 2>&1) \
    || { echo "error: $label failed, see $run/$label.log" >&2; exit 1; }
  cat "$run/$label.time"
}

url_of() { # backend tool dataset
  case "$1" in
    s3) echo "s3://bench/$2-$3" ;;
    ssh) echo "ssh://$user@127.0.0.1:$ssh_port$run/ssh-remote/$2-$3" ;;
    gs) echo "gs://bench/$2-$3" ;;
    azure) echo "azure://bench/$2-$3" ;;
  esac
}

configure() { # repo backend tool dataset
  local r=$1
  (cd "$r" && "$dvc" remote add -d -f store "$(url_of "$2" "$3" "$4")" > /dev/null
   case "$2" in
     s3) "$dvc" remote modify store endpointurl "http://127.0.0.1:$s3_port"
         "$dvc" remote modify store region us-east-1 ;;
     ssh) "$dvc" remote modify store keyfile "$run/user_key" ;;
     gs) "$dvc" remote modify store endpointurl "http://127.0.0.1:$gcs_port"
         "$dvc" remote modify store allow_anonymous_login true ;;
     azure) "$dvc" remote modify --local store connection_string "$az_conn" ;;
   esac)
}

declare -A T
one() { # backend tool dataset
  local backend=$1 tool=$2 set=$3 r="$run/$1-$2-$3"
  mkdir -p "$r"
  (cd "$r" && git init -q)
  if [ "$set" = small ]; then cp -a "$data" "$r/data" && rm -f "$r/data/.complete"; target=data
  else cp "$big" "$r/big.bin"; target=big.bin; fi
  if [ "$tool" = cairn ]; then (cd "$r" && "$cairn" init -q); else (cd "$r" && "$dvc" init -q); fi
  configure "$r" "$backend" "$tool" "$set"
  local bin=$cairn; [ "$tool" = dvc ] && bin=$dvc
  T[$backend-$tool-$set-add]=$(measure "$r" "$backend-$tool-$set-add" "$bin" add "$target")
  T[$backend-$tool-$set-push]=$(measure "$r" "$backend-$tool-$set-push" "$bin" push)
  T[$backend-$tool-$set-noop]=$(measure "$r" "$backend-$tool-$set-noop" "$bin" push)
  rm -rf "$r/.dvc/cache" "$r/.dvc/tmp" "$r/$target"
  T[$backend-$tool-$set-pull]=$(measure "$r" "$backend-$tool-$set-pull" "$bin" pull)
  if [ "$set" = small ]; then diff -rq "$data" "$r/data" -x .complete > /dev/null \
    || { echo "error: $backend $tool pulled different data" >&2; exit 1; }
  else cmp -s "$big" "$r/big.bin" || { echo "error: $backend $tool pulled a different file" >&2; exit 1; }
  fi
  echo "  $backend $tool $set: push ${T[$backend-$tool-$set-push]} s, pull ${T[$backend-$tool-$set-pull]} s" >&2
}

if [ "$noop_only" = 0 ]; then
for backend in $backends; do
  for set in small big; do
    for tool in cairn dvc; do
      one "$backend" "$tool" "$set"
      [ "$set" = big ] && rm -rf "$run/$backend-$tool-$set"
    done
  done
done
fi
if has s3; then
for tool in cairn dvc; do
  (cd "$run/s3-$tool-small" && "$dvc" remote modify store endpointurl "http://127.0.0.1:$s3_port")
done

# --- no-op push against a remote holding many more objects (S3, counted by a forwarder) ----------
# Filler objects are written straight into the blob store's directories (what S3Proxy lists).
python3 - "$run/s3data/bench" "$filler" <<'PY'
import os, sys, hashlib
root, n = sys.argv[1], int(sys.argv[2])
if os.path.exists(os.path.join(root, f".filler-{n}")):
    sys.exit(0)
for prefix in ("cairn-small", "dvc-small"):
    for i in range(n):
        h = hashlib.md5(f"filler-{i}".encode()).hexdigest()
        d = os.path.join(root, prefix, "files", "md5", h[:2])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, h[2:]), "wb") as f:
            f.write(b"x")
open(os.path.join(root, f".filler-{n}"), "w").close()
PY
proxy_port=$(free_port)
"$py" "$here/bench/count_proxy.py" "$proxy_port" "$s3_port" "$run/counts.json" > "$run/proxy.log" 2>&1 &
pids+=($!)
wait_port "$proxy_port"
declare -A N
for tool in cairn dvc; do
  r="$run/s3-$tool-small"
  bin=$cairn; [ "$tool" = dvc ] && bin=$dvc
  T[many-$tool]=$(measure "$r" "many-$tool" "$bin" push)
  (cd "$r" && "$dvc" remote modify store endpointurl "http://127.0.0.1:$proxy_port")
  before=$("$py" -c "import json;print(json.load(open('$run/counts.json'))['total'])")
  measure "$r" "many-$tool-counted" "$bin" push > /dev/null
  after=$("$py" -c "import json;print(json.load(open('$run/counts.json'))['total'])")
  N[$tool]=$((after - before))
  (cd "$r" && "$dvc" remote modify store endpointurl "http://127.0.0.1:$s3_port")
done
fi

if [ "$noop_only" = 1 ]; then
  echo "No-op push of the directory to an S3 prefix that also holds $filler other objects:"
  echo "cairn ${T[many-cairn]} s, ${N[cairn]} requests; dvc ${T[many-dvc]} s, ${N[dvc]} requests."
  exit 0
fi
ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.1f\", $1 / $2; else print \"inf\" }"; }
mbps() { awk "BEGIN{ if ($1 > 0) printf \"%.0f\", $big_mib * 1.048576 / $1; else print \"inf\" }"; }
row() { # label key [mb]
  local c=${T[$1-cairn-$2]} d=${T[$1-dvc-$2]} extra=""
  case "$2" in big-push|big-pull) extra=" ($(mbps "$c") / $(mbps "$d") MB/s)";; esac
  echo "| $1 $2 | $c s | $d s | $(ratio "$d" "$c")x$extra |"
}
{
  echo "## Remote benchmark ($(nproc) cores, $(date -u +%Y-%m-%d), loopback servers: $backends)"
  echo
  echo "| case | cairn | dvc | dvc / cairn |"
  echo "|---|---|---|---|"
  for b in $backends; do
    for k in small-push small-pull small-noop big-push big-pull; do row "$b" "$k"; done
  done
  echo
  echo "small = $files files of 4 KiB in 100 directories; big = one $big_mib MiB file;"
  echo "noop = push again right after the push. Pull starts from an empty cache and workspace."
  echo
  if has s3; then
  echo "No-op push of the $files-file directory to an S3 prefix that also holds $filler other objects:"
  echo "cairn ${T[many-cairn]} s, ${N[cairn]} requests; dvc ${T[many-dvc]} s, ${N[dvc]} requests."
  echo "Adds (not timed above): s3 cairn ${T[s3-cairn-small-add]} s / dvc ${T[s3-dvc-small-add]} s (small)."
  fi
} | tee "$out/results.md"
