#!/usr/bin/env bash
# The registry at the benchmark's size, from the two interop tests that run smaller in the build:
#   - RegistryBenchmarkInteropIT: `cairn show` vs the real `gto show` on 10,000 annotated tags across
#     100 artifacts (same state required; times printed);
#   - RegistryConcurrencyInteropIT: 20 writer JVMs racing on one registry over the real OpenSSH sshd.
#
#   bash bench/registry.sh
#
# Needs the interop tools (bash .ci/install-interop-tools). Prints the figures the tests print.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[ -x .venv-interop/bin/gto ] || { echo "error: gto not installed (run: bash .ci/install-interop-tools)" >&2; exit 3; }
mvn -B verify -Pinterop -pl core -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='RegistryBenchmarkInteropIT,RegistryConcurrencyInteropIT' -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dcairn.registry.bench.artifacts=100 -Dcairn.registry.bench.versions=60 -Dcairn.registry.bench.assigns=40 \
  -Dcairn.concurrency.writers=20
for f in core/target/failsafe-reports/dev.cairn.core.registry.Registry{Benchmark,Concurrency}InteropIT-output.txt; do
  [ -f "$f" ] && grep -E "^(BENCHMARK|concurrency)" "$f" || true
done
