/** Remote backed by S3 or an S3-compatible store (AWS SDK v2). */
@NullMarked
package dev.cairn.core.remote.s3;

import org.jspecify.annotations.NullMarked;
