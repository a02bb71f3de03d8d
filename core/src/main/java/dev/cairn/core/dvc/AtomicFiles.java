package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Reading UTF-8 text and replacing files atomically (temp file in the same directory, move). */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(Path file, String text) {
    Path target = file.toAbsolutePath();
    Path dir = java.util.Objects.requireNonNull(target.getParent(), "no parent directory");
    Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createDirectories(dir);
      Files.write(tmp, text.getBytes(UTF_8));
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CairnException(
          "Cannot write file: " + file + " (" + e.getMessage() + "; check permissions and space)",
          e);
    }
  }

  /** The file's text, or null when it does not exist. */
  static @Nullable String readIfExists(Path file, String what) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      return null;
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(
          "Cannot read " + what + ": " + file + " (not UTF-8 text; save it as UTF-8)", e);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot read " + what + ": " + file + " (" + e.getMessage() + "; check permissions)", e);
    }
  }
}
