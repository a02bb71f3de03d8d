/**
 * Plumbing shared by several packages of core: the one bounded pool for parallel work ({@link
 * dev.cairn.core.internal.Parallel}) and, in {@code ssh}, what Git over SSH and the SFTP remote
 * share. Not API: only core uses it.
 */
@NullMarked
package dev.cairn.core.internal;

import org.jspecify.annotations.NullMarked;
