/**
 * SSH helpers shared by the Git-over-SSH transport and the SFTP remote. Not API: only other
 * packages of core use it.
 */
@NullMarked
package dev.cairn.core.internal.ssh;

import org.jspecify.annotations.NullMarked;
