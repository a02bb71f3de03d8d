/** The {@code rollback-model} step image. */
@NullMarked
package dev.cairn.steps.rollback;

import org.jspecify.annotations.NullMarked;
