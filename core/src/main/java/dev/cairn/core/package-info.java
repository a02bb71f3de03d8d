/**
 * Cairn's versioning library. This package holds only what every package shares: the exception
 * roots and {@link dev.cairn.core.Progress}.
 */
@NullMarked
package dev.cairn.core;

import org.jspecify.annotations.NullMarked;
