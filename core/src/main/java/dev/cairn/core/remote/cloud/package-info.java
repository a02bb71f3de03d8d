/** What the {@code gs://} and {@code azure://} backends share: a bounded pool, existence checks. */
@NullMarked
package dev.cairn.core.remote.cloud;

import org.jspecify.annotations.NullMarked;
