/** The use cases the CLI and the steps call. */
@NullMarked
package dev.cairn.core.ops;

import org.jspecify.annotations.NullMarked;
