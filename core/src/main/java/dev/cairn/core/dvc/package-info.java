/**
 * DVC files: {@code .dvc} pointer files, {@code dvc.yaml} artifacts and {@code .dvc/config} (INI),
 * read and written order-preserving.
 */
@NullMarked
package dev.cairn.core.dvc;

import org.jspecify.annotations.NullMarked;
