package io.edrplaybook.api;

import io.edrplaybook.api.internal.Problems;
import java.util.List;

/**
 * An API key. {@code toString()} masks it.
 *
 * @param key the key; never blank
 */
public record ApiKey(String key) implements Credentials {

  /** Validates the key. */
  public ApiKey {
    Problems p = new Problems();
    if (key == null || key.isBlank()) {
      p.add("apiKey", "must not be blank");
    }
    p.throwIfAny("API key");
  }

  @Override
  public List<String> secrets() {
    return List.of(key);
  }

  @Override
  public String type() {
    return "apiKey";
  }

  @Override
  public String toString() {
    return "ApiKey[****]";
  }
}
