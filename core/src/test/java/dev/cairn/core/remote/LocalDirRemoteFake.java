package dev.cairn.core.remote;

import dev.cairn.core.CairnException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A minimal {@link Remote} over a local directory, laid out exactly as a DVC local remote (keys are
 * relative paths), so interop tests can hand the same directory to the real {@code dvc}. Writes go
 * to a temp file and are renamed into place. Test-only: the product backend lives in {@code
 * remote.local}.
 */
public final class LocalDirRemoteFake implements Remote, SupportsListing {
  private final Path root;

  public LocalDirRemoteFake(Path root) {
    this.root = root.toAbsolutePath();
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    Set<String> present = new HashSet<>();
    for (String key : keys) {
      if (Files.isRegularFile(root.resolve(key))) {
        present.add(key);
      }
    }
    return present;
  }

  @Override
  public void put(String key, Path source) {
    Path target = root.resolve(key);
    if (Files.exists(target)) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".", ".tmp");
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new CairnException("Cannot upload " + key + ": " + e, e);
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return Files.newInputStream(root.resolve(key));
    } catch (NoSuchFileException e) {
      throw new MissingObjectException("Cannot open " + key + ": not in " + root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(root.resolve(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix))
          .forEach(sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {}
}
