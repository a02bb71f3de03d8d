/**
 * MD5 of files and trees, the DVC 3 {@code .dir} codec, and the state cache for incremental
 * hashing. Depends on no other Cairn package.
 */
@NullMarked
package dev.cairn.core.hash;

import org.jspecify.annotations.NullMarked;
