/**
 * Cairn's versioning library. This package holds only what every package shares: the exception
 * roots, {@link dev.cairn.core.Progress} and {@link dev.cairn.core.Redaction}.
 *
 * <p>The packages form layers; each uses only the layers below it ({@code ArchitectureTest} holds
 * this):
 *
 * <pre>
 *   ops        the use cases the CLI and the steps call (add, push, pull, snapshot, promote, rollback)
 *   registry   GTO tags, stages, lineage, gates
 *   transfer   status, push and fetch between the cache and a remote
 *   remote     the Remote contract, RemoteUri, backends (local, s3, sftp, gcs, azure; cloud: shared)
 *   git        JGit facade
 *   dvc        .dvc / dvc.yaml / .dvc/config files
 *   odb        local cache, checkout
 *   hash       MD5 (also DVC 2 dos2unix), .dir codec, state
 *   internal   the one pool for parallel work, the known_hosts check (git, remote)
 *   (root)     exceptions, Progress, Redaction, DidYouMean
 * </pre>
 *
 * <p>Where a change goes: remote URL parsing and the "unsupported URL" error in {@code remote}
 * ({@code RemoteUri}; a new scheme is one case in {@code Remotes}); credentials in the backend's
 * package ({@code remote.s3}, {@code remote.sftp}); hiding passwords in URLs in {@link
 * dev.cairn.core.Redaction}; gate evaluation in {@code registry} ({@code Gate}, {@code
 * GateParser}); rollback targeting in {@code registry} ({@code RollbackTargets}) and its execution
 * in {@code ops} ({@code Rollback}); the target of a rollback is chosen once, by {@code
 * RollbackTargets.choose}, for the registry write and the ops plan alike; what a step does with
 * them in {@code ops}.
 */
@NullMarked
package dev.cairn.core;

import org.jspecify.annotations.NullMarked;
