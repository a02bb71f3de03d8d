/**
 * Cairn's versioning library. This package holds only the exception roots shared by every package.
 */
@NullMarked
package dev.cairn.core;

import org.jspecify.annotations.NullMarked;
