/** Remote backed by a local directory or mounted path (NFS). */
@NullMarked
package dev.cairn.core.remote.local;

import org.jspecify.annotations.NullMarked;
