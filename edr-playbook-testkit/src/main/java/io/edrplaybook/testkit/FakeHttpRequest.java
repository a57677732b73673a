package io.edrplaybook.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request a {@link FakeHttpEndpoint} received. Immutable and thread-safe. {@link #toString()}
 * shows no header values (an {@code Authorization} header holds a secret).
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the path, without the query, e.g. {@code /api/chat.postMessage}
 * @param query the raw query, empty when there is none
 * @param headers the headers, names lower-cased
 * @param body the body as UTF-8 text, empty when there is none
 */
public record FakeHttpRequest(String method, String path, String query, Map<String, List<String>> headers,
    String body) {

  /** Validates and copies; header names are lower-cased. */
  public FakeHttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    query = query == null ? "" : query;
    body = body == null ? "" : body;
    TreeMap<String, List<String>> h = new TreeMap<>();
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    headers = java.util.Collections.unmodifiableMap(h);
  }

  /** Returns the first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Method, path, header names and body length; never header values. */
  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " headers " + headers.keySet() + ", "
        + body.length() + " chars of body";
  }
}
