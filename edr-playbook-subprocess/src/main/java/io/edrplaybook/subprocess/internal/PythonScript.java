package io.edrplaybook.subprocess.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A script the cpython runner accepted. Workers cache its compiled code under {@link #key()}, a
 * hash of file name and text, so the source crosses the channel once per worker.
 *
 * @param source the source
 * @param key the cache key
 * @param hasTest whether it defines {@code test}
 */
record PythonScript(ScriptSource source, String key, boolean hasTest) implements CompiledScript {

  static String keyOf(ScriptSource source) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(source.file().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(source.bytes());
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "PythonScript[" + source.file() + "]";
  }
}
