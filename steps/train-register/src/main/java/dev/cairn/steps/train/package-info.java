/** The {@code train-register} step image (built in the step-images issue). */
@NullMarked
package dev.cairn.steps.train;

import org.jspecify.annotations.NullMarked;
