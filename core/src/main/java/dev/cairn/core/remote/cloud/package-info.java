/**
 * What the {@code gs://} and {@code azure://} backends share: a bounded pool, existence checks, the
 * {@code scheme://root/prefix} location and reading a failure's cause chain; and, with {@code
 * s3://} too, hashing a ranged download in order while its ranges arrive.
 */
@NullMarked
package dev.cairn.core.remote.cloud;

import org.jspecify.annotations.NullMarked;
