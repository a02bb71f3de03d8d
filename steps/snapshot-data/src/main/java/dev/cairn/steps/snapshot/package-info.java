/** The {@code snapshot-data} step image (built in the step-images issue). */
@NullMarked
package dev.cairn.steps.snapshot;

import org.jspecify.annotations.NullMarked;
