/** The {@code rollback-model} step image (built in the step-images issue). */
@NullMarked
package dev.cairn.steps.rollback;

import org.jspecify.annotations.NullMarked;
