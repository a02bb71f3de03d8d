/** Remote backed by Azure Blob Storage or Azurite (azure-storage-blob on the JDK HTTP client). */
@NullMarked
package dev.cairn.core.remote.azure;

import org.jspecify.annotations.NullMarked;
