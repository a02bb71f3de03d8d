package dev.cairn.core.dvc;

/** A YAML text Cairn cannot read; the message names the line. */
final class YamlSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  /** True when the text may be valid YAML that uses features this reader leaves out. */
  final boolean unsupported;

  YamlSyntaxException(String message, boolean unsupported) {
    super(message);
    this.unsupported = unsupported;
  }
}
