# Pinned versions of the local cluster's components (sourced by the scripts beside this file).
K8S_VERSION=v1.34.4
ARGO_VERSION=v3.6.18
# MinIO publishes no tagged Go module versions; this pseudo-version is the repository's commit of 2026-02-12.
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
# Where builds, images, state and logs go (git-ignored); override to share one cache between clones.
CLUSTER_HOME=${CAIRN_CLUSTER_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cluster}
