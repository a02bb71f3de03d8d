/** GTO-compatible registry: versions, stages, history, lineage records and promotion gates. */
@NullMarked
package dev.cairn.core.registry;

import org.jspecify.annotations.NullMarked;
