/** The registry commands of the {@code cairn} CLI: register, assign, show, history, lineage, ... */
@NullMarked
package dev.cairn.cli.registry;

import org.jspecify.annotations.NullMarked;
