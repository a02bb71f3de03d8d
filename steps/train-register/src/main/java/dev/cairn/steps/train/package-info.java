/** The {@code train-register} step image. */
@NullMarked
package dev.cairn.steps.train;

import org.jspecify.annotations.NullMarked;
