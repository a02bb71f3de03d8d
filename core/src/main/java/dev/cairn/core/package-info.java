/**
 * Cairn's versioning library. This package holds only what every package shares: the exception
 * roots and {@link dev.cairn.core.Progress}.
 *
 * <p>The packages form layers; each uses only the layers below it ({@code LayersTest} holds this):
 *
 * <pre>
 *   ops        the use cases the CLI and the steps call (add, push, pull, snapshot, promote, rollback)
 *   registry   GTO tags, stages, lineage, gates            remote   the Remote contract, backends,
 *   git        JGit facade                                          transfer engine
 *   dvc        .dvc / dvc.yaml / .dvc/config files          odb      local cache, checkout
 *   hash       MD5, .dir codec, state         internal    SSH plumbing shared by git and remote
 *   (root)     exceptions, Progress, DidYouMean
 * </pre>
 *
 * <p>Where a change goes: remote URL parsing and credentials in {@code remote}; gate evaluation in
 * {@code registry} ({@code Gate}, {@code GateParser}); rollback targeting in {@code registry}
 * ({@code RollbackTargets}) and its execution in {@code ops} ({@code Rollback}); what a step does
 * with them in {@code ops}.
 */
@NullMarked
package dev.cairn.core;

import org.jspecify.annotations.NullMarked;
