/**
 * The transfer engine between a local cache ({@code odb}) and a {@link
 * dev.cairn.core.remote.Remote}: status, push and fetch of object sets, the remote key layout of
 * DVC 2 and 3, and the per-object results.
 */
@NullMarked
package dev.cairn.core.transfer;

import org.jspecify.annotations.NullMarked;
