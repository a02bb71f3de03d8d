/** The {@code snapshot-data} step image. */
@NullMarked
package dev.cairn.steps.snapshot;

import org.jspecify.annotations.NullMarked;
