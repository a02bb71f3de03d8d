/**
 * DVC files: {@code .dvc} pointer files, {@code dvc.yaml} artifacts and {@code .dvc/config} (INI),
 * read and written order-preserving. Every reader of DVC's YAML files goes through this package's
 * one parser ({@code YamlParser}; {@link dev.cairn.core.dvc.YamlMaps} for lenient look-ups such as
 * the registry's lineage walk); writing is the hand-written emitter, byte-exact with DVC's ruamel
 * output.
 */
@NullMarked
package dev.cairn.core.dvc;

import org.jspecify.annotations.NullMarked;
