package io.edrplaybook.core.internal.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replaces every known secret value by {@code ****} wherever it appears in text, in any of the
 * forms {@link SecretForms} lists (JSON-escaped, {@code repr}, URL-encoded, base64, HTTP basic
 * auth). Longer forms are replaced first so a secret that contains another is masked whole. Forms
 * are indexed by their first character, so text is scanned once whatever the number of
 * connectors, and values with nothing to mask are returned as they are, without a copy. A number
 * whose digits hold a secret becomes the text {@code ****}. Immutable, thread-safe.
 */
public final class SecretMasker {
  /** What a secret becomes. */
  public static final String MASK = "****";
  private static final SecretMasker NONE = new SecretMasker(List.of());

  private final List<String> secrets;
  private final Map<Character, String[]> byFirstChar = new HashMap<>();

  private SecretMasker(List<String> secrets) {
    this.secrets = secrets;
    Map<Character, List<String>> index = new HashMap<>();
    for (String s : secrets) {
      index.computeIfAbsent(s.charAt(0), c -> new ArrayList<>()).add(s);
    }
    index.forEach((c, l) -> byFirstChar.put(c, l.toArray(String[]::new)));
  }

  /** Returns a masker for {@code secrets} and their encoded forms; blank values are ignored. */
  public static SecretMasker of(Collection<String> secrets) {
    return of(secrets, List.of());
  }

  /**
   * Returns a masker for {@code secrets} and their encoded forms, and for the base64 forms of
   * each {@code user:password} pair (HTTP basic auth); blank values are ignored.
   *
   * @param basicAuth username → password pairs, as {@code Map.entry(username, password)}
   */
  public static SecretMasker of(Collection<String> secrets, Collection<Map.Entry<String, String>> basicAuth) {
    Set<String> s = new LinkedHashSet<>();
    for (String v : secrets) {
      if (v != null && !v.isBlank()) {
        s.addAll(SecretForms.of(v));
      }
    }
    for (Map.Entry<String, String> pair : basicAuth) {
      if (pair.getValue() != null && !pair.getValue().isBlank()) {
        s.addAll(SecretForms.basicAuth(pair.getKey(), pair.getValue()));
      }
    }
    s.removeIf(String::isBlank);
    if (s.isEmpty()) {
      return NONE;
    }
    List<String> sorted = new ArrayList<>(s);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretMasker(List.copyOf(sorted));
  }

  /**
   * Returns {@code text} cut to at most {@code cap} characters, with no beginning of a secret
   * left at the cut: call it on masked text. Text within the cap is returned as it is.
   */
  public String cap(String text, int cap) {
    if (text == null || text.length() <= cap) {
      return text;
    }
    int end = cap;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return withoutPartialSecretAtEnd(text.substring(0, end));
  }

  /**
   * Returns {@code text} without a trailing beginning of a secret: for text that was cut (by a
   * runner's output cap, say) right inside a secret, which masking cannot recognise any more.
   */
  public String withoutPartialSecretAtEnd(String text) {
    if (text == null || text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    int longest = secrets.get(0).length();
    int from = Math.max(0, text.length() - longest + 1);
    // one character of a secret tells nothing; cutting it would eat ordinary text at most cuts
    for (int i = from; i < text.length() - 1; i++) {
      String[] candidates = byFirstChar.get(text.charAt(i));
      if (candidates == null) {
        continue;
      }
      int tail = text.length() - i;
      for (String s : candidates) {
        if (s.length() > tail && s.regionMatches(0, text, i, tail)) {
          return text.substring(0, i);
        }
      }
    }
    return text;
  }

  /** Returns {@code text} with every secret masked; the same instance when it holds none. */
  public String mask(String text) {
    if (text == null || text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      String hit = match(text, i);
      if (hit == null) {
        i++;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(text, copied, i).append(MASK);
      i += hit.length();
      copied = i;
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, n).toString();
  }

  /** The longest secret that starts at {@code i}, or null. */
  private String match(String text, int i) {
    String[] candidates = byFirstChar.get(text.charAt(i));
    if (candidates == null) {
      return null;
    }
    for (String s : candidates) { // longest first
      if (text.startsWith(s, i)) {
        return s;
      }
    }
    return null;
  }

  /**
   * Returns a JSON-like value with every string (keys too) masked: the same instance when
   * nothing in it needed masking, else a copy.
   */
  public Object maskValue(Object value) {
    if (secrets.isEmpty()) {
      return value;
    }
    if (value instanceof String s) {
      return mask(s);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = null;
      int index = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        String mk = mask(k);
        Object v = e.getValue();
        Object mv = maskValue(v);
        if (out == null && (mk != k || mv != v)) {
          // first change: copy the entries before this one as they are
          out = new LinkedHashMap<>();
          int copied = 0;
          for (Map.Entry<?, ?> before : m.entrySet()) {
            if (copied++ == index) {
              break;
            }
            out.put(String.valueOf(before.getKey()), before.getValue());
          }
        }
        if (out != null) {
          out.put(mk, mv);
        }
        index++;
      }
      return out == null ? value : out;
    }
    if (value instanceof Number n) {
      return holdsSecret(n) ? MASK : value;
    }
    if (value instanceof List<?> l) {
      List<Object> out = null;
      for (int i = 0; i < l.size(); i++) {
        Object v = l.get(i);
        Object mv = maskValue(v);
        if (out == null && mv != v) {
          out = new ArrayList<>(l.subList(0, i));
        }
        if (out != null) {
          out.add(mv);
        }
      }
      return out == null ? value : out;
    }
    return value;
  }

  /** Whether a number's digits hold a secret (a numeric PIN or account number returned as a number). */
  private boolean holdsSecret(Number n) {
    String digits = n instanceof java.math.BigDecimal d ? d.toPlainString() : n.toString();
    if (mask(digits) != digits) {
      return true;
    }
    if ((n instanceof Double || n instanceof Float) && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 1e18) {
      String whole = Long.toString(n.longValue());
      return mask(whole) != whole;
    }
    return false;
  }

  /** Masks a result map. */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> maskResult(Optional<Map<String, Object>> result) {
    if (secrets.isEmpty() || result.isEmpty()) {
      return result;
    }
    Map<String, Object> masked = (Map<String, Object>) maskValue(result.get());
    return masked == result.get() ? result : Optional.of(masked);
  }
}
