/** Remote backed by Google Cloud Storage or a GCS-compatible server (google-cloud-storage). */
@NullMarked
package dev.cairn.core.remote.gcs;

import org.jspecify.annotations.NullMarked;
