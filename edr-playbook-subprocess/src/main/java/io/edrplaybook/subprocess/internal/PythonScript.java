package io.edrplaybook.subprocess.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A script the cpython runner accepted. Workers cache its compiled code under {@link #key()}, a
 * hash of file name and text, so the source crosses the channel once per worker; the JVM keeps the
 * encoded parts of its run frames that do not change from run to run ({@link #frames()}).
 */
final class PythonScript implements CompiledScript {
  private final ScriptSource source;
  private final String key;
  private final boolean hasTest;
  private final EncodedParts parts = new EncodedParts();
  private final byte[] keyAndFile;

  /**
   * @param source the source
   * @param key the cache key
   * @param hasTest whether it defines {@code test}
   */
  PythonScript(ScriptSource source, String key, boolean hasTest) {
    this.source = source;
    this.key = key;
    this.hasTest = hasTest;
    this.keyAndFile = new JsonFrame(64 + source.file().length()).ascii(",\"key\":").string(key)
        .ascii(",\"file\":").string(source.file()).bytes();
  }

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
  public ScriptSource source() {
    return source;
  }

  String key() {
    return key;
  }

  @Override
  public boolean hasTest() {
    return hasTest;
  }

  /** The ctx parts encoded for earlier runs of this script. */
  EncodedParts parts() {
    return parts;
  }

  /** {@code ,"key":…,"file":…} of its run frames, encoded once. */
  byte[] keyAndFile() {
    return keyAndFile;
  }

  @Override
  public String toString() {
    return "PythonScript[" + source.file() + "]";
  }
}
