package dev.cairn.core.remote;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * A remote that takes an object's bytes before its key is known: they are written to a temp file on
 * the remote and named once their hash is, so that a file read once is both hashed and stored (a
 * file-system remote). Until then nothing is visible under any key.
 */
public interface SupportsStagedPut {

  /** A new, empty object on the remote, not yet under a key. */
  Staged stage() throws IOException;

  /** One object being written. */
  interface Staged extends AutoCloseable {
    /** Where its bytes go, in order. */
    WritableByteChannel channel();

    /**
     * Stores the bytes written under {@code key}, atomically.
     *
     * @return whether this created the object; false if an object was under that key already (the
     *     same content, as keys are content addresses)
     */
    boolean commit(String key) throws IOException;

    /** Removes the temp file unless {@link #commit} stored it. */
    @Override
    void close();
  }
}
