/** The {@code cairn} operator CLI. Nothing depends on this package. */
@NullMarked
package dev.cairn.cli;

import org.jspecify.annotations.NullMarked;
