/**
 * The step runtime shared by the images and the {@code cairn} CLI: exit codes, one-line errors with
 * hints, option mixins, secrets from files, outputs.
 */
@NullMarked
package dev.cairn.steps.common;

import org.jspecify.annotations.NullMarked;
