package io.edrplaybook.core.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces every known secret value by {@code ****} wherever it appears in text. Longer secrets
 * are replaced first so a secret that contains another is masked whole. Immutable, thread-safe.
 */
public final class SecretMasker {
  /** What a secret becomes. */
  public static final String MASK = "****";
  private static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> secrets;

  private SecretMasker(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Returns a masker for {@code secrets}; blank values are ignored. */
  public static SecretMasker of(Collection<String> secrets) {
    List<String> s = new ArrayList<>();
    for (String v : secrets) {
      if (v != null && !v.isBlank() && !s.contains(v)) {
        s.add(v);
      }
    }
    if (s.isEmpty()) {
      return NONE;
    }
    s.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(List.copyOf(s));
  }

  /** Returns whether there is nothing to mask. */
  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  /** Returns {@code text} with every secret masked. */
  public String mask(String text) {
    if (text == null || text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      if (out.contains(s)) {
        out = out.replace(s, MASK);
      }
    }
    return out;
  }

  /** Returns a deep copy of a JSON-like value with every string (keys too) masked. */
  public Object maskValue(Object value) {
    if (secrets.isEmpty()) {
      return value;
    }
    if (value instanceof String s) {
      return mask(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(mask(String.valueOf(k)), maskValue(v)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(v -> out.add(maskValue(v)));
      return out;
    }
    return value;
  }

  /** Masks a result map. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> maskResult(Optional<Map<String, Object>> result) {
    if (secrets.isEmpty() || result.isEmpty()) {
      return result;
    }
    return Optional.of((Map<String, Object>) maskValue(result.get()));
  }
}
