package io.edrplaybook.spi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A script to compile: its text and the file name errors and tracebacks show.
 *
 * <p>The text is handed to interpreters as UTF-8 bytes, the way they read a file: on Python 2.7
 * and Jython a non-ASCII source therefore needs a PEP 263 coding line.
 *
 * @param name the script's name within its action
 * @param file the file name shown in errors and tracebacks
 * @param text the source text
 */
public record ScriptSource(String name, String file, String text) {

  /** Validates. */
  public ScriptSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(text, "text");
  }

  /** Returns the source as UTF-8 bytes, as the interpreter reads it. */
  public byte[] bytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Name and file, never the text. */
  @Override
  public String toString() {
    return "ScriptSource[" + name + ", " + file + "]";
  }
}
