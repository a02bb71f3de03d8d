/**
 * What the {@code gs://} and {@code azure://} backends share: a bounded pool, existence checks, the
 * {@code scheme://root/prefix} location and reading a failure's cause chain.
 */
@NullMarked
package dev.cairn.core.remote.cloud;

import org.jspecify.annotations.NullMarked;
