package dev.cairn.cli.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON writer of every {@code --json} in the CLI, in GTO's style (Python's {@code
 * json.dumps(indent=4)}): four-space indents, {@code "key": value}, empty objects and lists as
 * {@code {}} and {@code []}.
 */
public final class Json {
  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    WRITER =
        new ObjectMapper()
            .writer(
                new DefaultPrettyPrinter(separators)
                    .withObjectIndenter(indenter)
                    .withArrayIndenter(indenter));
  }

  private Json() {}

  /** Maps, lists, records, strings, numbers, booleans and nulls as indented JSON. */
  public static String write(@Nullable Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
