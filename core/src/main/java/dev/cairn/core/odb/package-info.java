/**
 * Object ids on disk: the local cache ({@code files/md5/ab/cdef...}), link strategies and checkout
 * into a workspace.
 */
@NullMarked
package dev.cairn.core.odb;

import org.jspecify.annotations.NullMarked;
