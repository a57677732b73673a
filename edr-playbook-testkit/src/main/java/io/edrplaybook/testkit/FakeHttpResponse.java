package io.edrplaybook.testkit;

import java.util.Map;
import java.util.Objects;

/**
 * A canned answer of a {@link FakeHttpEndpoint}. Immutable and thread-safe.
 *
 * @param status the HTTP status, e.g. 200
 * @param contentType the {@code Content-Type} header
 * @param body the body, sent as UTF-8
 * @param headers further headers
 */
public record FakeHttpResponse(int status, String contentType, String body, Map<String, String> headers) {

  /** Validates and copies. */
  public FakeHttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    body = body == null ? "" : body;
    headers = Map.copyOf(headers);
  }

  /** A JSON answer: {@code Content-Type: application/json; charset=utf-8}. */
  public static FakeHttpResponse json(int status, String json) {
    return new FakeHttpResponse(status, "application/json; charset=utf-8", json, Map.of());
  }

  /** A plain-text answer. */
  public static FakeHttpResponse text(int status, String text) {
    return new FakeHttpResponse(status, "text/plain; charset=utf-8", text, Map.of());
  }

  /** Returns this answer with one more header. */
  public FakeHttpResponse withHeader(String name, String value) {
    java.util.HashMap<String, String> h = new java.util.HashMap<>(headers);
    h.put(name, value);
    return new FakeHttpResponse(status, contentType, body, h);
  }
}
